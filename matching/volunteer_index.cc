#include "matching/volunteer_index.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <tuple>

#include "matching/distance_bound.h"
#include "matching/geo.h"

#include "s2/s2cell_id.h"
#include "s2/s2latlng.h"

namespace renfort::matching {
namespace {

void Widen(VolunteerIndex::HomeGroup& group, const VolunteerRecord& record) {
  group.max_travel_km = std::max(group.max_travel_km, record.max_travel_km);
  group.domains |= record.domains;
  group.skills |= record.skills;
  for (int i = 0; i < 3; ++i) group.hours.words[i] |= record.hours.words[i];
}

// "a's profile comes before b's" among equally reliable volunteers: weekly hours, then
// domains, then skills, so that neighbours in a list look alike (see the class comment).
bool ProfileBefore(const VolunteerRecord& a, const VolunteerRecord& b) {
  return std::tie(a.hours.words[0], a.hours.words[1], a.hours.words[2], a.domains, a.skills) <
         std::tie(b.hours.words[0], b.hours.words[1], b.hours.words[2], b.domains, b.skills);
}

bool SameProfile(const VolunteerRecord& a, const VolunteerRecord& b) {
  return a.hours == b.hours && a.domains == b.domains && a.skills == b.skills;
}

}  // namespace

VolunteerIndex::VolunteerIndex(double prior_done, double prior_no_show)
    : prior_done_(prior_done),
      prior_no_show_(prior_no_show),
      slot_by_id_(0, SlotHash{&ids_}, SlotEq{&ids_}) {}

bool VolunteerIndex::ScansBefore(uint32_t a, uint32_t b) const {
  const VolunteerRecord &va = records_[a], &vb = records_[b];
  const double ra = ReliabilityOf(va), rb = ReliabilityOf(vb);
  if (ra != rb) return ra > rb;
  if (!SameProfile(va, vb)) return ProfileBefore(va, vb);
  return a < b;
}

int VolunteerIndex::TravelClassOf(int max_travel_km) {
  for (int c = 0; c < kTravelClasses; ++c) {
    if (max_travel_km <= kTravelClassLimitKm[c]) return c;
  }
  return kTravelClasses - 1;
}

std::optional<uint32_t> VolunteerIndex::Find(const Uuid& id) const {
  auto it = slot_by_id_.find(id);
  if (it == slot_by_id_.end()) return std::nullopt;
  return *it;
}

std::optional<GeoPointF> VolunteerIndex::home(uint32_t slot) const {
  const uint32_t g = GroupOf(slot);
  if (g == kNoGroup) return std::nullopt;
  return groups_[g].home;
}

uint32_t VolunteerIndex::LaidOutGroupOf(uint32_t slot) const {
  if (group_starts_.empty() || slot >= group_starts_.back()) return kNoGroup;
  // The last group starting at or before the slot (empty groups share their successor's
  // start and come before it).
  auto after = std::upper_bound(group_starts_.begin(), group_starts_.end(), slot);
  return static_cast<uint32_t>(after - group_starts_.begin()) - 1;
}

uint32_t VolunteerIndex::GroupOf(uint32_t slot) const {
  if (auto it = moved_groups_.find(slot); it != moved_groups_.end()) return it->second;
  return LaidOutGroupOf(slot);
}

void VolunteerIndex::SetGroupOf(uint32_t slot, uint32_t group) {
  if (group == LaidOutGroupOf(slot)) {
    moved_groups_.erase(slot);
  } else {
    moved_groups_.insert_or_assign(slot, group);
  }
}

uint32_t VolunteerIndex::GroupFor(GeoPointF home, int travel_class) {
  const uint32_t found = cells_[travel_class].FindAt(
      home, [&](uint32_t g) { return groups_[g].home == home; }, kNoGroup);
  if (found != kNoGroup) return found;
  const uint32_t g = static_cast<uint32_t>(groups_.size());
  HomeGroup& group = groups_.emplace_back();
  group.home = home;
  group.travel_class = static_cast<uint8_t>(travel_class);
  cells_[travel_class].Insert(home, g);
  return g;
}

void VolunteerIndex::Attach(uint32_t slot, GeoPointF home) {
  const VolunteerRecord& record = records_[slot];
  uint32_t g = kNoGroup;
  if (record.Has(kActive) && record.Has(kAcceptsInPerson)) {
    g = GroupFor(home, TravelClassOf(record.max_travel_km));
    groups_[g].slots.Insert(slot, ScanOrder(), SummaryOf(), blocks_);
    Widen(groups_[g], record);
  }
  SetGroupOf(slot, g);
  if (!record.Has(kActive)) return;
  if (record.Has(kAcceptsRemote)) {
    remote_[record.domains].Insert(slot, ScanOrder(), SummaryOf(), blocks_);
  }
}

void VolunteerIndex::Detach(uint32_t slot) {
  const VolunteerRecord& record = records_[slot];
  if (const uint32_t g = GroupOf(slot); g != kNoGroup) {
    groups_[g].slots.Erase(slot, ScanOrder(), SummaryOf(), blocks_);
    SetGroupOf(slot, kNoGroup);
  }
  if (record.Has(kActive) && record.Has(kAcceptsRemote)) {
    remote_[record.domains].Erase(slot, ScanOrder(), SummaryOf(), blocks_);
  }
}

void VolunteerIndex::Upsert(const CompiledVolunteer& volunteer) {
  uint32_t slot;
  if (std::optional<uint32_t> found = Find(volunteer.id)) {
    slot = *found;
    Detach(slot);
  } else if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
    ids_[slot] = volunteer.id;
    slot_by_id_.insert(slot);
  } else {
    slot = static_cast<uint32_t>(records_.size());
    records_.emplace_back();
    ids_.push_back(volunteer.id);
    slot_by_id_.insert(slot);
  }
  records_[slot] = volunteer.record;
  Attach(slot, volunteer.home);
}

bool VolunteerIndex::Remove(const Uuid& id) {
  std::optional<uint32_t> found = Find(id);
  if (!found) return false;
  const uint32_t slot = *found;
  Detach(slot);
  slot_by_id_.erase(slot);  // hashes ids_[slot]: erase before clearing it
  ids_[slot] = Uuid();
  records_[slot] = VolunteerRecord();
  free_slots_.push_back(slot);
  return true;
}

double VolunteerIndex::NearestKm(const std::vector<GeoPointF>& points, GeoPointF home) {
  double distance = std::numeric_limits<double>::infinity();
  for (const GeoPointF& point : points) distance = std::min(distance, DistanceKm(point, home));
  return distance;
}

void VolunteerIndex::GroupsNear(const std::vector<GeoPointF>& points,
                                std::vector<GroupNear>& out) const {
  std::vector<BoundPoint> bound_points;
  bound_points.reserve(points.size());
  for (const GeoPointF& point : points) bound_points.push_back(BoundPoint::Of(point));
  // Kept by each thread between queries: thousands of groups near a dense area.
  thread_local std::vector<uint32_t> near;
  for (int c = 0; c < kTravelClasses; ++c) {
    near.clear();
    cells_[c].CollectNearAny(points, kTravelClassLimitKm[c], near);
    for (uint32_t g : near) {
      const HomeGroup& group = groups_[g];
      if (group.slots.empty()) continue;
      const BoundPoint home = BoundPoint::Of(group.home);
      double lower = std::numeric_limits<double>::infinity();
      for (const BoundPoint& point : bound_points) {
        lower = std::min(lower, DistanceLowerBoundKm(point, home));
      }
      if (lower <= group.max_travel_km) out.push_back({&group, lower});
    }
  }
}

std::vector<VolunteerIndex::GroupInReach> VolunteerIndex::GroupsInReach(
    const std::vector<GeoPointF>& points) const {
  std::vector<GroupNear> near;
  GroupsNear(points, near);
  std::vector<GroupInReach> reached;
  for (const GroupNear& candidate : near) {
    const double distance = NearestKm(points, candidate.group->home);
    if (distance <= candidate.group->max_travel_km) reached.push_back({candidate.group, distance});
  }
  return reached;
}

void VolunteerIndex::Reserve(size_t volunteers) {
  records_.reserve(volunteers);
  ids_.reserve(volunteers);
  slot_by_id_.reserve(volunteers);
}

void VolunteerIndex::Compact() {
  // Groups class by class along the Hilbert curve, so neighbouring communes are neighbours in
  // memory too, for their members and for the groups themselves: a covering's cell range (one
  // class) then reads consecutive groups.
  std::vector<uint32_t> group_order(groups_.size());
  std::iota(group_order.begin(), group_order.end(), 0);
  std::vector<uint64_t> cell_of(groups_.size());
  for (size_t g = 0; g < groups_.size(); ++g) {
    cell_of[g] = S2CellId(S2LatLng::FromDegrees(groups_[g].home.latitude,
                                                groups_[g].home.longitude)).id();
  }
  std::sort(group_order.begin(), group_order.end(), [&](uint32_t a, uint32_t b) {
    if (groups_[a].travel_class != groups_[b].travel_class) {
      return groups_[a].travel_class < groups_[b].travel_class;
    }
    return cell_of[a] != cell_of[b] ? cell_of[a] < cell_of[b] : a < b;
  });

  // The scan order with every reliability computed once (the same values, so the same order).
  std::vector<double> reliability(records_.size());
  for (uint32_t slot = 0; slot < records_.size(); ++slot) {
    reliability[slot] = ReliabilityOf(records_[slot]);
  }
  auto scan_order = [this, &reliability](uint32_t a, uint32_t b) {
    if (reliability[a] != reliability[b]) return reliability[a] > reliability[b];
    const VolunteerRecord &va = records_[a], &vb = records_[b];
    if (!SameProfile(va, vb)) return ProfileBefore(va, vb);
    return a < b;
  };
  std::vector<uint32_t> order;  // new slot → old slot
  order.reserve(size());
  std::vector<uint32_t> group_starts;
  group_starts.reserve(groups_.size() + 1);
  for (uint32_t g : group_order) {
    group_starts.push_back(static_cast<uint32_t>(order.size()));
    // In scan order: new slots follow it, so a scan reads memory forwards.
    groups_[g].slots.SortAll(scan_order, SummaryOf(), blocks_);
    const std::vector<uint32_t>& slots = groups_[g].slots.all();
    order.insert(order.end(), slots.begin(), slots.end());
  }
  std::vector<uint32_t> rest;
  for (uint32_t slot : slot_by_id_) {
    if (GroupOf(slot) == kNoGroup) rest.push_back(slot);
  }
  std::sort(rest.begin(), rest.end(), [&](uint32_t a, uint32_t b) {
    return records_[a].domains != records_[b].domains ? records_[a].domains < records_[b].domains
                                                      : scan_order(a, b);
  });
  group_starts.push_back(static_cast<uint32_t>(order.size()));
  order.insert(order.end(), rest.begin(), rest.end());

  std::vector<uint32_t> new_slot(records_.size(), kNoGroup);
  std::vector<VolunteerRecord> records(order.size());
  std::vector<Uuid> ids(order.size());
  for (uint32_t n = 0; n < order.size(); ++n) {
    new_slot[order[n]] = n;
    records[n] = records_[order[n]];
    ids[n] = ids_[order[n]];
  }
  std::vector<HomeGroup> groups;
  groups.reserve(groups_.size());
  for (uint32_t g : group_order) groups.push_back(std::move(groups_[g]));
  groups_ = std::move(groups);
  for (CellIndex& cells : cells_) cells = CellIndex();
  for (uint32_t g = 0; g < groups_.size(); ++g) {
    cells_[groups_[g].travel_class].Insert(groups_[g].home, g);
  }

  records_ = std::move(records);
  ids_ = std::move(ids);
  // Every group's members are now its range of slots.
  group_starts_ = std::move(group_starts);
  moved_groups_.clear();
  free_slots_.clear();
  free_slots_.shrink_to_fit();
  slot_by_id_.clear();
  slot_by_id_.reserve(order.size());
  for (uint32_t n = 0; n < order.size(); ++n) slot_by_id_.insert(n);

  for (HomeGroup& group : groups_) {
    group.max_travel_km = 0;
    group.domains = 0;
    group.skills = 0;
    group.hours = WeekHours();
    for (uint32_t& slot : group.slots.mutable_slots()) {
      slot = new_slot[slot];
      Widen(group, records_[slot]);
    }
    // Members got consecutive new slots in scan order: the list is still sorted.
    group.slots.MarkSorted(SummaryOf(), blocks_);
    group.slots.shrink_to_fit();
  }
  // The same order on the new slots, with the reliabilities computed once.
  std::vector<double> new_reliability(order.size());
  for (uint32_t n = 0; n < order.size(); ++n) new_reliability[n] = reliability[order[n]];
  reliability = std::move(new_reliability);
  for (OrderedSlots& list : remote_) {
    for (uint32_t& slot : list.mutable_slots()) slot = new_slot[slot];
    list.SortAll(scan_order, SummaryOf(), blocks_);
    list.shrink_to_fit();
  }
  groups_.shrink_to_fit();
  blocks_.shrink_to_fit();
}

size_t VolunteerIndex::MemoryBytes() const {
  size_t bytes = records_.capacity() * sizeof(VolunteerRecord) + ids_.capacity() * sizeof(Uuid) +
                 group_starts_.capacity() * sizeof(uint32_t) +
                 moved_groups_.capacity() * (sizeof(std::pair<uint32_t, uint32_t>) + 1) +
                 free_slots_.capacity() * sizeof(uint32_t) +
                 slot_by_id_.capacity() * (sizeof(uint32_t) + 1) +
                 groups_.capacity() * sizeof(HomeGroup) + sizeof(remote_);
  for (const HomeGroup& group : groups_) bytes += group.slots.capacity() * sizeof(uint32_t);
  for (const auto& list : remote_) bytes += list.capacity() * sizeof(uint32_t);
  bytes += blocks_.MemoryBytes();
  for (const CellIndex& cells : cells_) bytes += cells.MemoryBytes();
  return bytes;
}

}  // namespace renfort::matching
