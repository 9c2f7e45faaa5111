#ifndef RENFORT_MATCHING_ORDERED_SLOTS_H_
#define RENFORT_MATCHING_ORDERED_SLOTS_H_

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "matching/week_hours.h"

namespace renfort::matching {

// A candidate list of volunteer slots kept in scan order (best first by the caller's
// `before`), except for a short unsorted tail of recent inserts: a scan reads the tail whole,
// then the sorted part, where it may stop early. Inserting appends and merges the tail into
// the sorted part once it outgrows 32 + 1/8 of the list, so a bulk load costs a few
// comparisons amortised per insert instead of an O(n) shift each time, and updates stay
// microseconds. (With 1/32, the merges took a tenth of a million-volunteer load; a larger
// tail only makes scans before the next Compact() stop a little later.)
// What the members of one block of a long list (see OrderedSlots) have at most: the unions
// of their skills, domains and weekly hours, and an upper bound of their reliability, in 32
// bytes (the domains and the reliability ride in the unused top bits of the last hours word),
// four bytes per member of a block of kBlock = 8. The reliability lets a scan skip or end on a
// block without reading a single record of it: in a dense area most blocks are skipped, and
// reading their first record to learn its reliability was a cache miss per block.
class BlockSummary {
 public:
  static constexpr int kDomainBits = 10;  // kDomainCount (vocabulary.h)

  BlockSummary() = default;
  // `reliability` in [0, 1]; kept as an upper bound on 14 bits.
  BlockSummary(uint64_t skills, uint16_t domains, const WeekHours& hours, double reliability = 1)
      : skills_(skills),
        words_{hours.words[0], hours.words[1],
               hours.words[2] | (uint64_t{domains} << kDomainShift) |
                   (ReliabilityLevel(reliability) << kReliabilityShift)} {}

  uint64_t skills() const { return skills_; }
  uint16_t domains() const {
    return static_cast<uint16_t>((words_[2] >> kDomainShift) & ((1u << kDomainBits) - 1));
  }
  WeekHours hours() const {
    WeekHours hours;
    hours.words = {words_[0], words_[1], words_[2] & kHoursMask};
    return hours;
  }
  // No member's reliability is above this.
  double reliability_bound() const {
    return static_cast<double>(words_[2] >> kReliabilityShift) / kReliabilityLevels;
  }
  // Unions of the sets, the larger reliability bound.
  BlockSummary& operator|=(const BlockSummary& other) {
    const uint64_t level = std::max(words_[2] >> kReliabilityShift,
                                    other.words_[2] >> kReliabilityShift);
    skills_ |= other.skills_;
    for (int i = 0; i < 3; ++i) words_[i] |= other.words_[i];
    words_[2] = (words_[2] & kBelowReliability) | (level << kReliabilityShift);
    return *this;
  }

 private:
  // Hours 128–167 are the low 40 bits of the last word, the domains the next 10, the
  // reliability level the top 14.
  static constexpr int kDomainShift = WeekHours::kHours - 128;
  static constexpr int kReliabilityShift = kDomainShift + kDomainBits;
  static constexpr uint64_t kHoursMask = (uint64_t{1} << kDomainShift) - 1;
  static constexpr uint64_t kBelowReliability = (uint64_t{1} << kReliabilityShift) - 1;
  static constexpr double kReliabilityLevels = (1 << (64 - kReliabilityShift)) - 1;
  // The smallest level whose value is at least `reliability`, one level up so that the
  // rounding of the product never makes it smaller.
  static uint64_t ReliabilityLevel(double reliability) {
    const double level = std::ceil(std::clamp(reliability, 0.0, 1.0) * kReliabilityLevels) + 1;
    return static_cast<uint64_t>(std::min(level, kReliabilityLevels));
  }

  uint64_t skills_ = 0;
  std::array<uint64_t, 3> words_{};
};
static_assert(sizeof(BlockSummary) == 32, "a block summary must stay compact");

// The summaries of the blocks of long lists, held by the index that owns the lists so that a
// list without blocks (most home groups) costs no more than before.
class BlockPool {
 public:
  static constexpr uint32_t kNone = ~uint32_t{0};
  uint32_t Add() {
    lists_.emplace_back();
    return static_cast<uint32_t>(lists_.size() - 1);
  }
  std::vector<BlockSummary>& at(uint32_t id) { return lists_[id]; }
  const std::vector<BlockSummary>& at(uint32_t id) const { return lists_[id]; }
  void shrink_to_fit() {
    for (std::vector<BlockSummary>& list : lists_) list.shrink_to_fit();
    lists_.shrink_to_fit();
  }
  size_t MemoryBytes() const {
    size_t bytes = lists_.capacity() * sizeof(std::vector<BlockSummary>);
    for (const std::vector<BlockSummary>& list : lists_) {
      bytes += list.capacity() * sizeof(BlockSummary);
    }
    return bytes;
  }

 private:
  std::vector<std::vector<BlockSummary>> lists_;
};

// The sorted part of a list of at least kMinBlocked slots is cut into blocks of kBlock
// consecutive slots, each with the union of its members' skills, domains and hours (a
// BlockSummary in a BlockPool; a superset: exact after a sort or merge, widened by removals),
// so a scan can skip a whole block whose members cannot pass the availability rule or reach
// the top-k without reading their records. Shorter lists have no blocks: they are cheap to
// scan, and the pool entry would cost more than it saves.
// The caller must give the same `before`, `summary_of` (slot → BlockSummary of the member)
// and pool to every call (they read records that must not change while their slot is in the
// list).
class OrderedSlots {
 public:
  using value_type = uint32_t;
  using const_iterator = std::vector<uint32_t>::const_iterator;
  using iterator = const_iterator;
  static constexpr size_t kBlock = 8;
  static constexpr size_t kMinBlocked = 128;

  template <typename Before, typename SummaryOf>
  void Insert(uint32_t slot, Before before, SummaryOf summary_of, BlockPool& pool) {
    slots_.push_back(slot);
    const size_t tail = slots_.size() - sorted_;
    if (tail > 32 + sorted_ / 8) {
      std::sort(slots_.begin() + sorted_, slots_.end(), before);
      std::inplace_merge(slots_.begin(), slots_.begin() + sorted_, slots_.end(), before);
      sorted_ = static_cast<uint32_t>(slots_.size());
      RebuildBlocks(summary_of, pool);
    }
  }

  // Removes `slot`; a no-op when absent.
  template <typename Before, typename SummaryOf>
  void Erase(uint32_t slot, Before before, SummaryOf summary_of, BlockPool& pool) {
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
    if (blocks_ == BlockPool::kNone) return;
    // Every block from the removed slot's on gains the first member of the next one.
    std::vector<BlockSummary>& blocks = pool.at(blocks_);
    for (size_t block = position / kBlock; block < blocks.size(); ++block) {
      const size_t last = (block + 1) * kBlock - 1;
      if (last < sorted_) blocks[block] |= summary_of(slots_[last]);
    }
    blocks.resize(sorted_ >= kBlock ? (sorted_ + kBlock - 1) / kBlock : 0);
  }

  // Sorts the whole list (after the slots were renumbered).
  template <typename Before, typename SummaryOf>
  void SortAll(Before before, SummaryOf summary_of, BlockPool& pool) {
    std::sort(slots_.begin(), slots_.end(), before);
    sorted_ = static_cast<uint32_t>(slots_.size());
    RebuildBlocks(summary_of, pool);
  }

  // Marks the whole list sorted without sorting it: the caller renumbered the slots of a
  // sorted list monotonically (Compact), so the order holds. Rebuilds the blocks.
  template <typename SummaryOf>
  void MarkSorted(SummaryOf summary_of, BlockPool& pool) {
    sorted_ = static_cast<uint32_t>(slots_.size());
    RebuildBlocks(summary_of, pool);
  }

  // Blocks of the sorted part: block b holds sorted positions [b × kBlock, (b + 1) × kBlock);
  // none for a short list.
  size_t block_count(const BlockPool& pool) const {
    return blocks_ == BlockPool::kNone ? 0 : pool.at(blocks_).size();
  }
  // Supersets of the skills, domains and hours of block `block`'s members.
  const BlockSummary& block_summary(const BlockPool& pool, size_t block) const {
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
  template <typename SummaryOf>
  void RebuildBlocks(SummaryOf summary_of, BlockPool& pool) {
    if (sorted_ < kMinBlocked) {
      if (blocks_ != BlockPool::kNone) pool.at(blocks_).clear();
      return;
    }
    if (blocks_ == BlockPool::kNone) blocks_ = pool.Add();
    std::vector<BlockSummary>& blocks = pool.at(blocks_);
    blocks.assign((sorted_ + kBlock - 1) / kBlock, BlockSummary());
    for (size_t i = 0; i < sorted_; ++i) blocks[i / kBlock] |= summary_of(slots_[i]);
  }

  std::vector<uint32_t> slots_;
  uint32_t sorted_ = 0;
  uint32_t blocks_ = BlockPool::kNone;  // this list's entry in the pool, if any
};

}  // namespace renfort::matching

#endif  // RENFORT_MATCHING_ORDERED_SLOTS_H_
