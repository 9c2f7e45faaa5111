#include "matching/cell_index.h"

#include <algorithm>
#include <limits>

#include "matching/geo.h"
#include "s2/s1angle.h"
#include "s2/s2cap.h"
#include "s2/s2cell_id.h"
#include "s2/s2latlng.h"
#include "s2/s2metrics.h"
#include "s2/s2region_coverer.h"

namespace renfort::matching {
namespace {

// Cells finer than ~600 m add ranges without excluding anything useful at commune scale.
constexpr int kMaxCoveringLevel = 14;
constexpr int kMaxCoveringCells = 8;

}  // namespace

uint64_t CellIndex::LeafCellId(GeoPointF point) {
  return S2CellId(S2LatLng::FromDegrees(point.latitude, point.longitude)).id();
}

void CellIndex::Insert(GeoPointF point, uint32_t value) {
  entries_.insert({LeafCellId(point), value});
}

void CellIndex::Erase(GeoPointF point, uint32_t value) {
  entries_.erase({LeafCellId(point), value});
}

namespace {

// A little slack so that points exactly at the radius are never missed by rounding.
S2Cap CapAround(GeoPointF center, double radius_km) {
  return S2Cap(S2LatLng::FromDegrees(center.latitude, center.longitude).ToPoint(),
               S1Angle::Radians(radius_km * 1.0001 / kEarthRadiusKm + 1e-9));
}

}  // namespace

void CellIndex::CollectNear(GeoPointF center, double radius_km,
                            std::vector<uint32_t>& out) const {
  if (entries_.empty()) return;
  S2RegionCoverer::Options options;
  options.set_max_cells(kMaxCoveringCells);
  options.set_max_level(kMaxCoveringLevel);
  S2RegionCoverer coverer(options);
  std::vector<S2CellId> covering;
  coverer.GetCovering(CapAround(center, radius_km), &covering);
  std::vector<uint64_t> cell_ids;
  cell_ids.reserve(covering.size());
  for (const S2CellId& cell : covering) cell_ids.push_back(cell.id());
  CollectIn(cell_ids, out);
}

void CellIndex::CollectNearAny(const std::vector<GeoPointF>& centers, double radius_km,
                               std::vector<uint32_t>& out) const {
  if (entries_.empty() || centers.empty()) return;
  // Coverings of cells of one level are disjoint or equal: the union of the discs' coverings,
  // deduplicated, reads every entry once.
  const double angle = radius_km * 1.0001 / kEarthRadiusKm + 1e-9;
  const int level = std::min(kMaxCoveringLevel, S2::kMinWidth.GetLevelForMinValue(angle) + 1);
  std::vector<S2CellId> cells;
  std::vector<uint64_t> covering;
  for (GeoPointF center : centers) {
    const S2Cap cap = CapAround(center, radius_km);
    cells.clear();
    S2RegionCoverer::GetSimpleCovering(cap, cap.center(), level, &cells);
    for (const S2CellId& cell : cells) covering.push_back(cell.id());
  }
  std::sort(covering.begin(), covering.end());
  covering.erase(std::unique(covering.begin(), covering.end()), covering.end());
  CollectIn(covering, out);
}

void CellIndex::CollectIn(const std::vector<uint64_t>& cell_ids,
                          std::vector<uint32_t>& out) const {
  for (uint64_t id : cell_ids) {
    const S2CellId cell(id);
    auto it = entries_.lower_bound({cell.range_min().id(), 0});
    const uint64_t last = cell.range_max().id();
    for (; it != entries_.end() && it->first <= last; ++it) out.push_back(it->second);
  }
}

}  // namespace renfort::matching
