#ifndef RENFORT_SERVICES_MATCHING_INVITATION_WRITER_H_
#define RENFORT_SERVICES_MATCHING_INVITATION_WRITER_H_

#include <pqxx/transaction_base>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "renfort/v1/matching.pb.h"
#include "renfort/v1/mission.pb.h"

namespace renfort::services {

// When an invitation created at `now` expires: `lifetime` later, but never after the end of
// the mission's last local day (`mission` as LockMissionForMatching returns it).
absl::Time InvitationExpiry(const renfort::v1::Mission& mission, absl::Time now,
                            absl::Duration lifetime);

// Creates one PROPOSED invitation for a locked, PUBLISHED mission inside `txn`, with its
// `invitation.created` outbox event (the notifier tells the volunteer; the indexers count the
// exposure). ALREADY_EXISTS when the volunteer already has a PROPOSED one for the mission.
absl::StatusOr<renfort::v1::Invitation> CreateInvitation(
    pqxx::transaction_base& txn, const renfort::v1::Mission& mission,
    const std::string& volunteer_id, double score, const renfort::v1::ScoreBreakdown& breakdown,
    absl::Time now);

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_MATCHING_INVITATION_WRITER_H_
