#ifndef RENFORT_STORAGE_MISSIONS_MISSION_STORE_H_
#define RENFORT_STORAGE_MISSIONS_MISSION_STORE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "renfort/v1/mission.pb.h"
#include "renfort/v1/mission_service.pb.h"
#include "renfort/v1/organisation.pb.h"
#include "storage/missions/visibility.h"
#include "storage/pg/connection_pool.h"

namespace renfort::storage {

// Checks the caller may act on a mission of an organisation; its error is returned as is.
using MissionGuard = std::function<absl::Status(const v1::Mission&, const v1::Organisation&)>;

// One status change of the mission lifecycle (mission.proto), as the service describes it.
struct MissionStatusChange {
  std::string rpc;                      // "PauseMission", for messages
  std::vector<v1::MissionStatus> from;  // statuses the change applies to
  v1::MissionStatus to = v1::MISSION_STATUS_UNSPECIFIED;
  std::optional<std::string> reason;  // new status_reason; unset keeps the old one
  std::string reviewer;               // JWT subject recorded as reviewer, for reviews
  bool requires_validated_organisation = false;
  bool refuse_when_ended = false;  // FAILED_PRECONDITION once end_date has passed
  std::vector<std::string> participations_to_cancel;  // statuses, see mission_ending.h
  bool expire_invitations = false;
  std::string actor_role;  // for participation transitions
  std::string actor_id;
  std::vector<std::string> events;  // outbox event types, in order
  absl::Time now;
};

// Missions in PostgreSQL. Takes and returns renfort.v1.Mission; each write is one transaction
// with its outbox events, so a failed call leaves nothing behind. Thread-safe.
class MissionStore {
 public:
  explicit MissionStore(ConnectionPool& pool) : pool_(pool) {}

  // Creates `mission` (validated, start/end dates derived) in DRAFT for its organisation, once
  // `guard` accepts (the mission has no id yet). NOT_FOUND for an unknown organisation.
  // Appends mission.created.
  absl::StatusOr<v1::Mission> Create(const v1::Mission& mission, const MissionGuard& guard);

  // Mission `id` once `guard` accepts it. NOT_FOUND when missing.
  absl::StatusOr<v1::Mission> Get(absl::string_view id, const MissionGuard& guard);

  // Reads mission `id` locked, lets `change` check and edit it (its error is returned as is),
  // writes the result and appends mission.updated.
  absl::StatusOr<v1::Mission> Update(
      absl::string_view id,
      const std::function<absl::Status(const v1::Organisation&, v1::Mission&)>& change);

  // One page of ListMissions: missions matching `request`'s filters and `visibility`, newest
  // first (create_time descending, then id descending), after `after` ({create micros, id}).
  absl::StatusOr<std::vector<v1::Mission>> List(const v1::ListMissionsRequest& request,
                                                const Visibility& visibility, int limit,
                                                const std::vector<std::string>& after);

  // Applies `change` to mission `id` after `guard`: FAILED_PRECONDITION when the mission is not
  // in one of change.from, when the organisation must be VALIDATED and is not, or when the
  // mission has ended and must not have.
  absl::StatusOr<v1::Mission> ChangeStatus(absl::string_view id, const MissionStatusChange& change,
                                           const MissionGuard& guard);

 private:
  ConnectionPool& pool_;
};

// The local date of `now` in the mission's time zone is after its end date.
bool MissionHasEnded(const v1::Mission& mission, absl::Time now);

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_MISSIONS_MISSION_STORE_H_
