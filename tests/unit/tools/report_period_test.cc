// The weeks of the coordinator report: where the current week ends, and weeks counted back in
// Paris civil time across daylight-saving changes.
#include "tools/renfortctl/report_period.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace renfort::ctl {
namespace {

using ::testing::ElementsAre;

absl::Time Utc(int64_t seconds) { return absl::FromUnixSeconds(seconds); }

TEST(EndOfWeek, IsTheNextMondayMidnightInParis) {
  const absl::TimeZone paris = ReportTimeZone();
  const absl::Time monday_7_december = Utc(1796598000);  // 2026-12-07 00:00 Paris
  // Wednesday 2 December 2026, 02:40 Paris.
  EXPECT_EQ(EndOfWeek(Utc(1796175600), paris), monday_7_december);
  // Sunday 6 December, 23:59:59 Paris: still that week.
  EXPECT_EQ(EndOfWeek(monday_7_december - absl::Seconds(1), paris), monday_7_december);
  // Monday midnight itself starts a new week, which ends a week later.
  EXPECT_EQ(EndOfWeek(monday_7_december, paris), Utc(1797202800));
}

TEST(WeekBounds, CountsSevenCivilDaysBackSoWeeksStartAtMidnightAcrossTimeChanges) {
  const absl::TimeZone paris = ReportTimeZone();
  // Monday 2 November 2026 00:00 Paris (CET); summer time ended on Sunday 25 October.
  const absl::Time end = Utc(1793574000);
  EXPECT_THAT(WeekBounds(end, 3, paris),
              ElementsAre(Utc(1791756000),  // 12 Oct 00:00 CEST
                          Utc(1792360800),  // 19 Oct 00:00 CEST
                          Utc(1792969200),  // 26 Oct 00:00 CET: a week of 169 hours before it
                          end));
  EXPECT_THAT(WeekBounds(end, 1, paris), ElementsAre(Utc(1792969200), end));
}

TEST(WeekBounds, KeepsTheTimeOfDayOfAnEndThatIsNotMidnight) {
  const absl::TimeZone utc = absl::UTCTimeZone();
  const absl::Time end = Utc(1896393600) + absl::Hours(9);  // 2030-02-04 09:00Z
  const std::vector<absl::Time> bounds = WeekBounds(end, 4, utc);
  ASSERT_EQ(bounds.size(), 5u);
  EXPECT_EQ(bounds.front(), Utc(1893974400) + absl::Hours(9));  // 2030-01-07 09:00Z
  for (size_t i = 0; i + 1 < bounds.size(); ++i) {
    EXPECT_EQ(bounds[i + 1] - bounds[i], absl::Hours(24 * 7));
  }
}

}  // namespace
}  // namespace renfort::ctl
