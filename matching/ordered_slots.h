#ifndef RENFORT_MATCHING_ORDERED_SLOTS_H_
#define RENFORT_MATCHING_ORDERED_SLOTS_H_

#include <algorithm>
#include <cstdint>
#include <vector>

namespace renfort::matching {

// A candidate list of volunteer slots kept in scan order (best first by the caller's
// `before`), except for a short unsorted tail of recent inserts: a scan reads the tail whole,
// then the sorted part, where it may stop early. Inserting appends and merges the tail into
// the sorted part once it outgrows 32 + 1/8 of the list, so a bulk load costs a few
// comparisons amortised per insert instead of an O(n) shift each time, and updates stay
// microseconds. (With 1/32, the merges took a tenth of a million-volunteer load; a larger
// tail only makes scans before the next Compact() stop a little later.)
// The caller must give the same `before` to every call (it reads records that must not change
// while their slot is in the list).
class OrderedSlots {
 public:
  using value_type = uint32_t;
  using const_iterator = std::vector<uint32_t>::const_iterator;
  using iterator = const_iterator;

  template <typename Before>
  void Insert(uint32_t slot, Before before) {
    slots_.push_back(slot);
    const size_t tail = slots_.size() - sorted_;
    if (tail > 32 + sorted_ / 8) {
      std::sort(slots_.begin() + sorted_, slots_.end(), before);
      std::inplace_merge(slots_.begin(), slots_.begin() + sorted_, slots_.end(), before);
      sorted_ = static_cast<uint32_t>(slots_.size());
    }
  }

  // Removes `slot`; a no-op when absent.
  template <typename Before>
  void Erase(uint32_t slot, Before before) {
    auto tail = std::find(slots_.begin() + sorted_, slots_.end(), slot);
    if (tail != slots_.end()) {
      *tail = slots_.back();
      slots_.pop_back();
      return;
    }
    auto it = std::lower_bound(slots_.begin(), slots_.begin() + sorted_, slot, before);
    if (it == slots_.begin() + sorted_ || *it != slot) {
      it = std::find(slots_.begin(), slots_.begin() + sorted_, slot);
      if (it == slots_.begin() + sorted_) return;
    }
    slots_.erase(it);
    --sorted_;
  }

  // Sorts the whole list (after the slots were renumbered).
  template <typename Before>
  void SortAll(Before before) {
    std::sort(slots_.begin(), slots_.end(), before);
    sorted_ = static_cast<uint32_t>(slots_.size());
  }
  std::vector<uint32_t>& mutable_slots() { return slots_; }

  // Every slot: the sorted part, then the tail.
  const std::vector<uint32_t>& all() const { return slots_; }
  size_t sorted_size() const { return sorted_; }
  const_iterator begin() const { return slots_.begin(); }
  const_iterator end() const { return slots_.end(); }
  size_t size() const { return slots_.size(); }
  bool empty() const { return slots_.empty(); }
  size_t capacity() const { return slots_.capacity(); }
  void shrink_to_fit() { slots_.shrink_to_fit(); }

 private:
  std::vector<uint32_t> slots_;
  uint32_t sorted_ = 0;
};

}  // namespace renfort::matching

#endif  // RENFORT_MATCHING_ORDERED_SLOTS_H_
