#ifndef RENFORT_STORAGE_MISSIONS_MISSION_ENDING_H_
#define RENFORT_STORAGE_MISSIONS_MISSION_ENDING_H_

// What ending a mission does to the people involved, in the transaction that ends it: active
// participations cancelled with reason mission_terminated (each with its transition row and a
// participation.transitioned event) and pending invitations expired.

#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace renfort::storage {

// Participation statuses a closing cancels (ACCEPTED ones stay, to be marked DONE or NO_SHOW).
const std::vector<std::string>& OpenApplicationStatuses();
// Participation statuses a cancellation cancels: every active one.
const std::vector<std::string>& ActiveParticipationStatuses();

// Cancels the participations of `mission_id` whose status is in `statuses`, recording
// `actor_role` ("org_manager", "coordinator", "admin" or "system", whose `actor_id` is empty)
// at `now`. Returns how many were cancelled.
int CancelParticipations(pqxx::transaction_base& txn, absl::string_view mission_id,
                         absl::string_view organisation_id,
                         const std::vector<std::string>& statuses, absl::string_view actor_role,
                         absl::string_view actor_id, absl::Time now);

// Expires the PROPOSED invitations of `mission_id`. Returns how many.
int ExpireInvitations(pqxx::transaction_base& txn, absl::string_view mission_id);

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_MISSIONS_MISSION_ENDING_H_
