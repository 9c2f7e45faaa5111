#ifndef RENFORT_STORAGE_VOLUNTEERS_VOLUNTEER_STORE_H_
#define RENFORT_STORAGE_VOLUNTEERS_VOLUNTEER_STORE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "renfort/v1/mission.pb.h"
#include "renfort/v1/notification.pb.h"
#include "renfort/v1/volunteer.pb.h"
#include "renfort/v1/volunteer_service.pb.h"
#include "storage/notifications/notification_schema.h"
#include "storage/pg/connection_pool.h"

namespace renfort::storage {

// Outbox event types of the volunteer aggregate (payload: the Volunteer after the change).
inline constexpr char kVolunteerRegistered[] = "volunteer.registered";
inline constexpr char kVolunteerUpdated[] = "volunteer.updated";
inline constexpr char kVolunteerAvailabilityChanged[] = "volunteer.availability_changed";
inline constexpr char kVolunteerPaused[] = "volunteer.paused";
inline constexpr char kVolunteerDeleted[] = "volunteer.deleted";

// Which volunteers ListVolunteers returns; every set criterion must hold.
struct VolunteerFilter {
  // Only these départements; empty means every département.
  std::vector<std::string> department_codes;
  // Only these statuses ("ACTIVE", "PAUSED"); empty means both. DELETED is never listed.
  std::vector<std::string> statuses;
  std::string domain_slug;  // "" for any
  std::string skill_slug;   // "" for any
  std::string email;        // "" for any; compared case-insensitively
  std::optional<bool> accepts_remote;
  std::optional<bool> accepts_in_person;
};

// The position after the last row served: ListVolunteers orders by (create_time, id).
struct VolunteerCursor {
  std::string create_time_micros;
  std::string id;
};

// Profiles of volunteers: every write is one transaction that also appends its outbox event,
// so a failed call leaves nothing behind and a committed one is always announced. Thread-safe
// (borrows the pool). `now` is the clock of the call, passed in so tests are deterministic.
class VolunteerStore {
 public:
  explicit VolunteerStore(ConnectionPool& pool) : pool_(pool) {}

  // A last check on a profile whose commune was resolved (e.g. the caller's scope over its
  // département); a non-OK status aborts the write.
  using Check = std::function<absl::Status(const renfort::v1::Volunteer&)>;

  // Creates `volunteer` (ACTIVE, terms accepted at `now`; a new UUID when its id is empty) after
  // resolving its home commune, checking its skills and email, then `authorize`. ALREADY_EXISTS
  // when the id has a profile or the email is taken; INVALID_ARGUMENT naming the field for an
  // unknown commune or skill. Appends volunteer.registered.
  absl::StatusOr<renfort::v1::Volunteer> Register(const renfort::v1::Volunteer& volunteer,
                                                  absl::Time now, const Check& authorize);

  // NOT_FOUND for an unknown id.
  absl::StatusOr<renfort::v1::Volunteer> Get(const std::string& id);

  // Reads the volunteer under a row lock, lets `change` edit it (or refuse: its status is
  // returned and nothing is written), then resolves the commune again, checks skills, email and
  // `authorize`, writes the result and appends `event_type` with the new state. `change` runs
  // inside the transaction and may be retried with it: it must have no other effect.
  using Change = std::function<absl::Status(renfort::v1::Volunteer&)>;
  absl::StatusOr<renfort::v1::Volunteer> Modify(const std::string& id, const Change& change,
                                                const Check& authorize,
                                                const std::string& event_type, absl::Time now);

  // Whether the volunteer applied to a mission of one of `organisation_ids` or accepted one of
  // their invitations (RestrictVolunteerView's "related").
  absl::StatusOr<bool> IsRelatedTo(const std::string& id,
                                   const std::vector<std::string>& organisation_ids);

  // Up to `limit` volunteers matching `filter` after `after` (none: from the start), ordered by
  // create_time then id; `next` is set when more may follow.
  absl::StatusOr<std::vector<renfort::v1::Volunteer>> List(
      const VolunteerFilter& filter, const std::optional<VolunteerCursor>& after, int limit,
      std::optional<VolunteerCursor>& next);

  // Records that the volunteer called an RPC at `now`, to the hour (Volunteer.last_active_time).
  // Not a profile change: update_time and the outbox are untouched.
  absl::Status TouchLastActive(const std::string& id, absl::Time now);

  // Everything held about the volunteer (profile, participations with transitions,
  // invitations, notifications), read in one snapshot; export_time is `now`.
  absl::StatusOr<renfort::v1::ExportVolunteerDataResponse> Export(const std::string& id,
                                                                  absl::Time now);

  // Erases the volunteer in one transaction: see EraseVolunteer (volunteer_erasure.h).
  absl::StatusOr<renfort::v1::DeleteVolunteerResponse> Delete(const std::string& id,
                                                              absl::Time now);

  // The notifications of `inbox` (a volunteer's, an organisation's or a département's), newest
  // first, keyset-paged on (create_time, id) like List. NOT_FOUND for a volunteer or an
  // organisation that does not exist. The caller checks who may read it.
  absl::StatusOr<std::vector<renfort::v1::Notification>> ListNotifications(
      const Inbox& inbox, const std::optional<VolunteerCursor>& after, int limit,
      std::optional<VolunteerCursor>& next);

  // The missions of the volunteer's ACCEPTED participations, each with id, title, time_zone,
  // department_code and schedule (dated slots as local dates and minutes), paired with the
  // participation's id. Ordered by participation id, so the feed is stable.
  absl::StatusOr<std::vector<std::pair<std::string, renfort::v1::Mission>>> AcceptedMissions(
      const std::string& id);

 private:
  ConnectionPool& pool_;
};

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_VOLUNTEERS_VOLUNTEER_STORE_H_
