#ifndef RENFORT_MATCHING_MISSION_INDEX_H_
#define RENFORT_MATCHING_MISSION_INDEX_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "matching/cell_index.h"
#include "matching/records.h"
#include "matching/uuid.h"

namespace renfort::matching {

// How an organisation's responsiveness enters RecommendMissions.
struct OrganisationScore {
  double responsiveness = 0;  // normalised, ResponsivenessValue
  double answered_share = 0;  // raw value, AnsweredShare
};

// Missions as ranking reads them, with the candidate sets RecommendMissions scans: a
// geographic CellIndex of the addresses of PUBLISHED in-person and hybrid missions, and the
// list of PUBLISHED remote missions; plus the organisations' responsiveness. Missions that are
// not PUBLISHED are held (RankVolunteers must tell them apart from unknown ones) but are in no
// candidate set. Updates are incremental. Not thread-safe; MatchingEngine guards it.
class MissionIndex {
 public:
  // `default_organisation` scores organisations never given activity.
  explicit MissionIndex(OrganisationScore default_organisation)
      : default_organisation_(default_organisation) {}

  // Inserts the mission or replaces the one with the same id.
  void Upsert(MissionRecord mission);
  // Removes the mission; false when absent.
  bool Remove(const Uuid& id);
  std::optional<uint32_t> Find(const Uuid& id) const;
  const MissionRecord& record(uint32_t slot) const { return records_[slot]; }
  // The compact copy of record(slot)'s rule fields.
  const MissionFilter& filter(uint32_t slot) const { return filters_[slot]; }

  // Distinct slots, in no particular order, of the PUBLISHED in-person missions with an
  // address within `radius_km` of `point` (and possibly a few just beyond: callers check the
  // distance).
  void CollectInPersonNear(GeoPointF point, double radius_km, std::vector<uint32_t>& out) const;
  // Slots of the PUBLISHED remote missions, and their filters at the same positions (one
  // contiguous array to scan).
  const std::vector<uint32_t>& remote() const { return remote_; }
  const std::vector<MissionFilter>& remote_filters() const { return remote_filters_; }

  void SetOrganisation(const Uuid& organisation_id, OrganisationScore score) {
    organisations_.insert_or_assign(organisation_id, score);
  }
  const OrganisationScore& organisation(const Uuid& organisation_id) const {
    auto it = organisations_.find(organisation_id);
    return it == organisations_.end() ? default_organisation_ : it->second;
  }

  // Renumbers slots along the Hilbert curve of each in-person mission's first address (remote
  // and other missions after), so that a disc query reads filters and records in memory order;
  // drops free slots. Call after loading a snapshot (updates stay correct without it).
  void Compact();

  // Missions held, PUBLISHED or not.
  size_t size() const { return slot_by_id_.size(); }
  size_t MemoryBytes() const;

 private:
  void Attach(uint32_t slot);
  void Detach(uint32_t slot);

  OrganisationScore default_organisation_;
  std::vector<MissionRecord> records_;
  std::vector<MissionFilter> filters_;  // by slot, MissionFilter::Of(records_[slot])
  std::vector<uint32_t> free_slots_;
  absl::flat_hash_map<Uuid, uint32_t> slot_by_id_;
  CellIndex addresses_;
  std::vector<uint32_t> remote_;
  std::vector<MissionFilter> remote_filters_;  // remote_filters_[i] = filters_[remote_[i]]
  absl::flat_hash_map<Uuid, OrganisationScore> organisations_;
};

}  // namespace renfort::matching

#endif  // RENFORT_MATCHING_MISSION_INDEX_H_
