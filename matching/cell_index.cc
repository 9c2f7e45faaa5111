#include "matching/cell_index.h"

#include <limits>

#include "matching/geo.h"
#include "s2/s1angle.h"
#include "s2/s2cap.h"
#include "s2/s2cell_id.h"
#include "s2/s2latlng.h"
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

void CellIndex::CollectNear(GeoPointF center, double radius_km,
                            std::vector<uint32_t>& out) const {
  if (entries_.empty()) return;
  // A little slack so that points exactly at the radius are never missed by rounding.
  const S2Cap cap(S2LatLng::FromDegrees(center.latitude, center.longitude).ToPoint(),
                  S1Angle::Radians(radius_km * 1.0001 / kEarthRadiusKm + 1e-9));
  S2RegionCoverer::Options options;
  options.set_max_cells(kMaxCoveringCells);
  options.set_max_level(kMaxCoveringLevel);
  S2RegionCoverer coverer(options);
  std::vector<S2CellId> covering;
  coverer.GetCovering(cap, &covering);
  for (const S2CellId& cell : covering) {
    auto it = entries_.lower_bound({cell.range_min().id(), 0});
    const uint64_t last = cell.range_max().id();
    for (; it != entries_.end() && it->first <= last; ++it) out.push_back(it->second);
  }
}

}  // namespace renfort::matching
