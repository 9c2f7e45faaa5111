// Removal of consumer groups left by indexers that are gone (storage/matching/abandoned_groups.h)
// on a Redis of the test's own.
#include "storage/matching/abandoned_groups.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "storage/events.h"
#include "storage/redis/event_stream.h"
#include "tests/integration/matching/matching_fixtures.h"
#include "tests/support/private_redis.h"
#include "tests/support/status_matchers.h"

namespace renfort {
namespace {

using ::renfort::testing::Eventually;
using ::renfort::testing::IsOk;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

std::vector<std::string> GroupNames(storage::RedisConnection& redis) {
  std::vector<std::string> names;
  absl::StatusOr<storage::RedisReply> groups =
      redis.Run({"XINFO", "GROUPS", storage::kEventStream});
  if (!groups.ok()) return names;
  for (const storage::RedisReply& group : groups->elements) names.push_back(group.elements[1].text);
  return names;
}

TEST(AbandonedGroups, RemovesOnlyIndexerGroupsWhoseEveryConsumerIsIdleTooLong) {
  auto redis_server = testing::PrivateRedis::Start();
  ASSERT_NE(redis_server, nullptr);
  absl::StatusOr<std::unique_ptr<storage::RedisConnection>> redis =
      storage::RedisConnection::Connect(redis_server->endpoint(), absl::Seconds(2));
  ASSERT_THAT(redis, IsOk());
  storage::EventStream stream(**redis, storage::kEventStream);
  storage::Event event{.event_id = "e1",
                       .type = "mission.created",
                       .aggregate_type = "MISSION",
                       .aggregate_id = "m1",
                       .payload = "",
                       .created_at = absl::Now()};
  ASSERT_THAT(stream.Append({event}, 0), IsOk());
  for (const char* group :
       {"matching-indexer-gone", "matching-indexer-loading", "matching-indexer-me", "notifier"}) {
    ASSERT_THAT(stream.CreateGroup(group), IsOk());
  }
  for (const char* group : {"matching-indexer-gone", "matching-indexer-me", "notifier"}) {
    ASSERT_THAT(stream.ReadGroup(group, "consumer-1", 10, absl::Milliseconds(1)), IsOk());
  }

  absl::StatusOr<std::vector<std::string>> destroyed = storage::DestroyAbandonedGroups(
      **redis, storage::kEventStream, "matching-indexer", "matching-indexer-me", absl::Hours(24));
  ASSERT_THAT(destroyed, IsOk());
  EXPECT_THAT(*destroyed, IsEmpty());

  ASSERT_TRUE(Eventually(
      [&] {
        destroyed =
            storage::DestroyAbandonedGroups(**redis, storage::kEventStream, "matching-indexer",
                                            "matching-indexer-me", absl::Milliseconds(1));
        return destroyed.ok() && !destroyed->empty();
      },
      absl::Seconds(5)));
  EXPECT_THAT(*destroyed, ElementsAre("matching-indexer-gone"));
  EXPECT_THAT(GroupNames(**redis),
              UnorderedElementsAre("matching-indexer-loading", "matching-indexer-me", "notifier"));
}

}  // namespace
}  // namespace renfort
