// PostgreSQL restarted under a running server: health goes NOT_SERVING, then SERVING again
// without restarting the server (issue: event pipeline faults).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/private_postgres.h"
#include "tests/support/running_server.h"
#include "tests/support/test_keys.h"

namespace renfort {
namespace {

using ::grpc::health::v1::HealthCheckResponse;
using ::renfort::testing::PrivatePostgres;
using ::renfort::testing::RunningServer;
using ::renfort::testing::TestSigningKey;

TEST(DatabaseOutage, HealthFollowsPostgresAndRecoversWithoutARestart) {
  auto postgres = PrivatePostgres::Start();
  ASSERT_NE(postgres, nullptr);
  auto key = TestSigningKey::Generate(services::TokenAlgorithm::kEs256, "outage");
  auto server = RunningServer::Start({.binary = RENFORT_BIN,
                                      .database_url = postgres->url(),
                                      .jwt_key_files = {key->public_key_file()}});
  ASSERT_NE(server, nullptr);
  ASSERT_TRUE(server->AwaitHealth(HealthCheckResponse::SERVING));

  ASSERT_TRUE(postgres->Stop());
  EXPECT_TRUE(server->AwaitHealth(HealthCheckResponse::NOT_SERVING)) << server->process().Output();
  EXPECT_EQ(server->Health("liveness"), HealthCheckResponse::SERVING);

  ASSERT_TRUE(postgres->Restart());
  EXPECT_TRUE(server->AwaitHealth(HealthCheckResponse::SERVING)) << server->process().Output();
  EXPECT_FALSE(server->process().WaitForExit(absl::ZeroDuration()).has_value());
}

}  // namespace
}  // namespace renfort
