#ifndef RENFORT_MATCHING_CELL_INDEX_H_
#define RENFORT_MATCHING_CELL_INDEX_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "absl/container/btree_set.h"
#include "matching/records.h"

namespace renfort::matching {

// A geographic index of points carrying a 32-bit value, ordered along the S2 Hilbert curve
// (S2 leaf cell ids from Debian's libs2). A disc query covers the disc with a few S2 cells and
// scans the matching id ranges. Insert and erase are O(log n): no rebuild on updates. Not
// thread-safe; the engine guards it.
class CellIndex {
 public:
  void Insert(GeoPointF point, uint32_t value);
  // Erases the entry (point, value); a no-op when absent.
  void Erase(GeoPointF point, uint32_t value);

  // Appends to `out` the value of every entry within `radius_km` of `center`, and possibly a
  // few just outside (the covering is a superset): callers check exact distances.
  void CollectNear(GeoPointF center, double radius_km, std::vector<uint32_t>& out) const;

  size_t size() const { return entries_.size(); }
  // Approximate heap bytes (B-tree nodes at their usual fill).
  size_t MemoryBytes() const { return entries_.size() * sizeof(Entry) * 3 / 2; }

 private:
  using Entry = std::pair<uint64_t, uint32_t>;
  absl::btree_set<Entry> entries_;
};

}  // namespace renfort::matching

#endif  // RENFORT_MATCHING_CELL_INDEX_H_
