#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "storage/pg/errors.h"
#include "storage/redis/redis_client.h"
#include "tests/support/status_matchers.h"

namespace renfort::storage {
namespace {

using ::renfort::testing::IsOk;
using ::renfort::testing::StatusIs;
using ::testing::HasSubstr;

TEST(ParseRedisUrl, ReadsHostPortAndDatabase) {
  absl::StatusOr<RedisEndpoint> endpoint = ParseRedisUrl("redis://127.0.0.1:6380/2");
  ASSERT_THAT(endpoint, IsOk());
  EXPECT_EQ(endpoint->host, "127.0.0.1");
  EXPECT_EQ(endpoint->port, 6380);
  EXPECT_EQ(endpoint->db, 2);
}

TEST(ParseRedisUrl, DefaultsPortAndDatabase) {
  absl::StatusOr<RedisEndpoint> endpoint = ParseRedisUrl("redis://cache.local");
  ASSERT_THAT(endpoint, IsOk());
  EXPECT_EQ(endpoint->host, "cache.local");
  EXPECT_EQ(endpoint->port, 6379);
  EXPECT_EQ(endpoint->db, 0);
}

TEST(ParseRedisUrl, RejectsOtherSchemes) {
  EXPECT_THAT(ParseRedisUrl("http://127.0.0.1:6379"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("redis://host")));
}

TEST(ParseRedisUrl, RejectsBadPort) {
  EXPECT_THAT(ParseRedisUrl("redis://127.0.0.1:0"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("port")));
  EXPECT_THAT(ParseRedisUrl("redis://127.0.0.1:x"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("port")));
}

TEST(ParseRedisUrl, RejectsMissingHost) {
  EXPECT_THAT(ParseRedisUrl("redis://:6379"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("host")));
}

TEST(RedactUrl, HidesThePasswordOnly) {
  EXPECT_EQ(RedactUrl("postgresql://renfort:s3cret@db:5432/renfort"),
            "postgresql://renfort:***@db:5432/renfort");
  EXPECT_EQ(RedactUrl("postgresql://postgres@127.0.0.1:5432/renfort"),
            "postgresql://postgres@127.0.0.1:5432/renfort");
}

}  // namespace
}  // namespace renfort::storage
