#ifndef RENFORT_STORAGE_VOLUNTEERS_PARTICIPATION_ROWS_H_
#define RENFORT_STORAGE_VOLUNTEERS_PARTICIPATION_ROWS_H_

// Read-only views, from the volunteer's side, of tables the missions service writes
// (participations and their transitions, invitations; the inboxes are in notification_rows.h).
// The volunteer service reads them for the export, the erasure and the calendar; it never
// changes their rules.

#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "renfort/v1/matching.pb.h"
#include "renfort/v1/participation.pb.h"

namespace renfort::storage {

// One participation with its transitions, oldest first; NOT_FOUND naming the id.
absl::StatusOr<renfort::v1::Participation> ReadParticipationForExport(pqxx::transaction_base& txn,
                                                             const std::string& id);
// Every participation of the volunteer, with transitions, oldest first (create_time, id).
std::vector<renfort::v1::Participation> ReadVolunteerParticipations(
    pqxx::transaction_base& txn, const std::string& volunteer_id);
// Every invitation sent to the volunteer, with its score breakdown, oldest first.
std::vector<renfort::v1::Invitation> ReadVolunteerInvitations(pqxx::transaction_base& txn,
                                                              const std::string& volunteer_id);

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_VOLUNTEERS_PARTICIPATION_ROWS_H_
