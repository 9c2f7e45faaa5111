#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/time/clock.h"
#include "renfort/v1/mission_service.pb.h"
#include "tests/support/status_matchers.h"
#include "tests/unit/tools/command_test_util.h"

namespace renfort::ctl {
namespace {

using ::renfort::ctl::testing::Build;
using ::renfort::ctl::testing::BuildError;
using ::renfort::ctl::testing::Format;
using ::renfort::ctl::testing::FormatAll;
using ::renfort::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(StatsGet, MapsTheFilterAndGrouping) {
  auto request = Build<v1::GetParticipationStatsRequest>(
      "stats", "get",
      {"--dept=59,62", "--domain=education", "--org=o-1", "--format=remote,hybrid",
       "--since=2026-01-01", "--until=2026-07-01T00:00:00Z", "--by=domain"});
  const v1::ParticipationFilter& filter = request.filter();
  EXPECT_THAT(filter.department_codes(), ElementsAre("59", "62"));
  EXPECT_THAT(filter.domains(), ElementsAre(v1::DOMAIN_EDUCATION));
  EXPECT_THAT(filter.organisation_ids(), ElementsAre("o-1"));
  EXPECT_THAT(filter.formats(), ElementsAre(v1::FORMAT_REMOTE, v1::FORMAT_HYBRID));
  EXPECT_EQ(filter.time_window().start_time().seconds(), 1767225600);
  EXPECT_EQ(filter.time_window().end_time().seconds(), 1782864000);
  EXPECT_EQ(request.grouping(), v1::STATS_GROUPING_DOMAIN);
  EXPECT_EQ(
      Build<v1::GetParticipationStatsRequest>("stats", "get", {"--by=organisation"}).grouping(),
      v1::STATS_GROUPING_ORGANISATION);
  EXPECT_EQ(Build<v1::GetParticipationStatsRequest>("stats", "get", {"--by=commune"}).grouping(),
            v1::STATS_GROUPING_COMMUNE);
  EXPECT_THAT(
      BuildError("stats", "get", {"--by=region"}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("--by: expected one of department, domain, organisation, commune")));
}

TEST(StatsReport, BuildsTheRequestOverTheWholePeriod) {
  auto request = Build<v1::GetParticipationStatsRequest>(
      "stats", "report", {"--dept=59", "--format=remote", "--weeks=4", "--until=2030-02-04"});
  EXPECT_THAT(request.filter().department_codes(), ElementsAre("59"));
  EXPECT_THAT(request.filter().formats(), ElementsAre(v1::FORMAT_REMOTE));
  EXPECT_EQ(request.filter().time_window().start_time().seconds(), 1893974400);  // 2030-01-07
  EXPECT_EQ(request.filter().time_window().end_time().seconds(), 1896393600);    // 2030-02-04
  EXPECT_EQ(request.grouping(), v1::STATS_GROUPING_UNSPECIFIED);
  // Twelve weeks by default, ending after the current one.
  auto current = Build<v1::GetParticipationStatsRequest>("stats", "report", {});
  const int64_t span = current.filter().time_window().end_time().seconds() -
                       current.filter().time_window().start_time().seconds();
  EXPECT_GE(span, 12 * 7 * 86400 - 3600);
  EXPECT_LE(span, 12 * 7 * 86400 + 3600);
  EXPECT_GT(current.filter().time_window().end_time().seconds(), absl::ToUnixSeconds(absl::Now()));
}

TEST(StatsReport, RefusesWeeksOutOfRangeAndJson) {
  EXPECT_THAT(BuildError("stats", "report", {"--weeks=0"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("--weeks: must be between 1 and 104, got 0")));
  EXPECT_THAT(BuildError("stats", "report", {"--weeks=105"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--weeks")));
  EXPECT_THAT(BuildError("stats", "report", {"--json"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--json: stats report")));
  EXPECT_THAT(BuildError("stats", "report", {"--since=2026-01-01"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--since")));
}

TEST(StatsGet, NamesCommuneGroupsByNameAndCode) {
  v1::GetParticipationStatsResponse response;
  v1::ParticipationStatsGroup* lille = response.add_groups();
  lille->mutable_commune()->set_insee_code("59350");
  lille->mutable_commune()->set_name("Lille");
  *lille->mutable_stats() = v1::ParticipationStats();
  EXPECT_THAT(Format("stats", "get", response), HasSubstr("\nLille (59350)  0 "));
}

TEST(StatsExport, MapsFilterAndStatuses) {
  auto request = Build<v1::ExportParticipationsRequest>("stats", "export",
                                                        {"--dept=974", "--status=done,no_show"});
  EXPECT_THAT(request.filter().department_codes(), ElementsAre("974"));
  EXPECT_THAT(request.statuses(),
              ElementsAre(v1::PARTICIPATION_STATUS_DONE, v1::PARTICIPATION_STATUS_NO_SHOW));
}

v1::ParticipationStats Figures(int64_t participations) {
  v1::ParticipationStats stats;
  stats.set_participation_count(participations);
  stats.set_mission_count(3);
  stats.set_places_offered(40);
  stats.set_places_filled(30);
  stats.set_fill_rate(0.75);
  stats.set_hours_given(120.5);
  stats.set_no_show_rate(0.1);
  stats.set_remote_share(0.25);
  v1::ParticipationStatusCount* done = stats.add_status_counts();
  done->set_status(v1::PARTICIPATION_STATUS_DONE);
  done->set_count(participations);
  stats.add_status_counts()->set_status(v1::PARTICIPATION_STATUS_PENDING);
  stats.mutable_median_time_to_first_application()->set_seconds(5400);
  return stats;
}

TEST(StatsGet, PrintsTheTotalThenOneRowPerGroup) {
  v1::GetParticipationStatsResponse response;
  *response.mutable_total() = Figures(12);
  v1::ParticipationStatsGroup* lille = response.add_groups();
  lille->set_department_code("59");
  *lille->mutable_stats() = Figures(10);
  v1::ParticipationStatsGroup* reunion = response.add_groups();
  reunion->set_department_code("974");
  *reunion->mutable_stats() = Figures(2);
  const std::string text = Format("stats", "get", response);
  EXPECT_THAT(text, HasSubstr("participations     12\n"));
  EXPECT_THAT(text, HasSubstr("by status          done 12\n"));
  EXPECT_THAT(text, HasSubstr("places filled      30 of 40\n"));
  EXPECT_THAT(text, HasSubstr("fill rate          75.0%\n"));
  EXPECT_THAT(text, HasSubstr("first application  median 1.5 h after publication\n"));
  EXPECT_THAT(
      text,
      HasSubstr("GROUP  PARTICIPATIONS  MISSIONS  FILLED  FILL RATE  HOURS  NO-SHOW  REMOTE\n"
                "59     10              3         30/40   75.0%      120.5  10.0%    25.0%\n"
                "974    2               3         30/40   75.0%      120.5  10.0%    25.0%\n"));
}

TEST(StatsExport, WritesCsvWithAHeaderAndEscapedCells) {
  v1::ExportParticipationsResponse first;
  v1::ParticipationExportRow& row = *first.mutable_row();
  row.set_participation_id("p-1");
  row.set_mission_title("Collecte \"Noël\", Lille");
  row.set_domain(v1::DOMAIN_SOLIDARITY_INSERTION);
  row.set_format(v1::FORMAT_IN_PERSON);
  row.set_status(v1::PARTICIPATION_STATUS_DONE);
  row.set_hours_given(3.5);
  row.mutable_create_time()->set_seconds(1796112000);
  v1::ExportParticipationsResponse second;
  second.mutable_row()->set_participation_id("p-2");
  const std::string csv = FormatAll("stats", "export", {&first, &second});
  EXPECT_EQ(
      csv,
      "participation_id,mission_id,mission_title,organisation_id,organisation_name,department_code,"
      "domain,"
      "format,volunteer_id,volunteer_department_code,origin,status,reason,hours_given,create_time,"
      "accept_time,status_time\r\n"
      "p-1,,\"Collecte \"\"Noël\"\", Lille\",,,,solidarity_insertion,in_person,,,,done,,3.5,"
      "2026-12-01T08:00:00Z,,\r\n"
      "p-2,,,,,,,,,,,,,0,,,\r\n");
  const std::string lines = FormatAll("stats", "export", {&first, &second}, {"--json"});
  EXPECT_THAT(lines, HasSubstr("{\"row\":{\"participationId\":\"p-1\""));
  EXPECT_EQ(std::count(lines.begin(), lines.end(), '\n'), 2);
}

TEST(StatsExport, AnEmptyExportIsJustTheHeader) {
  EXPECT_EQ(FormatAll("stats", "export", {}).substr(0, 17), "participation_id,");
}

}  // namespace
}  // namespace renfort::ctl
