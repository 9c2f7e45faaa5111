#ifndef RENFORT_STORAGE_VOLUNTEERS_PARTICIPATION_ROWS_H_
#define RENFORT_STORAGE_VOLUNTEERS_PARTICIPATION_ROWS_H_

// Read-only views, from the volunteer's side, of tables the missions service writes
// (participations and their transitions, invitations) and of the notifier's inbox rows. The
// volunteer service reads them for the export, the erasure and the calendar; it never changes
// their rules.

#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "renfort/v1/matching.pb.h"
#include "renfort/v1/notification.pb.h"
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

// Notification rows of the volunteer's inbox. `newest_first` orders by (create_time, id)
// descending, else ascending. When `before_micros`/`before_id` are set, only rows strictly after
// that position in the chosen order. At most `limit` rows (0: no limit).
std::vector<renfort::v1::Notification> ReadVolunteerNotifications(
    pqxx::transaction_base& txn, const std::string& volunteer_id, bool newest_first,
    const std::string& before_micros, const std::string& before_id, int limit);

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_VOLUNTEERS_PARTICIPATION_ROWS_H_
