#include "matching/days.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/status_matchers.h"

namespace renfort::matching {
namespace {

using ::renfort::testing::StatusIs;

TEST(DayNumber, CountsDaysSince1900AndClampsBeyondTheRange) {
  EXPECT_EQ(ToDayNumber(absl::CivilDay(1900, 1, 1)), 0);
  EXPECT_EQ(ToDayNumber(absl::CivilDay(1900, 1, 2)), 1);
  EXPECT_EQ(ToDayNumber(absl::CivilDay(1899, 12, 31)), kFirstDay);
  EXPECT_EQ(ToDayNumber(absl::CivilDay(9999, 12, 31)), kLastDay);
}

TEST(ToCivilDay, RejectsDatesThatDoNotExist) {
  renfort::v1::Date date;
  date.set_year(2026);
  date.set_month(2);
  date.set_day(29);
  EXPECT_THAT(ToCivilDay(date, "birth_date"), StatusIs(absl::StatusCode::kInvalidArgument));
  date.set_year(2028);
  EXPECT_OK(ToCivilDay(date, "birth_date"));
}

TEST(LatestBirthDayForAge, IsTheSameDayYearsEarlier) {
  EXPECT_EQ(LatestBirthDayForAge(absl::CivilDay(2026, 3, 11), 18),
            ToDayNumber(absl::CivilDay(2008, 3, 11)));
}

TEST(LatestBirthDayForAge, LetsPeopleBornOn29FebruaryComeOfAgeOn1MarchInCommonYears) {
  // On 28 February 2026 someone born on 29 February 2008 is still 17.
  EXPECT_LT(LatestBirthDayForAge(absl::CivilDay(2026, 2, 28), 18),
            ToDayNumber(absl::CivilDay(2008, 2, 29)));
  EXPECT_GE(LatestBirthDayForAge(absl::CivilDay(2026, 3, 1), 18),
            ToDayNumber(absl::CivilDay(2008, 2, 29)));
  // Starting on 29 February 2028, the threshold is 28 February 2010.
  EXPECT_EQ(LatestBirthDayForAge(absl::CivilDay(2028, 2, 29), 18),
            ToDayNumber(absl::CivilDay(2010, 2, 28)));
}

TEST(UtcMonthNumber, ChangesAtMidnightUtcOnTheFirst) {
  const absl::Time end_of_march =
      absl::FromCivil(absl::CivilSecond(2026, 3, 31, 23, 59, 59), absl::UTCTimeZone());
  EXPECT_EQ(UtcMonthNumber(end_of_march) + 1, UtcMonthNumber(end_of_march + absl::Seconds(1)));
  EXPECT_EQ(UtcMonthNumber(absl::FromCivil(absl::CivilSecond(1900, 1, 1, 0, 0, 0),
                                           absl::UTCTimeZone())),
            0);
}

}  // namespace
}  // namespace renfort::matching
