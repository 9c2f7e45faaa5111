#include "tests/support/running_server.h"

#include <gtest/gtest.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_stack.h"

namespace renfort::testing {
namespace {

using ::grpc::health::v1::HealthCheckRequest;
using ::grpc::health::v1::HealthCheckResponse;

constexpr absl::Duration kStartTimeout = absl::Seconds(20);
constexpr absl::Duration kHealthTimeout = absl::Seconds(15);

// The "port" value of a {"event":"listening",...,"port":N,...} log line.
bool ParsePort(const std::string& line, int& port) {
  const size_t at = line.find("\"port\":");
  if (at == std::string::npos) return false;
  const size_t start = at + 7;
  return absl::SimpleAtoi(line.substr(start, line.find_first_of(",}", start) - start), &port);
}

}  // namespace

std::unique_ptr<RunningServer> RunningServer::Start(const Options& options) {
  absl::StatusOr<std::string> redis_url =
      options.redis_url.empty() ? TestRedisUrl() : absl::StatusOr<std::string>(options.redis_url);
  EXPECT_THAT(redis_url, IsOk());
  if (!redis_url.ok()) return nullptr;
  std::vector<std::string> argv = {options.binary, "--port=0", "--host=127.0.0.1",
                                   "--database_url=" + options.database_url,
                                   "--redis_url=" + *redis_url, "--db_pool_size=2",
                                   "--shutdown_grace_seconds=5"};
  if (!options.jwt_key_files.empty()) {
    argv.push_back("--jwt_keys=" + absl::StrJoin(options.jwt_key_files, ","));
  }
  argv.insert(argv.end(), options.extra_flags.begin(), options.extra_flags.end());
  absl::StatusOr<std::unique_ptr<ChildProcess>> process = ChildProcess::Start(argv);
  EXPECT_THAT(process, IsOk());
  if (!process.ok()) return nullptr;
  absl::StatusOr<std::string> line =
      (*process)->WaitForLine("\"event\":\"listening\"", kStartTimeout);
  EXPECT_THAT(line, IsOk());
  if (!line.ok()) return nullptr;
  auto server = std::unique_ptr<RunningServer>(new RunningServer);
  EXPECT_TRUE(ParsePort(*line, server->port_)) << *line;
  server->process_ = *std::move(process);
  server->channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server->port_),
                                         grpc::InsecureChannelCredentials());
  return server;
}

HealthCheckResponse::ServingStatus RunningServer::Health(const std::string& service) {
  auto stub = grpc::health::v1::Health::NewStub(channel_);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  HealthCheckRequest request;
  request.set_service(service);
  HealthCheckResponse response;
  const grpc::Status status = stub->Check(&context, request, &response);
  return status.ok() ? response.status() : HealthCheckResponse::UNKNOWN;
}

bool RunningServer::AwaitHealth(HealthCheckResponse::ServingStatus expected,
                                const std::string& service) {
  const absl::Time deadline = absl::Now() + kHealthTimeout;
  while (absl::Now() < deadline) {
    if (Health(service) == expected) return true;
    absl::SleepFor(absl::Milliseconds(50));
  }
  return false;
}

}  // namespace renfort::testing
