#include "storage/redis/event_consumer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "storage/outbox.h"
#include "storage/redis/event_stream.h"
#include "tests/support/private_redis.h"
#include "tests/support/scratch_database.h"
#include "tests/support/status_matchers.h"

namespace renfort::storage {
namespace {

using ::renfort::testing::IsOk;
using ::renfort::testing::PrivateRedis;
using ::renfort::testing::StatusIs;
using ::testing::ElementsAreArray;

constexpr char kGroup[] = "indexer";

class EventConsumerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    redis_ = PrivateRedis::Start();
    ASSERT_NE(redis_, nullptr);
    auto connection = RedisConnection::Connect(redis_->endpoint(), absl::Seconds(2));
    ASSERT_THAT(connection, IsOk());
    connection_ = *std::move(connection);
  }

  EventStream Stream() { return EventStream(*connection_, kEventStream); }

  // Appends events "e0".."e<count-1>" (ids need not be UUIDs for the stream).
  std::vector<std::string> Publish(int count) {
    std::vector<Event> events;
    std::vector<std::string> ids;
    for (int i = 0; i < count; ++i) {
      ids.push_back(absl::StrCat("e", i));
      events.push_back({.event_id = ids.back(), .type = "t", .aggregate_type = "MISSION",
                        .aggregate_id = "a", .payload = std::string("\0\1binary", 8),
                        .created_at = absl::Now()});
    }
    EXPECT_THAT(Stream().Append(events, 0), IsOk());
    return ids;
  }

  EventConsumerOptions Options(const std::string& consumer) {
    EventConsumerOptions options;
    options.group = kGroup;
    options.consumer = consumer;
    options.block = absl::Milliseconds(10);
    return options;
  }

  std::unique_ptr<PrivateRedis> redis_;
  std::unique_ptr<RedisConnection> connection_;
};

TEST_F(EventConsumerTest, HandsEveryEventOverOnceAndAcknowledgesIt) {
  std::vector<std::string> seen;
  EventConsumer consumer(redis_->endpoint(), Options("c1"), [&](const std::vector<Event>& events) {
    for (const Event& event : events) {
      EXPECT_EQ(event.payload, std::string("\0\1binary", 8));
      seen.push_back(event.event_id);
    }
    return absl::OkStatus();
  });
  ASSERT_THAT(consumer.PollOnce(), IsOk());  // creates the group at the stream's start
  const std::vector<std::string> ids = Publish(10);

  EXPECT_EQ(consumer.PollOnce().value_or(-1), 10);
  EXPECT_EQ(consumer.PollOnce().value_or(-1), 0);
  EXPECT_THAT(seen, ElementsAreArray(ids));
  EXPECT_EQ(Stream().Pending(kGroup).value_or(-1), 0);
}

TEST_F(EventConsumerTest, RetriesABatchWhoseHandlerFailed) {
  int calls = 0;
  EventConsumer consumer(redis_->endpoint(), Options("c1"), [&](const std::vector<Event>& events) {
    EXPECT_EQ(events.size(), 4u);
    return ++calls == 1 ? absl::UnavailableError("database down") : absl::OkStatus();
  });
  ASSERT_THAT(consumer.PollOnce(), IsOk());
  Publish(4);

  EXPECT_THAT(consumer.PollOnce(), StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(Stream().Pending(kGroup).value_or(-1), 4);
  EXPECT_EQ(consumer.PollOnce().value_or(-1), 4);
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(Stream().Pending(kGroup).value_or(-1), 0);
}

TEST_F(EventConsumerTest, TakesOverTheEntriesOfADeadConsumer) {
  {
    // This consumer reads a batch, then "dies" before acknowledging it.
    EventConsumer doomed(redis_->endpoint(), Options("doomed"),
                         [](const std::vector<Event>&) { return absl::InternalError("crash"); });
    ASSERT_THAT(doomed.PollOnce(), IsOk());
    Publish(6);
    EXPECT_FALSE(doomed.PollOnce().ok());
  }
  ASSERT_EQ(Stream().Pending(kGroup).value_or(-1), 6);

  EventConsumerOptions options = Options("survivor");
  options.claim_idle = absl::Milliseconds(50);
  int handled = 0;
  EventConsumer survivor(redis_->endpoint(), options, [&](const std::vector<Event>& events) {
    handled += static_cast<int>(events.size());
    return absl::OkStatus();
  });
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (handled < 6 && absl::Now() < deadline) ASSERT_THAT(survivor.PollOnce(), IsOk());

  EXPECT_EQ(handled, 6);
  EXPECT_EQ(Stream().Pending(kGroup).value_or(-1), 0);
}

TEST_F(EventConsumerTest, TrimRemovesOnlyWhatEveryGroupAcknowledged) {
  auto accept = [](const std::vector<Event>&) { return absl::OkStatus(); };
  EventConsumer fast(redis_->endpoint(), Options("fast"), accept);
  EventConsumerOptions slow_options = Options("slow");
  slow_options.group = "notifier";
  EventConsumer slow(redis_->endpoint(), slow_options, accept);
  ASSERT_THAT(fast.PollOnce(), IsOk());
  ASSERT_THAT(slow.PollOnce(), IsOk());
  Publish(8);
  ASSERT_EQ(fast.PollOnce().value_or(-1), 8);

  EXPECT_EQ(Stream().TrimAcknowledged().value_or(-1), 0);  // the notifier has read nothing
  EXPECT_EQ(Stream().Length().value_or(-1), 8);

  ASSERT_EQ(slow.PollOnce().value_or(-1), 8);
  EXPECT_EQ(Stream().TrimAcknowledged().value_or(-1), 8);
  EXPECT_EQ(Stream().Length().value_or(-1), 0);
}

// After a Redis restart, a group that comes back later than another must still find the entries
// the other has acknowledged: recent entries are kept.
TEST_F(EventConsumerTest, TrimKeepsAcknowledgedEntriesAppendedSinceTheGivenTime) {
  auto accept = [](const std::vector<Event>&) { return absl::OkStatus(); };
  EventConsumer first_back(redis_->endpoint(), Options("first"), accept);
  ASSERT_THAT(first_back.PollOnce(), IsOk());
  Publish(8);
  ASSERT_EQ(first_back.PollOnce().value_or(-1), 8);

  EXPECT_EQ(Stream().TrimAcknowledged(absl::Now() - absl::Minutes(1)).value_or(-1), 0);
  EXPECT_EQ(Stream().Length().value_or(-1), 8);
  EXPECT_EQ(Stream().TrimAcknowledged(absl::Now() + absl::Seconds(1)).value_or(-1), 8);
  EXPECT_EQ(Stream().Length().value_or(-1), 0);
}

TEST_F(EventConsumerTest, ReportsRedisOutagesAndRecovers) {
  int handled = 0;
  EventConsumer consumer(redis_->endpoint(), Options("c1"), [&](const std::vector<Event>& events) {
    handled += static_cast<int>(events.size());
    return absl::OkStatus();
  });
  ASSERT_THAT(consumer.PollOnce(), IsOk());
  redis_->Stop();
  EXPECT_THAT(consumer.PollOnce(), StatusIs(absl::StatusCode::kUnavailable));

  ASSERT_TRUE(redis_->Restart());
  auto connection = RedisConnection::Connect(redis_->endpoint(), absl::Seconds(2));
  ASSERT_THAT(connection, IsOk());
  connection_ = *std::move(connection);
  ASSERT_THAT(consumer.PollOnce(), IsOk());  // recreates the group on the new server
  Publish(3);
  EXPECT_EQ(consumer.PollOnce().value_or(-1), 3);
  EXPECT_EQ(handled, 3);
}

TEST(MarkEventProcessed, AcceptsAnEventOncePerConsumer) {
  auto database = renfort::testing::ScratchDatabase::CreateMigrated();
  ASSERT_NE(database, nullptr);
  pqxx::connection connection(database->url());
  pqxx::work txn(connection);
  const std::string event_id = "0b9a3c4e-1d2f-4a5b-8c7d-000000000001";
  EXPECT_TRUE(MarkEventProcessed(txn, "notifier", event_id));
  EXPECT_FALSE(MarkEventProcessed(txn, "notifier", event_id));
  EXPECT_TRUE(MarkEventProcessed(txn, "matching-indexer", event_id));
}

}  // namespace
}  // namespace renfort::storage
