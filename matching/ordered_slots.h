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
// The skill unions of the blocks of long lists (see OrderedSlots), held by the index that owns
// the lists so that a list without blocks (most home groups) costs no more than before.
class SkillBlockPool {
 public:
  static constexpr uint32_t kNone = ~uint32_t{0};
  uint32_t Add() {
    lists_.emplace_back();
    return static_cast<uint32_t>(lists_.size() - 1);
  }
  std::vector<uint64_t>& at(uint32_t id) { return lists_[id]; }
  const std::vector<uint64_t>& at(uint32_t id) const { return lists_[id]; }
  void shrink_to_fit() {
    for (std::vector<uint64_t>& list : lists_) list.shrink_to_fit();
    lists_.shrink_to_fit();
  }
  size_t MemoryBytes() const {
    size_t bytes = lists_.capacity() * sizeof(std::vector<uint64_t>);
    for (const std::vector<uint64_t>& list : lists_) bytes += list.capacity() * sizeof(uint64_t);
    return bytes;
  }

 private:
  std::vector<std::vector<uint64_t>> lists_;
};

// The sorted part of a list of at least kMinBlocked slots is cut into blocks of kBlock
// consecutive slots, each with the union of its members' skills (in a SkillBlockPool; a
// superset: exact after a sort or merge, widened by removals), so a scan can skip a whole
// block whose members cannot cover a mission's skills well enough without reading their
// records. Shorter lists have no blocks: they are cheap to scan, and the pool entry would cost
// more than it saves.
// The caller must give the same `before`, `skills_of` (slot → skill bits) and pool to every
// call (they read records that must not change while their slot is in the list).
class OrderedSlots {
 public:
  using value_type = uint32_t;
  using const_iterator = std::vector<uint32_t>::const_iterator;
  using iterator = const_iterator;
  static constexpr size_t kBlock = 32;
  static constexpr size_t kMinBlocked = 128;

  template <typename Before, typename SkillsOf>
  void Insert(uint32_t slot, Before before, SkillsOf skills_of, SkillBlockPool& pool) {
    slots_.push_back(slot);
    const size_t tail = slots_.size() - sorted_;
    if (tail > 32 + sorted_ / 8) {
      std::sort(slots_.begin() + sorted_, slots_.end(), before);
      std::inplace_merge(slots_.begin(), slots_.begin() + sorted_, slots_.end(), before);
      sorted_ = static_cast<uint32_t>(slots_.size());
      RebuildBlocks(skills_of, pool);
    }
  }

  // Removes `slot`; a no-op when absent.
  template <typename Before, typename SkillsOf>
  void Erase(uint32_t slot, Before before, SkillsOf skills_of, SkillBlockPool& pool) {
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
    const size_t position = it - slots_.begin();
    slots_.erase(it);
    --sorted_;
    if (blocks_ == SkillBlockPool::kNone) return;
    // Every block from the removed slot's on gains the first member of the next one.
    std::vector<uint64_t>& blocks = pool.at(blocks_);
    for (size_t block = position / kBlock; block < blocks.size(); ++block) {
      const size_t last = (block + 1) * kBlock - 1;
      if (last < sorted_) blocks[block] |= skills_of(slots_[last]);
    }
    blocks.resize(sorted_ >= kBlock ? (sorted_ + kBlock - 1) / kBlock : 0);
  }

  // Sorts the whole list (after the slots were renumbered).
  template <typename Before, typename SkillsOf>
  void SortAll(Before before, SkillsOf skills_of, SkillBlockPool& pool) {
    std::sort(slots_.begin(), slots_.end(), before);
    sorted_ = static_cast<uint32_t>(slots_.size());
    RebuildBlocks(skills_of, pool);
  }

  // Marks the whole list sorted without sorting it: the caller renumbered the slots of a
  // sorted list monotonically (Compact), so the order holds. Rebuilds the blocks.
  template <typename SkillsOf>
  void MarkSorted(SkillsOf skills_of, SkillBlockPool& pool) {
    sorted_ = static_cast<uint32_t>(slots_.size());
    RebuildBlocks(skills_of, pool);
  }

  // Blocks of the sorted part: block b holds sorted positions [b × kBlock, (b + 1) × kBlock);
  // none for a short list.
  size_t block_count(const SkillBlockPool& pool) const {
    return blocks_ == SkillBlockPool::kNone ? 0 : pool.at(blocks_).size();
  }
  // A superset of the skills of block `block`'s members.
  uint64_t block_skills(const SkillBlockPool& pool, size_t block) const {
    return pool.at(blocks_)[block];
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
  template <typename SkillsOf>
  void RebuildBlocks(SkillsOf skills_of, SkillBlockPool& pool) {
    if (sorted_ < kMinBlocked) {
      if (blocks_ != SkillBlockPool::kNone) pool.at(blocks_).clear();
      return;
    }
    if (blocks_ == SkillBlockPool::kNone) blocks_ = pool.Add();
    std::vector<uint64_t>& blocks = pool.at(blocks_);
    blocks.assign((sorted_ + kBlock - 1) / kBlock, 0);
    for (size_t i = 0; i < sorted_; ++i) blocks[i / kBlock] |= skills_of(slots_[i]);
  }

  std::vector<uint32_t> slots_;
  uint32_t sorted_ = 0;
  uint32_t blocks_ = SkillBlockPool::kNone;  // this list's entry in the pool, if any
};

}  // namespace renfort::matching

#endif  // RENFORT_MATCHING_ORDERED_SLOTS_H_
