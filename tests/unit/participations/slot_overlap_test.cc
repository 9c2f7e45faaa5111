#include "services/missions/slot_overlap.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/status_matchers.h"

namespace renfort::services {
namespace {

namespace v1 = ::renfort::v1;
using ::renfort::testing::StatusIs;
using ::testing::HasSubstr;

v1::Date D(int year, int month, int day) {
  v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

v1::Mission OneOff(const std::string& id, const std::string& zone,
                   std::vector<std::tuple<v1::Date, int, int>> slots) {
  v1::Mission mission;
  mission.set_id(id);
  mission.set_title("Mission " + id);
  mission.set_time_zone(zone);
  mission.mutable_schedule()->set_kind(v1::SCHEDULE_KIND_ONE_OFF);
  for (const auto& [date, start, end] : slots) {
    v1::DatedSlot& slot = *mission.mutable_schedule()->add_dated_slots();
    *slot.mutable_date() = date;
    slot.set_start_minute(start);
    slot.set_end_minute(end);
  }
  return mission;
}

v1::Mission Weekly(const std::string& id, const std::string& zone, v1::Date from,
                   std::optional<v1::Date> until, std::vector<std::tuple<int, int, int>> slots) {
  v1::Mission mission;
  mission.set_id(id);
  mission.set_title("Mission " + id);
  mission.set_time_zone(zone);
  v1::Schedule& schedule = *mission.mutable_schedule();
  schedule.set_kind(v1::SCHEDULE_KIND_RECURRING);
  *schedule.mutable_date_range()->mutable_start_date() = from;
  if (until) *schedule.mutable_date_range()->mutable_end_date() = *until;
  for (const auto& [weekday, start, end] : slots) {
    v1::WeeklySlot& slot = *schedule.add_weekly_slots();
    slot.set_weekday(static_cast<v1::Weekday>(weekday));
    slot.set_start_minute(start);
    slot.set_end_minute(end);
  }
  return mission;
}

constexpr char kParis[] = "Europe/Paris";
constexpr char kReunion[] = "Indian/Reunion";

TEST(SlotOverlapTest, OneOffSlotsOverlappingOnTheSameDay_Overlap) {
  const auto a = OneOff("a", kParis, {{D(2027, 3, 10), 9 * 60, 12 * 60}});
  const auto b = OneOff("b", kParis, {{D(2027, 3, 10), 11 * 60, 13 * 60}});
  EXPECT_TRUE(FirstSharedInstant(a, b).has_value());
  EXPECT_TRUE(FirstSharedInstant(b, a).has_value());
}

TEST(SlotOverlapTest, BackToBackSlots_DoNotOverlap) {
  const auto a = OneOff("a", kParis, {{D(2027, 3, 10), 9 * 60, 12 * 60}});
  const auto b = OneOff("b", kParis, {{D(2027, 3, 10), 12 * 60, 14 * 60}});
  EXPECT_FALSE(FirstSharedInstant(a, b).has_value());
  const auto c = Weekly("c", kParis, D(2027, 1, 1), D(2027, 12, 31), {{3, 14 * 60, 16 * 60}});
  const auto d = Weekly("d", kParis, D(2027, 1, 1), D(2027, 12, 31), {{3, 16 * 60, 18 * 60}});
  EXPECT_FALSE(FirstSharedInstant(c, d).has_value());
}

TEST(SlotOverlapTest, OneOffSlotsOnDifferentDays_DoNotOverlap) {
  const auto a = OneOff("a", kParis, {{D(2027, 3, 10), 9 * 60, 12 * 60}});
  const auto b = OneOff("b", kParis, {{D(2027, 3, 11), 9 * 60, 12 * 60}});
  EXPECT_FALSE(FirstSharedInstant(a, b).has_value());
}

TEST(SlotOverlapTest, WeeklySlotsOnTheSameWeekdayWithinOverlappingRanges_Overlap) {
  // Wednesday 14:00–16:00 and Wednesday 15:00–17:00.
  const auto a = Weekly("a", kParis, D(2027, 9, 1), D(2028, 6, 30), {{3, 14 * 60, 16 * 60}});
  const auto b = Weekly("b", kParis, D(2028, 1, 1), std::nullopt, {{3, 15 * 60, 17 * 60}});
  const std::optional<absl::Time> shared = FirstSharedInstant(a, b);
  ASSERT_TRUE(shared.has_value());
  absl::TimeZone paris;
  ASSERT_TRUE(absl::LoadTimeZone(kParis, &paris));
  // 2028-01-05 is the first Wednesday both run.
  EXPECT_EQ(absl::FormatTime("%Y-%m-%d %H:%M", *shared, paris), "2028-01-05 15:00");
}

TEST(SlotOverlapTest, WeeklySlotsWithDisjointDateRanges_DoNotOverlap) {
  const auto a = Weekly("a", kParis, D(2027, 1, 1), D(2027, 6, 30), {{3, 14 * 60, 16 * 60}});
  const auto b = Weekly("b", kParis, D(2027, 7, 1), D(2027, 12, 31), {{3, 14 * 60, 16 * 60}});
  EXPECT_FALSE(FirstSharedInstant(a, b).has_value());
}

TEST(SlotOverlapTest, WeeklySlotsOnDifferentWeekdays_DoNotOverlap) {
  const auto a = Weekly("a", kParis, D(2027, 1, 1), std::nullopt, {{3, 14 * 60, 16 * 60}});
  const auto b = Weekly("b", kParis, D(2027, 1, 1), std::nullopt, {{4, 14 * 60, 16 * 60}});
  EXPECT_FALSE(FirstSharedInstant(a, b).has_value());
}

TEST(SlotOverlapTest, WeeklyAgainstOneOff_OverlapsOnlyOnItsWeekday) {
  const auto weekly = Weekly("w", kParis, D(2027, 1, 1), D(2027, 12, 31), {{3, 14 * 60, 16 * 60}});
  // 2027-03-10 is a Wednesday, 2027-03-11 a Thursday.
  EXPECT_TRUE(
      FirstSharedInstant(weekly, OneOff("x", kParis, {{D(2027, 3, 10), 15 * 60, 15 * 60 + 30}})));
  EXPECT_FALSE(
      FirstSharedInstant(weekly, OneOff("y", kParis, {{D(2027, 3, 11), 15 * 60, 16 * 60}})));
}

// 09:00 in Réunion (UTC+4) is 06:00 in Paris in winter (UTC+1), 07:00 in summer (UTC+2).
TEST(SlotOverlapTest, SlotsAreLocalToEachMissionsTimeZone) {
  const auto reunion = OneOff("r", kReunion, {{D(2027, 1, 15), 9 * 60, 10 * 60}});
  const auto paris_same_wall_clock = OneOff("p", kParis, {{D(2027, 1, 15), 9 * 60, 10 * 60}});
  EXPECT_FALSE(FirstSharedInstant(reunion, paris_same_wall_clock).has_value());
  const auto paris_same_instant = OneOff("q", kParis, {{D(2027, 1, 15), 6 * 60, 7 * 60}});
  EXPECT_TRUE(FirstSharedInstant(reunion, paris_same_instant).has_value());
  // In July Paris is UTC+2: 09:00 Réunion is 07:00 Paris; 06:00–07:00 only touches it.
  const auto reunion_july = OneOff("r2", kReunion, {{D(2027, 7, 15), 9 * 60, 10 * 60}});
  EXPECT_FALSE(
      FirstSharedInstant(reunion_july, OneOff("s", kParis, {{D(2027, 7, 15), 6 * 60, 7 * 60}})));
  EXPECT_TRUE(FirstSharedInstant(
      reunion_july, OneOff("t", kParis, {{D(2027, 7, 15), 6 * 60 + 30, 7 * 60 + 30}})));
}

// 01:00–02:00 on a Thursday in Réunion is 22:00–23:00 on Wednesday in Paris (winter): the
// overlap is found across the local date line.
TEST(SlotOverlapTest, WeeklySlotsAcrossZones_CompareInstantsNotWeekdays) {
  const auto reunion = Weekly("r", kReunion, D(2027, 1, 1), D(2027, 2, 28), {{4, 60, 120}});
  const auto paris = Weekly("p", kParis, D(2027, 1, 1), D(2027, 2, 28), {{3, 22 * 60, 23 * 60}});
  EXPECT_TRUE(FirstSharedInstant(reunion, paris).has_value());
  const auto paris_thursday = Weekly("q", kParis, D(2027, 1, 1), D(2027, 2, 28), {{4, 60, 120}});
  EXPECT_FALSE(FirstSharedInstant(reunion, paris_thursday).has_value());
}

TEST(SlotOverlapTest, SlotEndingAtMidnight_TouchesTheNextDaysFirstSlotOnly) {
  const auto late = OneOff("a", kParis, {{D(2027, 3, 10), 22 * 60, 1440}});
  const auto early = OneOff("b", kParis, {{D(2027, 3, 11), 0, 60}});
  EXPECT_FALSE(FirstSharedInstant(late, early).has_value());
}

TEST(SlotOverlapTest, CheckNoScheduleOverlap_NamesTheConflictingMission) {
  const auto mission = OneOff("m", kParis, {{D(2027, 3, 10), 9 * 60, 12 * 60}});
  v1::Mission conflicting = OneOff("c", kParis, {{D(2027, 3, 10), 10 * 60, 11 * 60}});
  conflicting.set_title("Maraude du mercredi");
  const auto elsewhere = OneOff("e", kParis, {{D(2027, 3, 12), 10 * 60, 11 * 60}});
  EXPECT_OK(CheckNoScheduleOverlap(mission, {elsewhere}));
  EXPECT_THAT(CheckNoScheduleOverlap(mission, {elsewhere, conflicting}),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("Maraude du mercredi")));
}

TEST(SlotOverlapTest, SlotInstants_ConvertsLocalTimesWithTheZonesRules) {
  const auto reunion = OneOff("r", kReunion, {{D(2027, 1, 15), 9 * 60, 10 * 60}});
  const std::vector<TimeSlot> slots =
      SlotInstants(reunion, absl::CivilDay(2027, 1, 1), absl::CivilDay(2027, 12, 31));
  ASSERT_EQ(slots.size(), 1u);
  EXPECT_EQ(absl::FormatTime("%Y-%m-%dT%H:%M", slots[0].start, absl::UTCTimeZone()),
            "2027-01-15T05:00");
}

}  // namespace
}  // namespace renfort::services
