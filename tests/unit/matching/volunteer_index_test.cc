#include "matching/volunteer_index.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "tests/unit/matching/engine_test_support.h"
#include "tests/unit/matching/random_world.h"

namespace renfort::matching {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

CompiledVolunteer Volunteer(int n, GeoPointF home, int travel_km, uint8_t flags) {
  CompiledVolunteer volunteer;
  volunteer.id = *Uuid::Parse(testing::TestId(n), "id");
  volunteer.home = home;
  volunteer.record.max_travel_km = static_cast<uint8_t>(travel_km);
  volunteer.record.flags = flags;
  volunteer.record.domains = 0b11;
  return volunteer;
}

constexpr GeoPointF kParis{48.8589f, 2.3469f};
constexpr GeoPointF kVersailles{48.8025f, 2.1181f};  // ~18 km from Paris
constexpr GeoPointF kMende{44.5181f, 3.5006f};
constexpr uint8_t kInPerson = kActive | kAcceptsInPerson;

std::vector<uint32_t> SlotsInReach(const VolunteerIndex& index, GeoPointF point) {
  std::vector<uint32_t> slots;
  for (const auto& reach : index.GroupsInReach({point})) {
    slots.insert(slots.end(), reach.group->slots.begin(), reach.group->slots.end());
  }
  return slots;
}

TEST(VolunteerIndex, GroupsVolunteersByHomeAndTravelClassAndFindsThoseInReach) {
  VolunteerIndex index;
  index.Upsert(Volunteer(1, kVersailles, 20, kInPerson));
  index.Upsert(Volunteer(2, kVersailles, 10, kInPerson));   // Paris is beyond 10 km
  index.Upsert(Volunteer(3, kMende, 200, kInPerson));       // 500 km away
  index.Upsert(Volunteer(4, kParis, 5, kInPerson));
  const uint32_t one = *index.Find(*Uuid::Parse(testing::TestId(1), "id"));
  const uint32_t four = *index.Find(*Uuid::Parse(testing::TestId(4), "id"));
  EXPECT_THAT(SlotsInReach(index, kParis), UnorderedElementsAre(one, four));
}

TEST(VolunteerIndex, MovesAVolunteerWhoChangesHomeAndForgetsRemovedOnes) {
  VolunteerIndex index;
  index.Upsert(Volunteer(1, kMende, 20, kInPerson));
  EXPECT_THAT(SlotsInReach(index, kParis), IsEmpty());
  index.Upsert(Volunteer(1, kParis, 20, kInPerson));
  EXPECT_EQ(index.size(), 1u);
  EXPECT_EQ(SlotsInReach(index, kParis).size(), 1u);
  EXPECT_THAT(SlotsInReach(index, kMende), IsEmpty());
  EXPECT_TRUE(index.Remove(*Uuid::Parse(testing::TestId(1), "id")));
  EXPECT_FALSE(index.Remove(*Uuid::Parse(testing::TestId(1), "id")));
  EXPECT_EQ(index.size(), 0u);
  EXPECT_THAT(SlotsInReach(index, kParis), IsEmpty());
}

TEST(VolunteerIndex, KeepsPausedVolunteersOutOfEveryCandidateSet) {
  VolunteerIndex index;
  index.Upsert(Volunteer(1, kParis, 20, kAcceptsInPerson | kAcceptsRemote));  // not kActive
  EXPECT_EQ(index.size(), 1u);
  EXPECT_THAT(SlotsInReach(index, kParis), IsEmpty());
  EXPECT_THAT(index.RemoteWithDomains(0b11).all(), IsEmpty());
  EXPECT_FALSE(index.home(0).has_value());
}

TEST(VolunteerIndex, ListsRemoteWillingVolunteersByTheirExactDomains) {
  VolunteerIndex index;
  index.Upsert(Volunteer(1, kParis, 20, kActive | kAcceptsRemote));
  index.Upsert(Volunteer(2, kParis, 20, kInPerson));
  EXPECT_THAT(index.RemoteWithDomains(0b11).all(), ElementsAre(0u));
}

TEST(VolunteerIndex, CompactKeepsEveryVolunteerFindableAndMakesGroupsContiguous) {
  VolunteerIndex index;
  for (int n = 1; n <= 60; ++n) {
    index.Upsert(Volunteer(n, n % 3 == 0 ? kParis : n % 3 == 1 ? kVersailles : kMende, 20,
                           n % 4 == 0 ? (kActive | kAcceptsRemote) : kInPerson));
  }
  for (int n = 1; n <= 60; n += 7) index.Remove(*Uuid::Parse(testing::TestId(n), "id"));
  index.Compact();
  EXPECT_EQ(index.size(), 51u);
  for (int n = 1; n <= 60; ++n) {
    std::optional<uint32_t> slot = index.Find(*Uuid::Parse(testing::TestId(n), "id"));
    EXPECT_EQ(slot.has_value(), (n - 1) % 7 != 0) << n;
    if (slot) {
      EXPECT_EQ(index.id(*slot).ToString(), testing::TestId(n));
    }
  }
  for (const auto& reach : index.GroupsInReach({kParis})) {
    const std::vector<uint32_t>& slots = reach.group->slots.all();
    EXPECT_EQ(slots.back() - slots.front() + 1, slots.size());
  }
}

TEST(VolunteerIndex, HoldsAVolunteerInAboutOneCacheLinePlusItsIdAndSets) {
  VolunteerIndex index;
  index.Reserve(10000);
  for (int n = 1; n <= 10000; ++n) index.Upsert(Volunteer(n, kParis, 20, kInPerson));
  index.Compact();
  EXPECT_LE(index.MemoryBytes() / 10000, 96u);
}

}  // namespace
// Ranking stops scanning a list once reliability can no longer lift anyone into the top-k, so
// every list must stay in reliability order (best first) through inserts, moves and removals,
// apart from the short unsorted tail OrderedSlots allows.
TEST(VolunteerIndex, KeepsEveryCandidateListInReliabilityOrderThroughUpdates) {
  VolunteerIndex index;
  auto with_history = [](int n, int done, int no_show, GeoPointF home, uint8_t flags) {
    CompiledVolunteer volunteer = Volunteer(n, home, 20, flags);
    volunteer.record.done_count = static_cast<uint8_t>(done);
    volunteer.record.no_show_count = static_cast<uint8_t>(no_show);
    return volunteer;
  };
  auto check = [&index](const OrderedSlots& list) {
    const std::vector<uint32_t>& slots = list.all();
    for (size_t i = 1; i < list.sorted_size(); ++i) {
      const double before = index.ReliabilityOf(index.record(slots[i - 1]));
      const double after = index.ReliabilityOf(index.record(slots[i]));
      ASSERT_TRUE(before > after || (before == after && slots[i - 1] < slots[i])) << i;
    }
  };
  auto expect_members = [&index](const OrderedSlots& list, const std::set<int>& expected) {
    std::set<int> members;
    for (uint32_t slot : list.all()) {
      members.insert(std::stoi(index.id(slot).ToString().substr(24)));
    }
    EXPECT_EQ(members, expected);
  };
  std::set<int> in_paris;
  for (int n = 1; n <= 2000; ++n) {
    index.Upsert(with_history(n, (n * 37) % 11, (n * 13) % 4, kParis,
                              kInPerson | kAcceptsRemote));
    in_paris.insert(n);
  }
  for (int n = 1; n <= 2000; n += 3) {  // moves to Mende with a new history
    index.Upsert(with_history(n, (n * 7) % 5, n % 2, kMende, kInPerson | kAcceptsRemote));
    in_paris.erase(n);
  }
  for (int n = 2; n <= 2000; n += 5) {
    index.Remove(*Uuid::Parse(testing::TestId(n), "id"));
    in_paris.erase(n);
  }
  for (int round = 0; round < 2; ++round) {
    for (const auto& reach : index.GroupsInReach({kParis})) {
      check(reach.group->slots);
      expect_members(reach.group->slots, in_paris);
    }
    check(index.RemoteWithDomains(0b11));
    EXPECT_EQ(index.RemoteWithDomains(0b11).size(), index.size());
    index.Compact();
    for (const auto& reach : index.GroupsInReach({kParis})) {
      EXPECT_EQ(reach.group->slots.sorted_size(), reach.group->slots.size());
    }
  }
}

}  // namespace renfort::matching
