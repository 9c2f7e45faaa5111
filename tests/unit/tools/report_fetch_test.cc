// `stats report` through the driver against an in-process fake MissionService: the calls it
// makes (period by domain, by commune, then each week), each with the token and a deadline,
// the page it writes, and that a refused call leaves no page.
#include "tools/renfortctl/report_fetch.h"

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "renfort/v1/mission_service.grpc.pb.h"
#include "tools/renfortctl/cli.h"
#include "tools/renfortctl/report_period.h"

namespace renfort::ctl {
namespace {

using ::testing::Each;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class FakeStatsService final : public v1::MissionService::Service {
 public:
  grpc::Status GetParticipationStats(grpc::ServerContext* context,
                                     const v1::GetParticipationStatsRequest* request,
                                     v1::GetParticipationStatsResponse* response) override {
    absl::MutexLock lock(&mutex_);
    requests_.push_back(*request);
    auto it = context->client_metadata().find("authorization");
    authorizations_.push_back(it == context->client_metadata().end()
                                  ? ""
                                  : std::string(it->second.data(), it->second.size()));
    const bool refuse_weeks = request->filter().department_codes_size() > 0 &&
                              request->filter().department_codes(0) == "75";
    switch (request->grouping()) {
      case v1::STATS_GROUPING_DOMAIN: {
        response->mutable_total()->set_participation_count(42);
        v1::ParticipationStatsGroup& group = *response->add_groups();
        group.set_domain(v1::DOMAIN_EDUCATION);
        group.mutable_stats()->set_places_offered(8);
        group.mutable_stats()->set_places_filled(6);
        group.mutable_stats()->set_fill_rate(0.75);
        return grpc::Status::OK;
      }
      case v1::STATS_GROUPING_COMMUNE: {
        v1::ParticipationStatsGroup& group = *response->add_groups();
        group.mutable_commune()->set_insee_code("59512");
        group.mutable_commune()->set_name("Roubaix");
        group.mutable_stats()->set_participation_count(17);
        return grpc::Status::OK;
      }
      default:
        if (refuse_weeks) {
          return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                              "département 75 is outside your scope");
        }
        v1::ParticipationStatusCount& done = *response->mutable_total()->add_status_counts();
        done.set_status(v1::PARTICIPATION_STATUS_DONE);
        done.set_count(static_cast<int64_t>(requests_.size()));
        return grpc::Status::OK;
    }
  }

  std::vector<v1::GetParticipationStatsRequest> requests() {
    absl::MutexLock lock(&mutex_);
    return requests_;
  }
  std::vector<std::string> authorizations() {
    absl::MutexLock lock(&mutex_);
    return authorizations_;
  }

 private:
  absl::Mutex mutex_;
  std::vector<v1::GetParticipationStatsRequest> requests_ ABSL_GUARDED_BY(mutex_);
  std::vector<std::string> authorizations_ ABSL_GUARDED_BY(mutex_);
};

class ReportDriverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    directory_ = std::filesystem::temp_directory_path() /
                 absl::StrCat("renfortctl-report-", ::getpid(), "-", port_);
    std::filesystem::create_directories(directory_);
  }
  void TearDown() override {
    server_->Shutdown();
    std::filesystem::remove_all(directory_);
  }

  int Run(const std::vector<std::string>& words, std::string* err) {
    Environment environment;
    environment.endpoint = absl::StrCat("127.0.0.1:", port_);
    environment.token = "t0ken";
    std::ostringstream out, errors;
    const int code = RunCli(words, environment, out, errors);
    *err = errors.str();
    EXPECT_THAT(out.str(), IsEmpty());
    return code;
  }

  FakeStatsService service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  std::filesystem::path directory_;
};

int64_t Seconds(const google::protobuf::Timestamp& timestamp) { return timestamp.seconds(); }

TEST_F(ReportDriverTest, MakesOneCallByDomainOneByCommuneAndOnePerWeekThenWritesThePage) {
  const std::string path = (directory_ / "report.html").string();
  std::string err;
  // 2030-02-04 00:00Z is 01:00 in Paris: the weeks start on Mondays at 01:00 Paris time.
  ASSERT_EQ(
      Run({"stats", "report", "--dept=59", "--weeks=3", "--until=2030-02-04", "--out=" + path},
          &err),
      0)
      << err;
  EXPECT_THAT(err, HasSubstr("wrote " + path));
  const std::vector<v1::GetParticipationStatsRequest> requests = service_.requests();
  ASSERT_EQ(requests.size(), 5u);
  EXPECT_THAT(service_.authorizations(), Each(std::string("Bearer t0ken")));
  EXPECT_EQ(requests[0].grouping(), v1::STATS_GROUPING_DOMAIN);
  EXPECT_EQ(requests[1].grouping(), v1::STATS_GROUPING_COMMUNE);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(Seconds(requests[i].filter().time_window().start_time()), 1894579200);  // 01-14
    EXPECT_EQ(Seconds(requests[i].filter().time_window().end_time()), 1896393600);    // 02-04
  }
  std::vector<int64_t> week_starts;
  for (size_t i = 2; i < requests.size(); ++i) {
    EXPECT_EQ(requests[i].grouping(), v1::STATS_GROUPING_UNSPECIFIED);
    EXPECT_THAT(requests[i].filter().department_codes(), ElementsAre("59"));
    week_starts.push_back(Seconds(requests[i].filter().time_window().start_time()));
    EXPECT_EQ(Seconds(requests[i].filter().time_window().end_time()) - week_starts.back(),
              7 * 86400);
  }
  EXPECT_THAT(week_starts, ElementsAre(1894579200, 1895184000, 1895788800));

  std::ifstream file(path);
  std::stringstream page;
  page << file.rdbuf();
  EXPECT_THAT(page.str(), HasSubstr("<title>Rapport de coordination — Département 59</title>"));
  EXPECT_THAT(page.str(), HasSubstr("du 14 janv. 2030 au 4 févr. 2030 (3 semaines)"));
  EXPECT_THAT(page.str(), HasSubstr("<dt>Participations</dt><dd>42</dd>"));
  EXPECT_THAT(page.str(), HasSubstr("<td>Roubaix (59512)</td>"));
  EXPECT_THAT(page.str(), HasSubstr("<title>Semaine du 28/01 — Réalisée : 5</title>"));
  EXPECT_THAT(page.str(), HasSubstr("Éducation pour tous"));
}

TEST_F(ReportDriverTest, ARefusedCallStopsTheReportAndWritesNothing) {
  const std::string path = (directory_ / "refused.html").string();
  std::string err;
  EXPECT_EQ(Run({"stats", "report", "--dept=75", "--weeks=2", "--out=" + path}, &err), 1);
  EXPECT_THAT(err, HasSubstr("renfortctl stats report: PERMISSION_DENIED: département 75"));
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_EQ(service_.requests().size(), 3u);  // domain, commune, the first week
}

TEST(ReportRequests, SplitThePeriodIntoWeeksOfTheZone) {
  v1::GetParticipationStatsRequest period;
  period.mutable_filter()->add_formats(v1::FORMAT_REMOTE);
  period.mutable_filter()->mutable_time_window()->mutable_start_time()->set_seconds(1893974400);
  period.mutable_filter()->mutable_time_window()->mutable_end_time()->set_seconds(1896393600);
  const auto requests = ReportRequests(period, 4, absl::UTCTimeZone());
  ASSERT_EQ(requests.size(), 6u);
  EXPECT_EQ(Seconds(requests[2].filter().time_window().start_time()), 1893974400);
  EXPECT_EQ(Seconds(requests[5].filter().time_window().end_time()), 1896393600);
  for (const auto& request : requests) {
    EXPECT_THAT(request.filter().formats(), ElementsAre(v1::FORMAT_REMOTE));
  }
}

}  // namespace
}  // namespace renfort::ctl
