// Participations in PostgreSQL: applications, their transitions with the full history, and the
// waitlist. Every write runs in one transaction that first locks the mission row
// (SELECT … FOR UPDATE), so the place decision, the waitlist promotion and the outbox events
// are atomic under concurrent requests, and a failed call leaves nothing behind.
#ifndef RENFORT_STORAGE_MISSIONS_PARTICIPATION_STORE_H_
#define RENFORT_STORAGE_MISSIONS_PARTICIPATION_STORE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "renfort/v1/mission.pb.h"
#include "renfort/v1/participation.pb.h"
#include "renfort/v1/volunteer.pb.h"
#include "storage/missions/participation_rows.h"
#include "storage/pg/connection_pool.h"

namespace renfort::storage {

// Which participations ListParticipations reads, and from where (keyset paging on
// (create_time, id)).
struct ParticipationQuery {
  ParticipationVisibility visibility;
  std::string mission_id;                                  // '' for any
  std::string volunteer_id;                                // '' for any
  std::string organisation_id;                             // '' for any
  std::string department_code;                             // '' for any
  std::vector<renfort::v1::ParticipationStatus> statuses;  // empty for any
  bool after_set = false;  // resume after (after_create_micros, after_id)
  int64_t after_create_micros = 0;
  std::string after_id;
  int limit = 20;
};

class ParticipationStore {
 public:
  // Called inside the transaction, after the mission row is locked, with the mission
  // (id, organisation_id, status, format, start_date, time_zone, places, places_held,
  // open_to_minors, motivation_required) and the volunteer (status, birth_date,
  // accepts_in_person, accepts_remote). A non-OK status aborts the call.
  using ApplyCheck = std::function<absl::Status(const renfort::v1::Mission& mission,
                                                const renfort::v1::Volunteer& volunteer)>;
  // Called inside the transaction with the participation locked; returns it in its next
  // state: status, reason, hours_given, check_in/out times set, and the new transition
  // appended last to `transitions` (its transition_time is ignored: the commit's time is
  // stored). A non-OK status aborts the call.
  using Decide = std::function<absl::StatusOr<renfort::v1::Participation>(
      const renfort::v1::Participation& current)>;
  // Called before a participation becomes ACCEPTED, with the volunteer row locked, with the
  // mission and the missions of the volunteer's other ACCEPTED participations (id, title,
  // time_zone and schedule filled, slots in local time).
  using ScheduleCheck = std::function<absl::Status(
      const renfort::v1::Mission& mission, const std::vector<renfort::v1::Mission>& accepted)>;

  explicit ParticipationStore(ConnectionPool& pool) : pool_(pool) {}

  // Creates the participation of `volunteer_id` in `mission_id`: PENDING when the mission has a
  // place left, WAITLISTED otherwise, with its first transition (actor `actor`) and a
  // participation.created event. NOT_FOUND for an unknown mission or volunteer,
  // ALREADY_EXISTS when the volunteer has an active participation in the mission, and
  // whatever `check` returns.
  absl::StatusOr<renfort::v1::Participation> Apply(const std::string& mission_id,
                                                   const std::string& volunteer_id,
                                                   const std::string& motivation,
                                                   const renfort::v1::Actor& actor,
                                                   const ApplyCheck& check);

  // The participation with its transitions, when `visibility` lets its reader see it;
  // NOT_FOUND otherwise (unknown or invisible: the caller cannot tell which).
  absl::StatusOr<renfort::v1::Participation> Get(const std::string& participation_id,
                                                 const ParticipationVisibility& visibility);

  // One page of participations, oldest first (create_time, then id), with transitions.
  absl::StatusOr<std::vector<renfort::v1::Participation>> List(const ParticipationQuery& query);

  // Moves a participation to the state `decide` returns, appends the transition and a
  // participation.transitioned event; when the change frees a place, promotes the first
  // waitlisted participations (WAITLISTED → PENDING, actor SYSTEM, one event each) in the same
  // transaction. NOT_FOUND for an unknown participation.
  absl::StatusOr<renfort::v1::Participation> Transition(const std::string& participation_id,
                                                        const Decide& decide,
                                                        const ScheduleCheck& check_schedules);

 private:
  ConnectionPool& pool_;
};

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_MISSIONS_PARTICIPATION_STORE_H_
