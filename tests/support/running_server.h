#ifndef RENFORT_TESTS_SUPPORT_RUNNING_SERVER_H_
#define RENFORT_TESTS_SUPPORT_RUNNING_SERVER_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "grpc/health/v1/health.grpc.pb.h"
#include "tests/support/child_process.h"

namespace renfort::testing {

// A real server binary started on a free loopback port against a database of the test stack and
// the test Redis, as an end-to-end test needs it.
class RunningServer {
 public:
  struct Options {
    std::string binary;
    std::string database_url;
    std::vector<std::string> jwt_key_files;  // --jwt_keys
    std::vector<std::string> extra_flags;
    // The Redis to use; empty means the test stack's (RENFORT_TEST_REDIS_URL).
    std::string redis_url;
  };

  // Starts the binary and waits until it listens. On failure records a gtest failure and
  // returns nullptr.
  static std::unique_ptr<RunningServer> Start(const Options& options);

  // One Health/Check call; UNKNOWN when the call itself fails.
  grpc::health::v1::HealthCheckResponse::ServingStatus Health(const std::string& service = "");
  // Polls Health until it reports `expected`, for up to 15 s.
  bool AwaitHealth(grpc::health::v1::HealthCheckResponse::ServingStatus expected,
                   const std::string& service = "");

  ChildProcess& process() { return *process_; }
  const std::shared_ptr<grpc::Channel>& channel() const { return channel_; }
  int port() const { return port_; }

 private:
  std::unique_ptr<ChildProcess> process_;
  std::shared_ptr<grpc::Channel> channel_;
  int port_ = 0;
};

}  // namespace renfort::testing

#endif  // RENFORT_TESTS_SUPPORT_RUNNING_SERVER_H_
