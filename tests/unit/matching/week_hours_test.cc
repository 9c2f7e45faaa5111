#include "matching/week_hours.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/status_matchers.h"

namespace renfort::matching {
namespace {

using ::renfort::testing::StatusIs;

google::protobuf::RepeatedPtrField<renfort::v1::WeeklySlot> Slots(
    std::initializer_list<std::array<int, 3>> slots) {
  google::protobuf::RepeatedPtrField<renfort::v1::WeeklySlot> out;
  for (const auto& [weekday, start, end] : slots) {
    renfort::v1::WeeklySlot& slot = *out.Add();
    slot.set_weekday(static_cast<renfort::v1::Weekday>(weekday));
    slot.set_start_minute(start);
    slot.set_end_minute(end);
  }
  return out;
}

WeekHours HoursOf(std::initializer_list<std::array<int, 3>> slots, int offset = 0) {
  WeekHours hours;
  EXPECT_OK(AddWeeklySlots(Slots(slots), offset, "slots", hours));
  return hours;
}

TEST(WeekHours, MarksEveryHourASlotTouches) {
  EXPECT_EQ(HoursOf({{1, 9 * 60, 11 * 60}}).Count(), 2);       // 09:00–11:00
  EXPECT_EQ(HoursOf({{1, 9 * 60 + 30, 10 * 60}}).Count(), 1);  // 09:30–10:00
  EXPECT_EQ(HoursOf({{1, 9 * 60 + 30, 10 * 60 + 1}}).Count(), 2);
  EXPECT_EQ(HoursOf({{7, 0, 1440}}).Count(), 24);
  EXPECT_EQ(WeekHours::All().Count(), WeekHours::kHours);
}

TEST(WeekHours, ComparesLocalSlotsOnTheUtcWeek) {
  // Monday 09:00 in La Réunion (UTC+4) is Monday 05:00 UTC, i.e. 06:00 in Paris in winter.
  const WeekHours reunion = HoursOf({{1, 9 * 60, 10 * 60}}, 4);
  EXPECT_TRUE(reunion.Intersects(HoursOf({{1, 6 * 60, 7 * 60}}, 1)));
  EXPECT_FALSE(reunion.Intersects(HoursOf({{1, 9 * 60, 10 * 60}}, 1)));
}

TEST(WeekHours, WrapsAroundTheEndOfTheWeek) {
  // Monday 00:00–01:00 in Paris (UTC+1) is Sunday 23:00 UTC, the last hour of the week.
  const WeekHours monday_midnight = HoursOf({{1, 0, 60}}, 1);
  EXPECT_TRUE(monday_midnight.Contains(WeekHours::kHours - 1));
  // Sunday 23:00 in Guadeloupe (UTC−4) is Monday 03:00 UTC.
  EXPECT_TRUE(HoursOf({{7, 23 * 60, 24 * 60}}, -4).Contains(3));
}

TEST(WeekHours, CountsCommonHours) {
  EXPECT_EQ(HoursOf({{3, 14 * 60, 18 * 60}}).CommonCount(HoursOf({{3, 16 * 60, 20 * 60}})), 2);
}

TEST(AddWeeklySlots, RejectsInvalidWeekdaysAndMinutes) {
  WeekHours hours;
  EXPECT_THAT(AddWeeklySlots(Slots({{0, 60, 120}}), 0, "slots", hours),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(AddWeeklySlots(Slots({{1, 120, 120}}), 0, "slots", hours),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(AddWeeklySlots(Slots({{1, 0, 1441}}), 0, "slots", hours),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(AddDatedSlots, UsesTheWeekdayOfTheDate) {
  google::protobuf::RepeatedPtrField<renfort::v1::DatedSlot> slots;
  renfort::v1::DatedSlot& slot = *slots.Add();
  slot.mutable_date()->set_year(2026);
  slot.mutable_date()->set_month(3);
  slot.mutable_date()->set_day(14);  // a Saturday
  slot.set_start_minute(10 * 60);
  slot.set_end_minute(11 * 60);
  WeekHours hours;
  ASSERT_OK(AddDatedSlots(slots, 0, "slots", hours));
  EXPECT_EQ(hours, HoursOf({{6, 10 * 60, 11 * 60}}));
}

}  // namespace
}  // namespace renfort::matching
