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
  // The same for the union of the discs of `radius_km` around `centers`, each value once: one
  // covering for every disc, so entries within reach of several centers are read once.
  void CollectNearAny(const std::vector<GeoPointF>& centers, double radius_km,
                      std::vector<uint32_t>& out) const;

  // The first value stored at exactly `point`'s leaf cell (about 1 cm) for which
  // `matches(value)` holds, or `none`. Lets callers find an entry by position without a second
  // hash table.
  template <typename Predicate>
  uint32_t FindAt(GeoPointF point, Predicate matches, uint32_t none) const {
    const uint64_t cell = LeafCellId(point);
    for (auto it = entries_.lower_bound({cell, 0}); it != entries_.end() && it->first == cell;
         ++it) {
      if (matches(it->second)) return it->second;
    }
    return none;
  }

  size_t size() const { return entries_.size(); }
  // Approximate heap bytes (B-tree nodes at their usual fill).
  size_t MemoryBytes() const { return entries_.size() * sizeof(Entry) * 3 / 2; }

 private:
  using Entry = std::pair<uint64_t, uint32_t>;
  static uint64_t LeafCellId(GeoPointF point);
  // Appends the values of the entries within the cells (S2CellId::id(), disjoint cells).
  void CollectIn(const std::vector<uint64_t>& cell_ids, std::vector<uint32_t>& out) const;
  absl::btree_set<Entry> entries_;
};

}  // namespace renfort::matching

#endif  // RENFORT_MATCHING_CELL_INDEX_H_
