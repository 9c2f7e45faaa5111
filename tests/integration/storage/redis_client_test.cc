#include "storage/redis/redis_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/status_matchers.h"
#include "tests/support/test_stack.h"

namespace renfort::storage {
namespace {

using ::renfort::testing::IsOk;
using ::renfort::testing::StatusIs;
using ::testing::HasSubstr;

TEST(RedisConnection, PingsTheTestServer) {
  absl::StatusOr<std::string> url = renfort::testing::TestRedisUrl();
  ASSERT_THAT(url, IsOk());
  absl::StatusOr<RedisEndpoint> endpoint = ParseRedisUrl(*url);
  ASSERT_THAT(endpoint, IsOk());
  absl::StatusOr<std::unique_ptr<RedisConnection>> connection =
      RedisConnection::Connect(*endpoint, absl::Seconds(2));
  ASSERT_THAT(connection, IsOk());
  EXPECT_THAT((*connection)->Ping(), IsOk());
}

TEST(RedisConnection, Connect_WhenNothingListens_IsUnavailableNamingTheEndpoint) {
  EXPECT_THAT(RedisConnection::Connect({.host = "127.0.0.1", .port = 1}, absl::Seconds(1)),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("127.0.0.1:1")));
}

}  // namespace
}  // namespace renfort::storage
