#include "tools/renfortctl/import_progress.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

namespace renfort::ctl {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(ProgressBar, ShowsShareRowsRateAndEta) {
  const ProgressSnapshot half{500000, 3, 50, 100, absl::Seconds(5)};
  EXPECT_EQ(ProgressBar(half, 10),
            "[#####-----]  50%  500,000 rows  100,000 rows/s  3 rejected  ETA 5s");
  EXPECT_EQ(ProgressLine(half),
            "500000 rows read (3 rejected), 100000 rows/s, 50% of the file, ETA 5s");
}

TEST(ProgressBar, LeavesOutShareAndEtaWithoutAFileSize) {
  const ProgressSnapshot piped{1200, 0, 50, std::nullopt, absl::Seconds(2)};
  EXPECT_EQ(ProgressBar(piped), "1,200 rows  600 rows/s");
  EXPECT_THAT(ProgressLine(piped), Not(HasSubstr("ETA")));
}

TEST(ProgressReporter, PrintsPlainLinesAtMostOncePerIntervalWhenNotATerminal) {
  std::ostringstream err;
  ProgressReporter reporter(err, /*terminal=*/false, absl::Seconds(5));
  const absl::Time start = absl::UnixEpoch();
  reporter.Update({10, 0, 1, 10, absl::Seconds(1)}, start);
  reporter.Update({20, 0, 2, 10, absl::Seconds(2)}, start + absl::Seconds(1));
  reporter.Update({60, 0, 6, 10, absl::Seconds(6)}, start + absl::Seconds(6));
  EXPECT_EQ(err.str(),
            "import: 10 rows read (0 rejected), 10 rows/s, 10% of the file, ETA 9s\n"
            "import: 60 rows read (0 rejected), 10 rows/s, 60% of the file, ETA 4s\n");
}

TEST(ProgressReporter, RedrawsOneLineOnATerminal) {
  std::ostringstream err;
  ProgressReporter reporter(err, /*terminal=*/true, absl::Seconds(5));
  reporter.Update({10, 0, 1, 10, absl::Seconds(1)}, absl::UnixEpoch());
  reporter.Finish({100, 0, 10, 10, absl::Seconds(10)});
  const std::string text = err.str();
  EXPECT_THAT(text, HasSubstr("\r["));
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1);
}

TEST(WithThousands, GroupsDigits) {
  EXPECT_EQ(WithThousands(0), "0");
  EXPECT_EQ(WithThousands(999), "999");
  EXPECT_EQ(WithThousands(1000), "1,000");
  EXPECT_EQ(WithThousands(1234567), "1,234,567");
}

}  // namespace
}  // namespace renfort::ctl
