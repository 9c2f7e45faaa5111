#ifndef RENFORT_MATCHING_RANKER_H_
#define RENFORT_MATCHING_RANKER_H_

#include <vector>

#include "matching/involvement.h"
#include "matching/pair_rules.h"
#include "matching/records.h"
#include "matching/top_k.h"
#include "matching/volunteer_index.h"

namespace renfort::matching {

struct RankOptions {
  // How many volunteers to return, ≥ 0.
  int limit = 50;
  // Leaves out volunteers who already received ScoringWeights::monthly_invitation_cap
  // invitations this month (what InviteVolunteers needs).
  bool skip_at_invitation_cap = false;
};

// The best `options.limit` volunteers for `mission` by soft score (ties by id ascending), every
// one passing every pair hard rule (PassesPairRules) and not involved in the mission. Whether
// the mission is PUBLISHED with places left is the caller's check.
//
// How: the candidate sets of the mission's format (home groups in reach of an address, or the
// remote lists) become buckets with an upper bound of their members' scores (from the
// distance, the members' travel, domains, skills and hours unions, and 1 for the volunteer
// factors). Buckets are scanned best bound first; once the k-th best score exceeds the bound of
// the next bucket, every remaining bucket is skipped. Results equal a full scan's.
std::vector<ScoredCandidate> RankVolunteersFor(const MissionRecord& mission,
                                               const VolunteerIndex& volunteers,
                                               const InvolvementSet& involvement,
                                               const ScoringContext& context,
                                               const RankOptions& options);

}  // namespace renfort::matching

#endif  // RENFORT_MATCHING_RANKER_H_
