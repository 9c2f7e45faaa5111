#include "matching/ranker.h"

#include <algorithm>
#include <bit>
#include <limits>

namespace renfort::matching {
namespace {

// Volunteers sharing one upper bound and one distance (a home group, or a remote list).
struct Bucket {
  double bound;
  double distance_km;
  const std::vector<uint32_t>* slots;
};

std::vector<Bucket> InPersonBuckets(const MissionRecord& mission,
                                    const VolunteerIndex& volunteers,
                                    const EffectiveWeights& weights) {
  std::vector<Bucket> buckets;
  for (const VolunteerIndex::GroupInReach& reach : volunteers.GroupsInReach(mission.addresses)) {
    const VolunteerIndex::HomeGroup& group = *reach.group;
    const int common_hours = group.hours.CommonCount(mission.hours);
    if (common_hours == 0) continue;  // nobody in the group can pass the availability rule
    std::array<double, kFactorCount> best{};
    best[static_cast<int>(Factor::kProximity)] =
        ProximityValue(reach.distance_km, group.max_travel_km);
    best[static_cast<int>(Factor::kSkillCoverage)] =
        SkillCoverageValue(std::popcount(group.skills & mission.skills), mission.skill_count);
    best[static_cast<int>(Factor::kDomainInterest)] =
        DomainInterestValue(group.domains, mission.main_domain, mission.secondary_domain);
    best[static_cast<int>(Factor::kAvailabilityOverlap)] =
        AvailabilityValue(common_hours, mission.hour_count);
    best[static_cast<int>(Factor::kReliability)] = 1;
    best[static_cast<int>(Factor::kRecency)] = 1;
    best[static_cast<int>(Factor::kFairness)] = 1;
    buckets.push_back({weights.Score(best), reach.distance_km, &group.slots});
  }
  return buckets;
}

std::vector<Bucket> RemoteBuckets(const MissionRecord& mission, const VolunteerIndex& volunteers,
                                  const EffectiveWeights& weights) {
  std::vector<Bucket> buckets;
  for (int domains = 0; domains < VolunteerIndex::kDomainSets; ++domains) {
    const std::vector<uint32_t>& slots = volunteers.RemoteWithDomains(domains);
    if (slots.empty()) continue;
    std::array<double, kFactorCount> best{};
    best[static_cast<int>(Factor::kSkillCoverage)] = 1;
    best[static_cast<int>(Factor::kDomainInterest)] = DomainInterestValue(
        static_cast<uint16_t>(domains), mission.main_domain, mission.secondary_domain);
    best[static_cast<int>(Factor::kAvailabilityOverlap)] = 1;
    best[static_cast<int>(Factor::kReliability)] = 1;
    best[static_cast<int>(Factor::kRecency)] = 1;
    best[static_cast<int>(Factor::kFairness)] = 1;
    buckets.push_back(
        {weights.Score(best), std::numeric_limits<double>::quiet_NaN(), &slots});
  }
  return buckets;
}

}  // namespace

std::vector<ScoredCandidate> RankVolunteersFor(const MissionRecord& mission,
                                               const VolunteerIndex& volunteers,
                                               const InvolvementSet& involvement,
                                               const ScoringContext& context,
                                               const RankOptions& options) {
  const EffectiveWeights weights(*context.weights, RankFactors(mission.in_person));
  std::vector<Bucket> buckets = mission.in_person
                                    ? InPersonBuckets(mission, volunteers, weights)
                                    : RemoteBuckets(mission, volunteers, weights);
  std::stable_sort(buckets.begin(), buckets.end(),
                   [](const Bucket& a, const Bucket& b) { return a.bound > b.bound; });

  const int cap = context.weights->monthly_invitation_cap;
  TopK top(options.limit);
  FactorValues values;
  for (const Bucket& bucket : buckets) {
    if (top.full() && bucket.bound < top.threshold()) break;
    for (uint32_t slot : *bucket.slots) {
      const VolunteerRecord& volunteer = volunteers.record(slot);
      if (!PassesPairRules(volunteer, mission, bucket.distance_km)) continue;
      if (options.skip_at_invitation_cap &&
          volunteer.InvitationsIn(context.month_number) >= cap) {
        continue;
      }
      ComputeFactors(volunteer, mission, bucket.distance_km, 0, 0, context, values);
      const double score = weights.Score(values.normalised);
      const Uuid& id = volunteers.id(slot);
      if (!top.Accepts(score, id) || involvement.Contains(mission.id, id)) continue;
      top.Push({score, id, slot, bucket.distance_km});
    }
  }
  return top.TakeSorted();
}

}  // namespace renfort::matching
