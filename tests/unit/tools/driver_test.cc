// The driver against an in-process fake MissionService on a loopback port: what a successful
// call prints, that the token and a deadline travel with every call, and how a streamed export
// is written as it arrives, to a file only once complete.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "renfort/v1/mission_service.grpc.pb.h"
#include "tools/renfortctl/cli.h"

namespace renfort::ctl {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

class FakeMissionService final : public v1::MissionService::Service {
 public:
  grpc::Status GetMission(grpc::ServerContext* context, const v1::GetMissionRequest* request,
                          v1::GetMissionResponse* response) override {
    Record(*context);
    if (request->mission_id() == "missing") {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "mission missing not found");
    }
    response->mutable_mission()->set_id(request->mission_id());
    response->mutable_mission()->set_title("Maraude à Roubaix");
    return grpc::Status::OK;
  }

  grpc::Status ExportParticipations(
      grpc::ServerContext* context, const v1::ExportParticipationsRequest* request,
      grpc::ServerWriter<v1::ExportParticipationsResponse>* writer) override {
    Record(*context);
    for (int i = 1; i <= 3; ++i) {
      v1::ExportParticipationsResponse row;
      row.mutable_row()->set_participation_id(absl::StrCat("p-", i));
      writer->Write(row);
    }
    if (request->filter().department_codes_size() > 0 &&
        request->filter().department_codes(0) == "75") {
      return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                          "département 75 is outside your scope");
    }
    return grpc::Status::OK;
  }

  std::string authorization() {
    absl::MutexLock lock(&mutex_);
    return authorization_;
  }
  bool had_deadline() {
    absl::MutexLock lock(&mutex_);
    return had_deadline_;
  }

 private:
  void Record(const grpc::ServerContext& context) {
    absl::MutexLock lock(&mutex_);
    auto it = context.client_metadata().find("authorization");
    authorization_ = it == context.client_metadata().end()
                         ? ""
                         : std::string(it->second.data(), it->second.size());
    had_deadline_ = context.deadline() < std::chrono::system_clock::now() + std::chrono::hours(1);
  }

  absl::Mutex mutex_;
  std::string authorization_ ABSL_GUARDED_BY(mutex_);
  bool had_deadline_ ABSL_GUARDED_BY(mutex_) = false;
};

class DriverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    ASSERT_GT(port_, 0);
    directory_ = std::filesystem::temp_directory_path() /
                 absl::StrCat("renfortctl-driver-", ::getpid(), "-", port_);
    std::filesystem::create_directories(directory_);
  }
  void TearDown() override {
    server_->Shutdown();
    std::filesystem::remove_all(directory_);
  }

  struct Result {
    int code;
    std::string out;
    std::string err;
  };
  Result Run(std::vector<std::string> words) {
    Environment environment;
    environment.endpoint = absl::StrCat("127.0.0.1:", port_);
    environment.token = "t0ken";
    std::ostringstream out, err;
    const int code = RunCli(words, environment, out, err);
    return {code, out.str(), err.str()};
  }

  FakeMissionService service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  std::filesystem::path directory_;
};

TEST_F(DriverTest, ASuccessfulCallPrintsTheResponseAndSendsTokenAndDeadline) {
  const Result result = Run({"mission", "get", "--id=m-1"});
  EXPECT_EQ(result.code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("title           Maraude à Roubaix\n"));
  EXPECT_THAT(result.err, IsEmpty());
  EXPECT_EQ(service_.authorization(), "Bearer t0ken");
  EXPECT_TRUE(service_.had_deadline());

  const Result json = Run({"mission", "get", "--id=m-1", "--json", "--token=other"});
  EXPECT_THAT(json.out, StartsWith("{\n \"mission\": {\n"));
  EXPECT_EQ(service_.authorization(), "Bearer other");
}

TEST_F(DriverTest, ARefusalExitsOneWithCodeMessageAndHint) {
  const Result result = Run({"mission", "get", "--id=missing"});
  EXPECT_EQ(result.code, 1);
  EXPECT_THAT(result.out, IsEmpty());
  EXPECT_EQ(result.err,
            "renfortctl mission get: NOT_FOUND: mission missing not found\n"
            "  hint: check the id (`renfortctl mission list` shows those you may see)\n");
}

TEST_F(DriverTest, AnExportStreamsCsvToStdout) {
  const Result result = Run({"stats", "export", "--dept=59"});
  EXPECT_EQ(result.code, 0) << result.err;
  EXPECT_THAT(result.out, StartsWith("participation_id,mission_id,"));
  EXPECT_THAT(result.out, HasSubstr("\r\np-1,"));
  EXPECT_THAT(result.out, HasSubstr("\r\np-3,"));
  const Result json = Run({"stats", "export", "--json"});
  EXPECT_EQ(std::count(json.out.begin(), json.out.end(), '\n'), 3);
}

TEST_F(DriverTest, AnExportToAFileAppearsOnlyWhenComplete) {
  const std::string path = (directory_ / "export.csv").string();
  const Result done = Run({"stats", "export", "--out", path});
  EXPECT_EQ(done.code, 0) << done.err;
  EXPECT_THAT(done.err, HasSubstr("wrote " + path + " (3 rows)"));
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  EXPECT_THAT(text.str(), HasSubstr("\r\np-3,"));
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));

  const std::string refused = (directory_ / "refused.csv").string();
  const Result failed = Run({"stats", "export", "--dept=75", "--out", refused});
  EXPECT_EQ(failed.code, 1);
  EXPECT_THAT(failed.err, HasSubstr("renfortctl stats export: PERMISSION_DENIED: département 75"));
  EXPECT_FALSE(std::filesystem::exists(refused));
  EXPECT_FALSE(std::filesystem::exists(refused + ".partial"));
}

}  // namespace
}  // namespace renfort::ctl
