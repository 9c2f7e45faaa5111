#include "matching/records.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/status_matchers.h"
#include "tests/unit/matching/engine_test_support.h"
#include "tests/unit/matching/random_world.h"

namespace renfort::matching {
namespace {

using ::renfort::testing::StatusIs;
using ::testing::HasSubstr;
using testing::ParisMission;
using testing::ParisVolunteer;
using testing::TestId;
using testing::TestNow;
using testing::TestSkills;
using testing::TestZones;

absl::StatusOr<CompiledVolunteer> Compile(const renfort::v1::Volunteer& volunteer,
                                          const VolunteerActivity& activity = {}) {
  return CompileVolunteer(volunteer, activity, TestSkills(), TestZones(), TestNow());
}

TEST(CompileVolunteer, DefaultsTravelTo20KmAndTreatsNoSlotAsAlwaysAvailable) {
  renfort::v1::Volunteer volunteer = ParisVolunteer(TestId(1));
  volunteer.set_max_travel_km(0);
  absl::StatusOr<CompiledVolunteer> compiled = Compile(volunteer);
  ASSERT_OK(compiled);
  EXPECT_EQ(compiled->record.max_travel_km, 20);
  EXPECT_EQ(compiled->record.hours, WeekHours::All());
  EXPECT_TRUE(compiled->record.Has(kActive));
  EXPECT_EQ(compiled->home, (GeoPointF{48.8589f, 2.3469f}));
}

TEST(CompileVolunteer, RejectsWhatMatchingCannotUseNamingTheField) {
  renfort::v1::Volunteer volunteer = ParisVolunteer(TestId(1));
  volunteer.add_skills("plongee");
  EXPECT_THAT(Compile(volunteer),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("volunteer.skills")));
  volunteer = ParisVolunteer(TestId(1));
  volunteer.set_max_travel_km(201);
  EXPECT_THAT(Compile(volunteer),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("max_travel_km")));
  volunteer = ParisVolunteer(TestId(1));
  volunteer.clear_home_commune();
  EXPECT_THAT(Compile(volunteer), StatusIs(absl::StatusCode::kInvalidArgument,
                                           HasSubstr("home_commune.centroid")));
  volunteer = ParisVolunteer(TestId(1));
  volunteer.set_accepts_in_person(false);
  volunteer.set_accepts_remote(false);
  EXPECT_THAT(Compile(volunteer), StatusIs(absl::StatusCode::kInvalidArgument));
  volunteer = ParisVolunteer("not-a-uuid");
  EXPECT_THAT(Compile(volunteer),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("volunteer.id")));
}

TEST(CompileVolunteer, KeepsInvitationsOfTheMonthTheyWereCountedIn) {
  VolunteerActivity activity;
  activity.invitations_this_month = 3;
  activity.counted_at = TestNow();
  absl::StatusOr<CompiledVolunteer> compiled = Compile(ParisVolunteer(TestId(1)), activity);
  ASSERT_OK(compiled);
  EXPECT_EQ(compiled->record.InvitationsIn(UtcMonthNumber(TestNow())), 3);
  EXPECT_EQ(compiled->record.InvitationsIn(UtcMonthNumber(TestNow() + absl::Hours(24 * 31))), 0);
}

TEST(RecordCounts, ScalesLargeCountsKeepingTheirRatio) {
  EXPECT_EQ(RecordCounts(12, 3), std::make_pair(uint8_t{12}, uint8_t{3}));
  EXPECT_EQ(RecordCounts(1020, 100), std::make_pair(uint8_t{255}, uint8_t{25}));
}

TEST(CompileMission, DerivesDatesAgeThresholdAndHoursFromTheSchedule) {
  renfort::v1::Mission mission = ParisMission(TestId(2));
  absl::StatusOr<MissionRecord> compiled =
      CompileMission(mission, TestSkills(), TestZones(), TestNow());
  ASSERT_OK(compiled);
  EXPECT_EQ(compiled->start_day, ToDayNumber(absl::CivilDay(2026, 3, 1)));
  EXPECT_EQ(compiled->end_day, kLastDay);
  EXPECT_EQ(compiled->latest_birth_day, ToDayNumber(absl::CivilDay(2008, 3, 1)));
  EXPECT_EQ(compiled->hour_count, 2);
  EXPECT_TRUE(compiled->in_person);
  EXPECT_TRUE(compiled->published);

  mission.set_open_to_minors(true);
  compiled = CompileMission(mission, TestSkills(), TestZones(), TestNow());
  ASSERT_OK(compiled);
  EXPECT_EQ(compiled->latest_birth_day, ToDayNumber(absl::CivilDay(2010, 3, 1)));
}

TEST(CompileMission, RequiresAddressesUnlessRemote) {
  renfort::v1::Mission mission = ParisMission(TestId(2));
  mission.clear_addresses();
  EXPECT_THAT(CompileMission(mission, TestSkills(), TestZones(), TestNow()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("mission.addresses")));
  mission.set_format(renfort::v1::FORMAT_REMOTE);
  EXPECT_OK(CompileMission(mission, TestSkills(), TestZones(), TestNow()));
}

}  // namespace
}  // namespace renfort::matching
