#include "matching/volunteer_index.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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
  EXPECT_THAT(index.RemoteWithDomains(0b11), IsEmpty());
  EXPECT_FALSE(index.home(0).has_value());
}

TEST(VolunteerIndex, ListsRemoteWillingVolunteersByTheirExactDomains) {
  VolunteerIndex index;
  index.Upsert(Volunteer(1, kParis, 20, kActive | kAcceptsRemote));
  index.Upsert(Volunteer(2, kParis, 20, kInPerson));
  EXPECT_THAT(index.RemoteWithDomains(0b11), ElementsAre(0u));
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
    const std::vector<uint32_t>& slots = reach.group->slots;
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
}  // namespace renfort::matching
