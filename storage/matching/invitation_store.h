#ifndef RENFORT_STORAGE_MATCHING_INVITATION_STORE_H_
#define RENFORT_STORAGE_MATCHING_INVITATION_STORE_H_

#include <optional>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "renfort/v1/matching.pb.h"
#include "renfort/v1/mission.pb.h"
#include "renfort/v1/participation.pb.h"
#include "renfort/v1/volunteer.pb.h"

namespace renfort::storage {

// SQL of invitations (migration 0006) and of the participation an accepted invitation creates.
// Every function runs inside the caller's transaction and throws nothing: libpqxx errors come
// back as statuses mapped by StatusFromCurrentException.

// Locks the mission row (FOR UPDATE, so concurrent invitations and acceptances of one mission
// queue) and returns its id, organisation_id, department_code, time_zone, status, places,
// places_held and end_date. NOT_FOUND when it does not exist.
absl::StatusOr<renfort::v1::Mission> LockMissionForMatching(pqxx::transaction_base& txn,
                                                            const std::string& mission_id);

// Missions' organisation and département, for scope checks, without locking. Missing ids are
// absent from the result.
absl::StatusOr<std::vector<renfort::v1::Mission>> ReadMissionScopes(
    pqxx::transaction_base& txn, const std::vector<std::string>& mission_ids);

// The volunteers who received an invitation of any status for the mission.
absl::StatusOr<absl::flat_hash_set<std::string>> SolicitedVolunteers(pqxx::transaction_base& txn,
                                                                     const std::string& mission_id);

// Inserts `invitation` (mission_id, volunteer_id, score, breakdown, create_time, expire_time)
// as PROPOSED and sets its id, status and organisation_id. ALREADY_EXISTS when the volunteer
// already has a PROPOSED invitation for the mission.
absl::Status InsertInvitation(pqxx::transaction_base& txn, renfort::v1::Invitation& invitation);

// One invitation with its mission's summary; `for_update` locks its row. NOT_FOUND when absent.
absl::StatusOr<renfort::v1::Invitation> ReadInvitation(pqxx::transaction_base& txn,
                                                       const std::string& invitation_id,
                                                       bool for_update);

// Sets status ACCEPTED or DECLINED, respond_time and (when accepted) participation_id.
absl::Status RecordInvitationAnswer(pqxx::transaction_base& txn,
                                    renfort::v1::Invitation& invitation, absl::Time now);

// The schema's name of `status` ("PROPOSED", "ACCEPTED", "DECLINED", "EXPIRED"); "" for
// UNSPECIFIED or an unknown value.
std::string InvitationStatusName(renfort::v1::InvitationStatus status);

struct InvitationFilter {
  std::string volunteer_id;  // exactly one of volunteer_id and mission_id is set
  std::string mission_id;
  std::vector<std::string> statuses;  // schema names ("PROPOSED"); empty for all
  // Keyset position: rows strictly after (create_time, id) in newest-first order.
  std::optional<std::pair<int64_t, std::string>> after;  // (create micros, id)
  int limit = 20;
};
// Newest first (create_time descending, then id ascending).
absl::StatusOr<std::vector<renfort::v1::Invitation>> ListInvitations(
    pqxx::transaction_base& txn, const InvitationFilter& filter);
// Unix microseconds of an invitation's create_time as stored (for page tokens).
int64_t CreateMicros(const renfort::v1::Invitation& invitation);

// Marks EXPIRED up to `limit` PROPOSED invitations whose expire_time is at or before `now`, or
// whose mission is CLOSED or CANCELLED, and returns them (with their mission's summary). Rows
// another transaction holds are skipped (SKIP LOCKED), so several processes may sweep at once.
absl::StatusOr<std::vector<renfort::v1::Invitation>> ExpireInvitations(pqxx::transaction_base& txn,
                                                                       absl::Time now, int limit);

// What organisations may see of ranked volunteers, by id, computed for a mission starting on
// `mission_start` (for `minor`). Missing ids are absent.
absl::StatusOr<absl::flat_hash_map<std::string, renfort::v1::VolunteerSummary>>
ReadVolunteerSummaries(pqxx::transaction_base& txn, const std::vector<std::string>& volunteer_ids,
                       const renfort::v1::Date& mission_start);

// Organisation and home département of a volunteer (empty when absent), for scope checks.
absl::StatusOr<std::optional<renfort::v1::Volunteer>> ReadVolunteerScope(
    pqxx::transaction_base& txn, const std::string& volunteer_id);

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_MATCHING_INVITATION_STORE_H_
