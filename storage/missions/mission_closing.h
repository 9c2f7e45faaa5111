#ifndef RENFORT_STORAGE_MISSIONS_MISSION_CLOSING_H_
#define RENFORT_STORAGE_MISSIONS_MISSION_CLOSING_H_

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/pg/connection_pool.h"

namespace renfort::storage {

// What one run of the daily closing did.
struct ClosingReport {
  int missions_closed = 0;
  int applications_cancelled = 0;
};

// Closes every PUBLISHED or PAUSED mission whose end date is at least one month before the
// local date of `now` in the mission's time zone (a mission ending on 31 January closes on
// 28 or 29 February), as DESIGN.md §1 asks. Each mission is closed in its own transaction, like
// CloseMission: its WAITLISTED, PENDING and IN_REVIEW participations are cancelled with reason
// mission_terminated by the SYSTEM actor (ACCEPTED ones stay, to be marked DONE or NO_SHOW), its
// PROPOSED invitations expire, and mission.closed and participation.transitioned events are
// appended. Open-ended recurring missions are never closed. Safe to run again or concurrently:
// a mission already closed is skipped.
absl::StatusOr<ClosingReport> CloseEndedMissions(ConnectionPool& pool, absl::Time now);

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_MISSIONS_MISSION_CLOSING_H_
