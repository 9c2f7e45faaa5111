#include "services/missions/schedule_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/status_matchers.h"

namespace renfort::services {
namespace {

using ::renfort::testing::IsOk;
using ::renfort::testing::StatusIs;
using ::testing::HasSubstr;

v1::DatedSlot Dated(int year, int month, int day, int start, int end) {
  v1::DatedSlot slot;
  slot.mutable_date()->set_year(year);
  slot.mutable_date()->set_month(month);
  slot.mutable_date()->set_day(day);
  slot.set_start_minute(start);
  slot.set_end_minute(end);
  return slot;
}

v1::WeeklySlot Weekly(v1::Weekday weekday, int start, int end) {
  v1::WeeklySlot slot;
  slot.set_weekday(weekday);
  slot.set_start_minute(start);
  slot.set_end_minute(end);
  return slot;
}

v1::Schedule OneOff(std::vector<v1::DatedSlot> slots) {
  v1::Schedule schedule;
  schedule.set_kind(v1::SCHEDULE_KIND_ONE_OFF);
  for (auto& slot : slots) *schedule.add_dated_slots() = slot;
  return schedule;
}

v1::Schedule Recurring(std::vector<v1::WeeklySlot> slots) {
  v1::Schedule schedule;
  schedule.set_kind(v1::SCHEDULE_KIND_RECURRING);
  for (auto& slot : slots) *schedule.add_weekly_slots() = slot;
  v1::Date* start = schedule.mutable_date_range()->mutable_start_date();
  start->set_year(2030);
  start->set_month(9);
  start->set_day(1);
  return schedule;
}

TEST(ScheduleRulesTest, OneOff_BackToBackSlotsAreFine) {
  EXPECT_THAT(
      ValidateSchedule(OneOff({Dated(2030, 1, 5, 600, 720), Dated(2030, 1, 5, 720, 840)}), "s"),
      IsOk());
}

TEST(ScheduleRulesTest, OneOff_OverlappingSlotsAreRefusedNamingTheSlot) {
  EXPECT_THAT(
      ValidateSchedule(OneOff({Dated(2030, 1, 5, 600, 720), Dated(2030, 1, 5, 700, 800)}), "s"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("s.dated_slots[1]")));
}

TEST(ScheduleRulesTest, OneOff_SameHoursOnOtherDaysDoNotOverlap) {
  EXPECT_THAT(
      ValidateSchedule(OneOff({Dated(2030, 1, 6, 600, 720), Dated(2030, 1, 5, 600, 720)}), "s"),
      IsOk());
}

TEST(ScheduleRulesTest, SlotMustFitInsideADayAndEndAfterStart) {
  EXPECT_THAT(ValidateSchedule(OneOff({Dated(2030, 1, 5, 600, 600)}), "s"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("end_minute")));
  EXPECT_THAT(ValidateSchedule(OneOff({Dated(2030, 1, 5, 1400, 1441)}), "s"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("end_minute")));
  EXPECT_THAT(ValidateSchedule(OneOff({Dated(2030, 1, 5, 1440, 1440)}), "s"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("start_minute")));
  EXPECT_THAT(ValidateSchedule(OneOff({Dated(2030, 1, 5, 1380, 1440)}), "s"), IsOk());
}

TEST(ScheduleRulesTest, OneOff_RefusesImpossibleDatesAndMixedKinds) {
  EXPECT_THAT(ValidateSchedule(OneOff({Dated(2030, 2, 30, 600, 700)}), "s"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("s.dated_slots[0].date")));
  v1::Schedule mixed = OneOff({Dated(2030, 2, 3, 600, 700)});
  *mixed.add_weekly_slots() = Weekly(v1::WEEKDAY_MONDAY, 600, 700);
  EXPECT_THAT(ValidateSchedule(mixed, "s"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("s.weekly_slots")));
  EXPECT_THAT(ValidateSchedule(OneOff({}), "s"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("s.dated_slots")));
}

TEST(ScheduleRulesTest, Recurring_NeedsAStartAndAnEndNotBeforeIt) {
  v1::Schedule schedule = Recurring({Weekly(v1::WEEKDAY_WEDNESDAY, 840, 960)});
  EXPECT_THAT(ValidateSchedule(schedule, "s"), IsOk());
  v1::Date* end = schedule.mutable_date_range()->mutable_end_date();
  end->set_year(2030);
  end->set_month(8);
  end->set_day(31);
  EXPECT_THAT(ValidateSchedule(schedule, "s"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("s.date_range.end_date")));
  schedule.clear_date_range();
  EXPECT_THAT(ValidateSchedule(schedule, "s"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("s.date_range.start_date")));
}

TEST(ScheduleRulesTest, Recurring_OverlapOnlyCountsOnTheSameWeekday) {
  EXPECT_THAT(ValidateSchedule(Recurring({Weekly(v1::WEEKDAY_MONDAY, 600, 720),
                                          Weekly(v1::WEEKDAY_TUESDAY, 600, 720)}),
                               "s"),
              IsOk());
  EXPECT_THAT(ValidateSchedule(Recurring({Weekly(v1::WEEKDAY_MONDAY, 600, 720),
                                          Weekly(v1::WEEKDAY_MONDAY, 719, 800)}),
                               "s"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("s.weekly_slots[1]")));
  EXPECT_THAT(ValidateSchedule(Recurring({Weekly(v1::WEEKDAY_UNSPECIFIED, 600, 720)}), "s"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("weekday")));
}

TEST(ScheduleRulesTest, UnsetKindIsRefused) {
  EXPECT_THAT(ValidateSchedule(v1::Schedule(), "s"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("s.kind")));
}

TEST(ScheduleRulesTest, DatesAreTheEarliestAndLatestSlotsOrTheRange) {
  v1::Date start, end;
  ScheduleDates(OneOff({Dated(2030, 3, 9, 600, 700), Dated(2030, 1, 5, 600, 700),
                        Dated(2030, 2, 1, 600, 700)}),
                start, end);
  EXPECT_EQ(start.month(), 1);
  EXPECT_EQ(end.month(), 3);
  ScheduleDates(Recurring({Weekly(v1::WEEKDAY_MONDAY, 600, 720)}), start, end);
  EXPECT_EQ(start.month(), 9);
  EXPECT_EQ(end.year(), 0);
}

TEST(ScheduleRulesTest, SortDatedSlotsOrdersByDateThenStart) {
  v1::Schedule schedule = OneOff(
      {Dated(2030, 1, 6, 600, 700), Dated(2030, 1, 5, 800, 900), Dated(2030, 1, 5, 600, 700)});
  SortDatedSlots(schedule);
  EXPECT_EQ(schedule.dated_slots(0).start_minute(), 600);
  EXPECT_EQ(schedule.dated_slots(0).date().day(), 5);
  EXPECT_EQ(schedule.dated_slots(1).start_minute(), 800);
  EXPECT_EQ(schedule.dated_slots(2).date().day(), 6);
}

}  // namespace
}  // namespace renfort::services
