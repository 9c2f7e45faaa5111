// OrderedSlots' skill blocks: through random inserts, removals and sorts, every block's skill
// union must hold every skill of the members at its positions (the ranker skips a block on it).
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
  auto SkillsOf() const {
    return [this](uint32_t slot) { return skills_[slot]; };
  }
  void ExpectBlocksCoverMembers() const {
    const std::vector<uint32_t>& slots = list_.all();
    const size_t blocks = list_.block_count(pool_);
    if (blocks > 0) {
      ASSERT_EQ(blocks, (list_.sorted_size() + OrderedSlots::kBlock - 1) / OrderedSlots::kBlock);
    }
    for (size_t i = 0; i < list_.sorted_size() && blocks > 0; ++i) {
      const uint64_t block = list_.block_skills(pool_, i / OrderedSlots::kBlock);
      ASSERT_EQ(skills_[slots[i]] & ~block, 0u) << "position " << i;
    }
    ASSERT_TRUE(std::is_sorted(slots.begin(), slots.begin() + list_.sorted_size(), Before()));
  }

  std::vector<int> key_;
  std::vector<uint64_t> skills_;
  SkillBlockPool pool_;
  OrderedSlots list_;
};

TEST_F(OrderedSlotsBlocks, BlockUnionsStaySupersetsThroughInsertsAndRemovals) {
  std::mt19937_64 rng(7);
  std::vector<uint32_t> members;
  for (uint32_t slot = 0; slot < 4000; ++slot) {
    key_.push_back(static_cast<int>(rng() % 40));
    skills_.push_back(uint64_t{1} << (rng() % 64) | uint64_t{1} << (rng() % 64));
  }
  uint32_t next = 0;
  for (int step = 0; step < 6000; ++step) {
    if (next < key_.size() && (members.size() < 50 || rng() % 3 != 0)) {
      list_.Insert(next, Before(), SkillsOf(), pool_);
      members.push_back(next++);
    } else if (!members.empty()) {
      const size_t i = rng() % members.size();
      list_.Erase(members[i], Before(), SkillsOf(), pool_);
      members.erase(members.begin() + i);
    }
    if (step % 500 == 0) list_.SortAll(Before(), SkillsOf(), pool_);
    ExpectBlocksCoverMembers();
    ASSERT_EQ(list_.size(), members.size());
  }
  EXPECT_GT(list_.block_count(pool_), 10u);
}

}  // namespace
}  // namespace renfort::matching
