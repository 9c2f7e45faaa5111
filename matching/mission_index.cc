#include "matching/mission_index.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "s2/s2cell_id.h"
#include "s2/s2latlng.h"

namespace renfort::matching {

std::optional<uint32_t> MissionIndex::Find(const Uuid& id) const {
  auto it = slot_by_id_.find(id);
  if (it == slot_by_id_.end()) return std::nullopt;
  return it->second;
}

void MissionIndex::Attach(uint32_t slot) {
  const MissionRecord& mission = records_[slot];
  if (!mission.published) return;
  if (mission.in_person) {
    for (const GeoPointF& address : mission.addresses) addresses_.Insert(address, slot);
  } else {
    remote_.push_back(slot);
    remote_filters_.push_back(filters_[slot]);
  }
}

void MissionIndex::Detach(uint32_t slot) {
  const MissionRecord& mission = records_[slot];
  if (!mission.published) return;
  if (mission.in_person) {
    for (const GeoPointF& address : mission.addresses) addresses_.Erase(address, slot);
  } else {
    auto it = std::find(remote_.begin(), remote_.end(), slot);
    if (it != remote_.end()) {
      *it = remote_.back();
      remote_.pop_back();
      remote_filters_[it - remote_.begin()] = remote_filters_.back();
      remote_filters_.pop_back();
    }
  }
}

void MissionIndex::Upsert(MissionRecord mission) {
  uint32_t slot;
  if (std::optional<uint32_t> found = Find(mission.id)) {
    slot = *found;
    Detach(slot);
  } else if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
    slot_by_id_.emplace(mission.id, slot);
  } else {
    slot = static_cast<uint32_t>(records_.size());
    records_.emplace_back();
    filters_.emplace_back();
    slot_by_id_.emplace(mission.id, slot);
  }
  filters_[slot] = MissionFilter::Of(mission);
  records_[slot] = std::move(mission);
  Attach(slot);
}

bool MissionIndex::Remove(const Uuid& id) {
  std::optional<uint32_t> found = Find(id);
  if (!found) return false;
  Detach(*found);
  slot_by_id_.erase(id);
  records_[*found] = MissionRecord();
  filters_[*found] = MissionFilter();
  free_slots_.push_back(*found);
  return true;
}

void MissionIndex::Compact() {
  std::vector<std::pair<uint64_t, uint32_t>> order;  // (Hilbert key, old slot)
  order.reserve(slot_by_id_.size());
  for (const auto& [id, slot] : slot_by_id_) {
    const MissionRecord& mission = records_[slot];
    uint64_t key = std::numeric_limits<uint64_t>::max();
    if (mission.in_person && !mission.addresses.empty()) {
      const GeoPointF first = mission.addresses.front();
      key = S2CellId(S2LatLng::FromDegrees(first.latitude, first.longitude)).id();
    }
    order.push_back({key, slot});
  }
  std::sort(order.begin(), order.end());
  std::vector<MissionRecord> records(order.size());
  std::vector<MissionFilter> filters(order.size());
  for (uint32_t n = 0; n < order.size(); ++n) {
    MissionRecord& old = records_[order[n].second];
    records[n] = std::move(old);
    // A fresh allocation in the new order keeps neighbours' addresses near in memory too.
    records[n].addresses = std::vector<GeoPointF>(records[n].addresses);
    filters[n] = filters_[order[n].second];
    slot_by_id_[records[n].id] = n;
  }
  records_ = std::move(records);
  filters_ = std::move(filters);
  free_slots_.clear();
  free_slots_.shrink_to_fit();
  addresses_ = CellIndex();
  remote_.clear();
  remote_filters_.clear();
  for (uint32_t n = 0; n < records_.size(); ++n) Attach(n);
}

void MissionIndex::CollectInPersonNear(GeoPointF point, double radius_km,
                                       std::vector<uint32_t>& out) const {
  const size_t first = out.size();
  addresses_.CollectNearAny({point}, radius_km, out);
  // Only a mission with several addresses can appear twice: those alone are sorted and
  // deduplicated (sorting all of a 200 km query's missions cost as much as checking them).
  auto several = std::partition(out.begin() + first, out.end(),
                                [this](uint32_t slot) { return filters_[slot].address_count <= 1; });
  std::sort(several, out.end());
  out.erase(std::unique(several, out.end()), out.end());
}

size_t MissionIndex::MemoryBytes() const {
  size_t bytes = records_.capacity() * sizeof(MissionRecord) +
                 filters_.capacity() * sizeof(MissionFilter) +
                 remote_filters_.capacity() * sizeof(MissionFilter) +
                 free_slots_.capacity() * sizeof(uint32_t) +
                 slot_by_id_.capacity() * (sizeof(std::pair<Uuid, uint32_t>) + 1) +
                 addresses_.MemoryBytes() + remote_.capacity() * sizeof(uint32_t) +
                 organisations_.capacity() * (sizeof(std::pair<Uuid, OrganisationScore>) + 1);
  for (const MissionRecord& mission : records_) {
    bytes += mission.addresses.capacity() * sizeof(GeoPointF);
  }
  return bytes;
}

}  // namespace renfort::matching
