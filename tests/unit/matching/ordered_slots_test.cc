// OrderedSlots' blocks: through random inserts, removals and sorts, every block's summary must
// hold every skill, domain and hour of the members at its positions (the ranker skips a block
// on it).
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
      return BlockSummary(skills_[slot], domains_[slot], hours_[slot]);
    };
  }
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
  empty |= BlockSummary(0, 0x200, WeekHours());
  EXPECT_EQ(empty.domains(), 0x200);
  EXPECT_TRUE(empty.hours().Empty());
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
