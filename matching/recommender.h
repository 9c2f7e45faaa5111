#ifndef RENFORT_MATCHING_RECOMMENDER_H_
#define RENFORT_MATCHING_RECOMMENDER_H_

#include <cstdint>
#include <vector>

#include "matching/involvement.h"
#include "matching/mission_index.h"
#include "matching/pair_rules.h"
#include "matching/top_k.h"
#include "matching/volunteer_index.h"

namespace renfort::matching {

// The best `limit` PUBLISHED missions for the volunteer in `volunteer_slot` (ACTIVE: the
// caller's check), by soft score with RecommendFactors (ties by mission id ascending). Every
// mission passes every pair hard rule and the volunteer is not involved in it; full missions
// are included (callers flag them "waitlist only"). Candidates: the in-person missions with an
// address within the volunteer's max_travel_km (when they accept in-person missions) and every
// remote mission (when they accept remote ones). ScoredCandidate::slot is the mission slot.
std::vector<ScoredCandidate> RecommendMissionsFor(uint32_t volunteer_slot,
                                                  const VolunteerIndex& volunteers,
                                                  const MissionIndex& missions,
                                                  const InvolvementSet& involvement,
                                                  const ScoringContext& context, int limit);

}  // namespace renfort::matching

#endif  // RENFORT_MATCHING_RECOMMENDER_H_
