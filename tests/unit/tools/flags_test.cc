#include "tools/renfortctl/flags.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "renfort/v1/common.pb.h"
#include "tests/support/status_matchers.h"

namespace renfort::ctl {
namespace {

using ::renfort::testing::IsOk;
using ::renfort::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<FlagSpec> Specs() {
  return {StringFlag("title", "title"),
          IntFlag("places", "places"),
          DoubleFlag("radius", "km"),
          BoolFlag("explain", "explain"),
          ListFlag("skills", "skills"),
          RepeatedFlag("prerequisite", "text"),
          EnumFlag("domain", v1::Domain_descriptor(), "DOMAIN_", "domain"),
          EnumListFlag("domains", v1::Domain_descriptor(), "DOMAIN_", "domains"),
          DateFlag("from", "date"),
          TimestampFlag("since", "time"),
          DurationFlag("timeout", "deadline"),
          StringFlag("id", "id", true)};
}

TEST(ParseFlags, ReadsEveryKindInBothSpellings) {
  absl::StatusOr<ParsedFlags> flags =
      ParseFlags(Specs(), {"--id=m1", "--title", "Aide aux devoirs", "--places=12", "--radius=7.5",
                           "--explain", "--skills=first_aid,driving", "--skills", "cooking",
                           "--prerequisite=Permis B, voiture", "--domain=solidarity-insertion",
                           "--domains=education,HEALTH", "--from=2026-12-05",
                           "--since=2026-12-01T08:00:00Z", "--timeout=30s"});
  ASSERT_THAT(flags, IsOk());
  EXPECT_EQ(flags->String("title"), "Aide aux devoirs");
  EXPECT_EQ(flags->Int("places"), 12);
  EXPECT_DOUBLE_EQ(flags->Double("radius"), 7.5);
  EXPECT_TRUE(flags->Bool("explain"));
  EXPECT_THAT(flags->List("skills"), ElementsAre("first_aid", "driving", "cooking"));
  EXPECT_THAT(flags->List("prerequisite"), ElementsAre("Permis B, voiture"));
  EXPECT_EQ(flags->Enum("domain"), v1::DOMAIN_SOLIDARITY_INSERTION);
  EXPECT_THAT(flags->Enums("domains"), ElementsAre(v1::DOMAIN_EDUCATION, v1::DOMAIN_HEALTH));
  EXPECT_EQ(flags->Date("from").day(), 5);
  EXPECT_EQ(flags->Timestamp("since").seconds(), 1796112000);
  EXPECT_EQ(flags->Duration("timeout"), absl::Seconds(30));
  EXPECT_FALSE(flags->Has("page"));
}

TEST(ParseFlags, AcceptsUnderscoresInFlagNamesAndRefusesBareWords) {
  absl::StatusOr<ParsedFlags> flags =
      ParseFlags({StringFlag("page-token", "t")}, {"--page_token=x"});
  ASSERT_THAT(flags, IsOk());
  EXPECT_EQ(flags->String("page-token"), "x");
  EXPECT_THAT(
      ParseFlags({StringFlag("page-token", "t")}, {"extra"}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("unexpected argument 'extra'")));
}

TEST(ParseFlags, NamesTheFlagInEveryError) {
  EXPECT_THAT(ParseFlags(Specs(), {"--id=1", "--places=beaucoup"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("--places: expected an integer, got 'beaucoup'")));
  EXPECT_THAT(ParseFlags(Specs(), {"--id=1", "--colour=red"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--colour: unknown flag")));
  EXPECT_THAT(
      ParseFlags(Specs(), {"--id=1", "--domain=cooking"}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--domain: expected one of health,")));
  EXPECT_THAT(ParseFlags(Specs(), {"--id=1", "--from=2026-02-30"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--from: expected a date")));
  EXPECT_THAT(
      ParseFlags(Specs(), {"--id=1", "--title=a", "--title=b"}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--title: given more than once")));
  EXPECT_THAT(ParseFlags(Specs(), {"--id=1", "--title"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--title: needs a value")));
  EXPECT_THAT(ParseFlags(Specs(), {}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--id is required")));
  EXPECT_THAT(
      ParseFlags(Specs(), {"--id=1", "--explain=maybe"}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--explain: expected true or false")));
}

TEST(ParseFlags, TheUnspecifiedEnumValueIsNotAChoice) {
  EXPECT_THAT(ParseFlags(Specs(), {"--id=1", "--domain=unspecified"}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(EnumChoices(*v1::Format_descriptor(), "FORMAT_"),
              ElementsAre("in_person", "remote", "hybrid"));
}

TEST(ParseClock, ReadsHoursAndMinutesUpToMidnight) {
  EXPECT_EQ(*ParseClock("09:30"), 570);
  EXPECT_EQ(*ParseClock("24:00"), 1440);
  EXPECT_FALSE(ParseClock("24:01").ok());
  EXPECT_FALSE(ParseClock("9h30").ok());
}

TEST(DescribeFlags, ListsKindRequirementAndChoices) {
  const std::string text = DescribeFlags(Specs());
  EXPECT_THAT(text, HasSubstr("--places=N"));
  EXPECT_THAT(text, HasSubstr("--id=TEXT"));
  EXPECT_THAT(text, HasSubstr("(required) id"));
  EXPECT_THAT(text, HasSubstr("[health|prevention_protection|"));
}

}  // namespace
}  // namespace renfort::ctl
