#ifndef RENFORT_MATCHING_STAFF_EVENT_H_
#define RENFORT_MATCHING_STAFF_EVENT_H_

#include "absl/status/statusor.h"
#include "matching/involvement.h"
#include "matching/mission_index.h"
#include "matching/pair_rules.h"
#include "matching/volunteer_index.h"
#include "renfort/v1/matching_service.pb.h"

namespace renfort::matching {

// StaffEvent on the index (MatchingEngine::StaffEvent holds the lock): gathers the candidate
// pairs that pass every hard rule (from the request's pool, or each mission's top-ranked
// volunteers), drops pairs below min_score, and solves the assignment exactly
// (SolveOptimalStaffing) and greedily (SolveGreedyStaffing). Pair scores are RankVolunteers'
// scores. Errors as documented on MatchingEngine::StaffEvent.
absl::StatusOr<renfort::v1::StaffEventResponse> StaffEventOn(
    const renfort::v1::StaffEventRequest& request, const VolunteerIndex& volunteers,
    const MissionIndex& missions, const InvolvementSet& involvement,
    const ScoringContext& context);

}  // namespace renfort::matching

#endif  // RENFORT_MATCHING_STAFF_EVENT_H_
