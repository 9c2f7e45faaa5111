#ifndef RENFORT_MATCHING_VOLUNTEER_INDEX_H_
#define RENFORT_MATCHING_VOLUNTEER_INDEX_H_

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "matching/cell_index.h"
#include "matching/ordered_slots.h"
#include "matching/records.h"
#include "matching/uuid.h"
#include "matching/vocabulary.h"

namespace renfort::matching {

// Volunteers in compact form (VolunteerRecord, 48 bytes, in one array indexed by slot) with
// the candidate sets ranking reads:
// - home groups: the ACTIVE in-person volunteers who share a home point (volunteers are placed
//   at their commune's centroid, so a commune is one point) and a travel class (max_travel_km
//   up to 5, 10, 20, 30, 50, 100, 200 km). Each class has a geographic CellIndex of its
//   groups, queried with the class's radius, so a mission only visits groups whose members
//   might travel that far; one distance is computed per group, not per volunteer;
// - remote lists: the ACTIVE remote-willing volunteers, one list per exact set of domains.
// Every candidate list (a group's members, a remote list) is kept ordered by reliability,
// best first (ties by slot): reliability is the one factor that depends on the volunteer
// alone and never changes between deltas, so a scan can stop as soon as even a perfect score
// on every other factor could not beat the current top-k (see RankVolunteersFor). Equally
// reliable volunteers (most of them: every newcomer has the prior's value) are ordered by
// profile, weekly hours first, then domains and skills, so that the blocks of a long list
// (OrderedSlots) gather similar volunteers and their unions stay tight enough to skip whole
// blocks: in dense areas, where thousands of neighbours share one home point, that is what
// keeps ranking under a millisecond.
// Upsert and Remove are incremental (hash lookups, an ordered insert or erase in the lists,
// a B-tree insert for a new group): microseconds, no rebuild. Compact() renumbers slots so
// that each group is contiguous in memory, in scan order; call it after loading a snapshot
// (updates stay correct without it, only scan locality degrades). Not thread-safe;
// MatchingEngine guards it.
class VolunteerIndex {
 public:
  static constexpr int kTravelClasses = 7;
  static constexpr std::array<int, kTravelClasses> kTravelClassLimitKm = {5,  10,  20, 30,
                                                                          50, 100, 200};
  static constexpr uint32_t kNoGroup = ~uint32_t{0};
  static constexpr int kDomainSets = 1 << kDomainCount;
  static_assert(kDomainCount <= BlockSummary::kDomainBits, "block summaries hold every domain");

  // ACTIVE in-person volunteers sharing a home point and a travel class. The bounds are
  // supersets of the members' values (widened on insert, made exact by Compact()), for
  // pruning.
  struct HomeGroup {
    GeoPointF home;
    uint8_t travel_class = 0;
    uint8_t max_travel_km = 0;
    uint16_t domains = 0;
    uint64_t skills = 0;
    WeekHours hours;
    OrderedSlots slots;  // best reliability first, see OrderedSlots
  };

  // A group whose home is within its max_travel_km of a query point.
  struct GroupInReach {
    const HomeGroup* group;
    double distance_km;  // to the nearest query point
  };

  // `prior_done` / `prior_no_show`: the reliability priors the lists are ordered by
  // (ScoringWeights::reliability_prior_*; the ranker must score with the same).
  explicit VolunteerIndex(double prior_done = 3, double prior_no_show = 1);
  VolunteerIndex(const VolunteerIndex&) = delete;
  VolunteerIndex& operator=(const VolunteerIndex&) = delete;

  // Inserts the volunteer or replaces the one with the same id.
  void Upsert(const CompiledVolunteer& volunteer);
  // Removes the volunteer; false when absent.
  bool Remove(const Uuid& id);
  // The slot of the volunteer, if held.
  std::optional<uint32_t> Find(const Uuid& id) const;

  const VolunteerRecord& record(uint32_t slot) const { return records_[slot]; }
  // For changes that no candidate set depends on (e.g. the invitation count).
  VolunteerRecord& mutable_record(uint32_t slot) { return records_[slot]; }
  const Uuid& id(uint32_t slot) const { return ids_[slot]; }
  // Home point of an ACTIVE in-person volunteer; nullopt otherwise.
  std::optional<GeoPointF> home(uint32_t slot) const;

  // Volunteers held (including PAUSED ones).
  size_t size() const { return slot_by_id_.size(); }
  // Bytes held by the index: records, ids, candidate sets, hash tables, B-trees.
  size_t MemoryBytes() const;

  // Renumbers slots group by group (groups in Hilbert-curve order), then remote-only ones by
  // domains; drops free slots and makes group bounds exact. O(n log n).
  void Compact();
  void Reserve(size_t volunteers);

  // The groups of `points`' neighbourhood whose members might travel to the nearest point:
  // every group with distance ≤ its max_travel_km, each once.
  std::vector<GroupInReach> GroupsInReach(const std::vector<GeoPointF>& points) const;
  // The same without the exact distances: appends to `out` a superset of GroupsInReach's
  // groups, each once, with a lower bound of the distance to the nearest point
  // (DistanceLowerBoundKm), so that callers pay for the exact distance (NearestKm) only for the
  // groups they visit.
  struct GroupNear {
    const HomeGroup* group;
    double distance_lower_bound_km;
  };
  void GroupsNear(const std::vector<GeoPointF>& points, std::vector<GroupNear>& out) const;
  // Distance from `home` to the nearest of `points` (DistanceKm), as GroupsInReach gives it.
  static double NearestKm(const std::vector<GeoPointF>& points, GeoPointF home);
  // The reliability value candidate lists are ordered by (ReliabilityValue with the priors).
  double ReliabilityOf(const VolunteerRecord& record) const {
    return (record.done_count + prior_done_) /
           (record.done_count + record.no_show_count + prior_done_ + prior_no_show_);
  }
  // ACTIVE remote-willing volunteers whose domains are exactly `domains`, best reliability
  // first.
  const OrderedSlots& RemoteWithDomains(uint16_t domains) const {
    return remote_[domains];
  }
  // The block summaries of every candidate list (OrderedSlots::block_summary).
  const BlockPool& blocks() const { return blocks_; }

 private:
  // Hashes slots by the id they hold, so the id → slot table stores 4 bytes per volunteer.
  struct SlotHash {
    using is_transparent = void;
    const std::vector<Uuid>* ids;
    size_t operator()(uint32_t slot) const { return absl::Hash<Uuid>{}((*ids)[slot]); }
    size_t operator()(const Uuid& id) const { return absl::Hash<Uuid>{}(id); }
  };
  struct SlotEq {
    using is_transparent = void;
    const std::vector<Uuid>* ids;
    bool operator()(uint32_t a, uint32_t b) const { return a == b; }
    bool operator()(uint32_t a, const Uuid& b) const { return (*ids)[a] == b; }
    bool operator()(const Uuid& a, uint32_t b) const { return a == (*ids)[b]; }
  };
  static int TravelClassOf(int max_travel_km);
  uint32_t GroupFor(GeoPointF home, int travel_class);
  uint32_t GroupOf(uint32_t slot) const;
  uint32_t LaidOutGroupOf(uint32_t slot) const;  // by group_starts_ alone
  void SetGroupOf(uint32_t slot, uint32_t group);
  void Attach(uint32_t slot, GeoPointF home);
  void Detach(uint32_t slot);
  // Reliability descending, then profile (ProfileBefore), then slot ascending: the order of
  // every candidate list.
  bool ScansBefore(uint32_t a, uint32_t b) const;
  auto ScanOrder() const {
    return [this](uint32_t a, uint32_t b) { return ScansBefore(a, b); };
  }
  auto SummaryOf() const {
    return [this](uint32_t slot) {
      const VolunteerRecord& record = records_[slot];
      return BlockSummary(record.skills, record.domains, record.hours, ReliabilityOf(record));
    };
  }

  double prior_done_;
  double prior_no_show_;

  std::vector<VolunteerRecord> records_;
  std::vector<Uuid> ids_;
  // The home group of every slot (kNoGroup when in none) without 4 bytes per volunteer:
  // Compact() lays groups out as consecutive slot ranges, group g from group_starts_[g] (the
  // last entry is the first slot after every group), so a slot's group is found by binary
  // search; the slots whose group changed since (inserts, moves, removals) are in
  // moved_groups_, which the next Compact() empties.
  std::vector<uint32_t> group_starts_;
  absl::flat_hash_map<uint32_t, uint32_t> moved_groups_;
  std::vector<uint32_t> free_slots_;
  absl::flat_hash_set<uint32_t, SlotHash, SlotEq> slot_by_id_;

  // Groups are found by home point through cells_ (one CellIndex per travel class): no
  // second table keyed by position.
  std::vector<HomeGroup> groups_;
  std::array<CellIndex, kTravelClasses> cells_;
  std::array<OrderedSlots, kDomainSets> remote_;
  BlockPool blocks_;
};

}  // namespace renfort::matching

#endif  // RENFORT_MATCHING_VOLUNTEER_INDEX_H_
