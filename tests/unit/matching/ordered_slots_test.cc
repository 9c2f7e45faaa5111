// OrderedSlots' blocks: through random inserts, removals and sorts, every block's summary must
// hold every skill, domain and hour of the members at its positions and bound their
// reliability (the ranker skips a block on it).
#include "matching/ordered_slots.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace renfort::matching {
namespace {

class OrderedSlotsBlocks : public ::testing::Test {
 protected:
  // Order: key descending, then slot ascending (as the index orders reliability).
  auto Before() const {
    return [this](uint32_t a, uint32_t b) { return key_[a] != key_[b] ? key_[a] > key_[b] : a < b; };
  }
  auto SummaryOf() const {
    return [this](uint32_t slot) {
      return BlockSummary(skills_[slot], domains_[slot], hours_[slot], Reliability(slot));
    };
  }
  // The key as a reliability in [0, 1], in the same order, with values that no 14-bit level
  // holds exactly.
  double Reliability(uint32_t slot) const { return key_[slot] / 39.0; }
  void ExpectBlocksCoverMembers() const {
    const std::vector<uint32_t>& slots = list_.all();
    const size_t blocks = list_.block_count(pool_);
    if (blocks > 0) {
      ASSERT_EQ(blocks, (list_.sorted_size() + OrderedSlots::kBlock - 1) / OrderedSlots::kBlock);
    }
    for (size_t i = 0; i < list_.sorted_size() && blocks > 0; ++i) {
      const BlockSummary& block = list_.block_summary(pool_, i / OrderedSlots::kBlock);
      const uint32_t slot = slots[i];
      ASSERT_EQ(skills_[slot] & ~block.skills(), 0u) << "position " << i;
      ASSERT_EQ(domains_[slot] & ~block.domains(), 0u) << "position " << i;
      ASSERT_EQ(hours_[slot].CommonCount(block.hours()), hours_[slot].Count()) << "position " << i;
      ASSERT_GE(block.reliability_bound(), Reliability(slot)) << "position " << i;
    }
    ASSERT_TRUE(std::is_sorted(slots.begin(), slots.begin() + list_.sorted_size(), Before()));
  }

  std::vector<int> key_;
  std::vector<uint64_t> skills_;
  std::vector<uint16_t> domains_;
  std::vector<WeekHours> hours_;
  BlockPool pool_;
  OrderedSlots list_;
};

TEST(BlockSummary, KeepsSkillsDomainsAndEveryHourApart) {
  const WeekHours all = WeekHours::All();
  const BlockSummary summary(~uint64_t{0}, 0x3FF, all);
  EXPECT_EQ(summary.skills(), ~uint64_t{0});
  EXPECT_EQ(summary.domains(), 0x3FF);
  EXPECT_EQ(summary.hours(), all);
  BlockSummary empty;
  EXPECT_EQ(empty.domains(), 0);
  EXPECT_TRUE(empty.hours().Empty());
  empty |= BlockSummary(0, 0x200, WeekHours(), 0.25);
  EXPECT_EQ(empty.domains(), 0x200);
  EXPECT_TRUE(empty.hours().Empty());
}

// The reliability is kept on 14 bits: never below the member's, at most two levels above,
// merged by maximum (not by bits) and apart from the hours and domains beside it.
TEST(BlockSummary, BoundsReliabilityTightlyAndMergesByMaximum) {
  std::mt19937_64 rng(11);
  for (int i = 0; i < 100000; ++i) {
    const double reliability =
        i < 3 ? i / 2.0 : static_cast<double>(rng() % 1000001) / 1000000.0;
    const BlockSummary summary(0, 0x3FF, WeekHours::All(), reliability);
    ASSERT_GE(summary.reliability_bound(), reliability) << reliability;
    ASSERT_LE(summary.reliability_bound(), std::min(1.0, reliability + 2.0 / 16383)) << reliability;
    ASSERT_EQ(summary.domains(), 0x3FF);
    ASSERT_EQ(summary.hours(), WeekHours::All());
  }
  // 0.5 and a little under 0.5 differ in every low bit of their levels: OR would give ~1.
  BlockSummary merged(0, 0x001, WeekHours(), 0.4999);
  merged |= BlockSummary(0, 0x002, WeekHours(), 0.5);
  EXPECT_GE(merged.reliability_bound(), 0.5);
  EXPECT_LE(merged.reliability_bound(), 0.5 + 2.0 / 16383);
  EXPECT_EQ(merged.domains(), 0x003);
  EXPECT_TRUE(merged.hours().Empty());
}

TEST_F(OrderedSlotsBlocks, BlockUnionsStaySupersetsThroughInsertsAndRemovals) {
  std::mt19937_64 rng(7);
  std::vector<uint32_t> members;
  for (uint32_t slot = 0; slot < 4000; ++slot) {
    key_.push_back(static_cast<int>(rng() % 40));
    skills_.push_back(uint64_t{1} << (rng() % 64) | uint64_t{1} << (rng() % 64));
    domains_.push_back(static_cast<uint16_t>(1u << (rng() % 10) | 1u << (rng() % 10)));
    WeekHours hours;
    for (int h = 0; h < 3; ++h) hours.words[h] = rng() & rng() & rng();
    hours.words[2] &= (uint64_t{1} << (WeekHours::kHours - 128)) - 1;
    if (rng() % 8 == 0) hours = WeekHours::All();
    hours_.push_back(hours);
  }
  uint32_t next = 0;
  for (int step = 0; step < 6000; ++step) {
    if (next < key_.size() && (members.size() < 50 || rng() % 3 != 0)) {
      list_.Insert(next, Before(), SummaryOf(), pool_);
      members.push_back(next++);
    } else if (!members.empty()) {
      const size_t i = rng() % members.size();
      list_.Erase(members[i], Before(), SummaryOf(), pool_);
      members.erase(members.begin() + i);
    }
    if (step % 500 == 0) list_.SortAll(Before(), SummaryOf(), pool_);
    ExpectBlocksCoverMembers();
    ASSERT_EQ(list_.size(), members.size());
  }
  EXPECT_GT(list_.block_count(pool_), 10u);
}

}  // namespace
}  // namespace renfort::matching
