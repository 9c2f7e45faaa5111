#include "services/volunteers/recorded_activity.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace renfort::services {
namespace {

const absl::Time kTenPast = absl::FromUnixSeconds(1'780'000'000 / 3600 * 3600 + 600);

TEST(RecordedActivityTest, RecordsEachVolunteerOnceAnHour) {
  RecordedActivity recorded;
  EXPECT_TRUE(recorded.NeedsRecording("a", kTenPast));
  EXPECT_FALSE(recorded.NeedsRecording("a", kTenPast + absl::Minutes(49)));
  EXPECT_TRUE(recorded.NeedsRecording("b", kTenPast + absl::Minutes(49)));
  EXPECT_TRUE(recorded.NeedsRecording("a", kTenPast + absl::Minutes(50)));  // the next hour
  EXPECT_FALSE(recorded.NeedsRecording("a", kTenPast + absl::Minutes(51)));
}

TEST(RecordedActivityTest, ForgottenVolunteerIsRecordedAgain) {
  RecordedActivity recorded;
  ASSERT_TRUE(recorded.NeedsRecording("a", kTenPast));
  recorded.Forget("a");
  EXPECT_TRUE(recorded.NeedsRecording("a", kTenPast));
  EXPECT_FALSE(recorded.NeedsRecording("a", kTenPast));
}

TEST(RecordedActivityTest, StartsAgainWhenFull) {
  RecordedActivity recorded;
  for (size_t i = 0; i < RecordedActivity::kMaxRemembered; ++i) {
    ASSERT_TRUE(recorded.NeedsRecording(absl::StrCat(i), kTenPast));
  }
  EXPECT_TRUE(recorded.NeedsRecording("0", kTenPast));  // forgotten with the others
  EXPECT_FALSE(recorded.NeedsRecording("0", kTenPast));
}

}  // namespace
}  // namespace renfort::services
