#include "matching/ranker.h"

#include <algorithm>
#include <bit>
#include <limits>

namespace renfort::matching {
namespace {

// Volunteers sharing one upper bound and one distance: a home group (`group` set), or the
// remote list of one exact set of domains. Small, because a dense area has thousands.
struct Bucket {
  double bound;
  double distance_km;  // home groups: a lower bound until `exact`
  const OrderedSlots* slots;
  const VolunteerIndex::HomeGroup* group;  // nullptr for a remote list
  uint32_t order;                          // position in the index's order, for ties
  uint16_t domains;                        // remote lists: their domains
  bool exact;                              // distance_km is the exact distance (or remote)
};

// "a is visited before b": higher bound first, then the index's order (deterministic).
bool VisitsBefore(const Bucket& a, const Bucket& b) {
  return a.bound != b.bound ? a.bound > b.bound : a.order < b.order;
}

// The best value each factor can take in the bucket (reliability 1: the caller lowers it
// along the list).
std::array<double, kFactorCount> BestFactors(const Bucket& bucket, const MissionRecord& mission) {
  std::array<double, kFactorCount> best{};
  if (bucket.group != nullptr) {
    const VolunteerIndex::HomeGroup& group = *bucket.group;
    best[static_cast<int>(Factor::kProximity)] =
        ProximityValue(bucket.distance_km, group.max_travel_km);
    best[static_cast<int>(Factor::kSkillCoverage)] =
        SkillCoverageValue(std::popcount(group.skills & mission.skills), mission.skill_count);
    best[static_cast<int>(Factor::kDomainInterest)] =
        DomainInterestValue(group.domains, mission.main_domain, mission.secondary_domain);
    best[static_cast<int>(Factor::kAvailabilityOverlap)] =
        AvailabilityValue(group.hours.CommonCount(mission.hours), mission.hour_count);
  } else {
    best[static_cast<int>(Factor::kSkillCoverage)] = 1;
    best[static_cast<int>(Factor::kDomainInterest)] =
        DomainInterestValue(bucket.domains, mission.main_domain, mission.secondary_domain);
    best[static_cast<int>(Factor::kAvailabilityOverlap)] = 1;
  }
  best[static_cast<int>(Factor::kReliability)] = 1;
  best[static_cast<int>(Factor::kRecency)] = 1;
  best[static_cast<int>(Factor::kFairness)] = 1;
  return best;
}

// Home groups bounded with a lower bound of their distance: the exact distance is computed
// when a group's turn comes (see RankVolunteersFor), so groups never visited cost no
// trigonometry.
// The vectors of one query, kept by each thread from one query to the next: a Paris mission
// meets about ten thousand home groups, and vectors of that size allocated afresh cost
// allocations and page faults on every call.
struct Scratch {
  std::vector<Bucket> buckets;
  std::vector<VolunteerIndex::GroupNear> near;
};
Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

void InPersonBuckets(const MissionRecord& mission, const VolunteerIndex& volunteers,
                     const EffectiveWeights& weights, std::vector<Bucket>& buckets) {
  std::vector<VolunteerIndex::GroupNear>& near = ThreadScratch().near;
  near.clear();
  volunteers.GroupsNear(mission.addresses, near);
  buckets.reserve(near.size());
  for (const VolunteerIndex::GroupNear& candidate : near) {
    const VolunteerIndex::HomeGroup& group = *candidate.group;
    // Nobody in the group can pass the availability rule.
    if (!group.hours.Intersects(mission.hours)) continue;
    Bucket bucket{0, candidate.distance_lower_bound_km, &group.slots, &group,
                  static_cast<uint32_t>(buckets.size()), 0, false};
    bucket.bound = weights.Score(BestFactors(bucket, mission));
    buckets.push_back(bucket);
  }
}

void RemoteBuckets(const MissionRecord& mission, const VolunteerIndex& volunteers,
                   const EffectiveWeights& weights, std::vector<Bucket>& buckets) {
  for (int domains = 0; domains < VolunteerIndex::kDomainSets; ++domains) {
    const OrderedSlots& slots = volunteers.RemoteWithDomains(domains);
    if (slots.empty()) continue;
    Bucket bucket{0, std::numeric_limits<double>::quiet_NaN(), &slots, nullptr,
                  static_cast<uint32_t>(buckets.size()), static_cast<uint16_t>(domains), true};
    bucket.bound = weights.Score(BestFactors(bucket, mission));
    buckets.push_back(bucket);
  }
}

constexpr size_t kPrefetchAhead = 16;

// A 48-byte record may straddle two cache lines.
void PrefetchRecord(const VolunteerIndex& volunteers, uint32_t slot) {
  const char* record = reinterpret_cast<const char*>(&volunteers.record(slot));
  __builtin_prefetch(record);
  __builtin_prefetch(record + sizeof(VolunteerRecord) - 1);
}

}  // namespace

std::vector<ScoredCandidate> RankVolunteersFor(const MissionRecord& mission,
                                               const VolunteerIndex& volunteers,
                                               const InvolvementSet& involvement,
                                               const ScoringContext& context,
                                               const RankOptions& options) {
  const EffectiveWeights weights(*context.weights, RankFactors(mission.in_person));
  std::vector<Bucket>& buckets = ThreadScratch().buckets;
  buckets.clear();
  if (mission.in_person) {
    InPersonBuckets(mission, volunteers, weights, buckets);
  } else {
    RemoteBuckets(mission, volunteers, weights, buckets);
  }
  // Buckets are taken best bound first from a heap: most queries stop after a small share
  // of them, so sorting them all would be wasted.
  auto heap_order = [](const Bucket& a, const Bucket& b) { return VisitsBefore(b, a); };
  std::make_heap(buckets.begin(), buckets.end(), heap_order);

  const int cap = context.weights->monthly_invitation_cap;
  TopK top(options.limit);
  FactorValues values;
  // `reliability_bound`: no candidate of the rest of the list is more reliable.
  auto consider = [&](const Bucket& bucket, uint32_t slot, double reliability_bound) {
    const VolunteerRecord& volunteer = volunteers.record(slot);
    if (!PassesPairRules(volunteer, mission, bucket.distance_km)) return;
    if (top.full() && QuickScoreBound(volunteer, mission, bucket.distance_km, reliability_bound,
                                      0, weights, context) < top.threshold()) {
      return;
    }
    if (options.skip_at_invitation_cap && volunteer.InvitationsIn(context.month_number) >= cap) {
      return;
    }
    ComputeFactors(volunteer, mission, bucket.distance_km, 0, 0, context, values);
    const double score = weights.Score(values.normalised);
    const Uuid& id = volunteers.id(slot);
    if (!top.Accepts(score, id) || involvement.Contains(mission.id, id)) return;
    top.Push({score, id, slot, bucket.distance_km});
  };
  for (auto end = buckets.end(); end != buckets.begin();) {
    std::pop_heap(buckets.begin(), end, heap_order);
    Bucket& bucket = *(end - 1);
    if (top.full() && bucket.bound < top.threshold()) break;
    if (!bucket.exact) {
      // Its turn on the lower bound: now the exact distance, then back into the heap with the
      // exact bound (no higher), unless nobody in the group can travel that far.
      bucket.distance_km = VolunteerIndex::NearestKm(mission.addresses, bucket.group->home);
      if (!(bucket.distance_km <= bucket.group->max_travel_km)) {
        --end;
        continue;
      }
      bucket.exact = true;
      bucket.bound = weights.Score(BestFactors(bucket, mission));
      std::push_heap(buckets.begin(), end, heap_order);
      continue;
    }
    --end;  // the bucket leaves the heap
    std::array<double, kFactorCount> best = BestFactors(bucket, mission);
    const std::vector<uint32_t>& slots = bucket.slots->all();
    const size_t sorted = bucket.slots->sorted_size();
    // The unsorted tail of recent inserts first, whole; then the sorted part, best
    // reliability first.
    for (size_t i = sorted; i < slots.size(); ++i) consider(bucket, slots[i], 1);
    double last_reliability = -1, bound = bucket.bound;
    const BlockPool& pool = volunteers.blocks();
    const size_t blocks = bucket.slots->block_count(pool);
    for (size_t i = 0; i < sorted; ++i) {
      // Remote lists (and groups whose members moved since Compact) point into records all
      // over memory: fetching a few candidates ahead overlaps those cache misses.
      if (i + kPrefetchAhead < sorted) PrefetchRecord(volunteers, slots[i + kPrefetchAhead]);
      // At a block's first member, before reading any record: a block whose hours union misses
      // the mission's hours holds nobody who passes the availability rule; the bucket's bound
      // with the block's reliability bound bounds every member from this block on (the list is
      // in reliability order), so the scan ends there; and the same with the block's unions of
      // skills, domains and hours in place of the bucket's bounds every member of the block (a
      // larger value of each factor never lowers Score, rounding included). Members of a block
      // share their hours more often than not (VolunteerIndex's order).
      if (blocks > 0 && i % OrderedSlots::kBlock == 0) {
        const BlockSummary& block = bucket.slots->block_summary(pool, i / OrderedSlots::kBlock);
        const WeekHours hours = block.hours();
        bool skip = !hours.Intersects(mission.hours);
        if (!skip && top.full()) {
          std::array<double, kFactorCount> block_best = best;
          block_best[static_cast<int>(Factor::kReliability)] =
              std::min(block.reliability_bound(), best[static_cast<int>(Factor::kReliability)]);
          if (weights.Score(block_best) < top.threshold()) break;
          block_best[static_cast<int>(Factor::kSkillCoverage)] = SkillCoverageValue(
              std::popcount(block.skills() & mission.skills), mission.skill_count);
          block_best[static_cast<int>(Factor::kDomainInterest)] = DomainInterestValue(
              block.domains(), mission.main_domain, mission.secondary_domain);
          block_best[static_cast<int>(Factor::kAvailabilityOverlap)] =
              AvailabilityValue(hours.CommonCount(mission.hours), mission.hour_count);
          skip = weights.Score(block_best) < top.threshold();
        }
        if (skip) {
          i += OrderedSlots::kBlock - 1;
          continue;
        }
      }
      if (top.full()) {
        // The rest of the bucket is no more reliable than this volunteer: once even the best
        // of every other factor cannot reach the threshold, nobody further down can. The
        // bound is summed in Score's order, so rounding keeps it an upper bound.
        const double reliability = volunteers.ReliabilityOf(volunteers.record(slots[i]));
        if (reliability != last_reliability) {
          last_reliability = reliability;
          best[static_cast<int>(Factor::kReliability)] = reliability;
          bound = weights.Score(best);
        }
        if (bound < top.threshold()) break;
      }
      consider(bucket, slots[i], last_reliability < 0 ? 1 : last_reliability);
    }
  }
  return top.TakeSorted();
}

}  // namespace renfort::matching
