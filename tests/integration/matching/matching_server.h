#ifndef RENFORT_TESTS_INTEGRATION_MATCHING_MATCHING_SERVER_H_
#define RENFORT_TESTS_INTEGRATION_MATCHING_MATCHING_SERVER_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "renfort/v1/matching_service.grpc.pb.h"
#include "services/common/auth/caller.h"
#include "tests/integration/matching/matching_fixtures.h"
#include "tests/support/private_redis.h"
#include "tests/support/running_server.h"
#include "tests/support/scratch_database.h"
#include "tests/support/test_keys.h"

namespace renfort::testing {

// One test's world: its own database, its own Redis (the stream and consumer groups are then
// the test's alone), a real renfort-matching process whose relay and indexer run against them,
// and a signing key for tokens.
class MatchingServerTest : public ::testing::Test {
 protected:
  void SetUp() override;

  // Starts (again) the server; waits until health is SERVING (snapshot loaded).
  void StartServer();

  template <typename Request, typename Response>
  grpc::Status Call(grpc::Status (renfort::v1::MatchingService::Stub::*method)(grpc::ClientContext*,
                                                                               const Request&,
                                                                               Response*),
                    const services::Caller& caller, const Request& request, Response& response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    context.AddMetadata("authorization", "Bearer " + key_->Token(caller));
    response.Clear();
    return (stub_.get()->*method)(&context, request, &response);
  }

  // RankVolunteers as an admin, limit 500. A failure is a test failure unless `status` is given
  // to receive it.
  renfort::v1::RankVolunteersResponse Rank(const std::string& mission_id, bool explain = false,
                                           grpc::Status* status = nullptr);

  std::unique_ptr<TestSigningKey> key_;
  std::unique_ptr<ScratchDatabase> database_;
  std::unique_ptr<PrivateRedis> redis_;
  std::unique_ptr<RunningServer> server_;
  std::unique_ptr<renfort::v1::MatchingService::Stub> stub_;
  std::unique_ptr<MatchingFixtures> fixtures_;
  std::string organisation_;
};

}  // namespace renfort::testing

#endif  // RENFORT_TESTS_INTEGRATION_MATCHING_MATCHING_SERVER_H_
