#include "storage/outbox_relay.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <set>
#include <thread>

#include "absl/time/clock.h"
#include "renfort/v1/mission.pb.h"
#include "storage/outbox.h"
#include "storage/redis/event_stream.h"
#include "tests/support/private_redis.h"
#include "tests/support/scratch_database.h"
#include "tests/support/status_matchers.h"

namespace renfort::storage {
namespace {

using ::renfort::testing::IsOk;
using ::renfort::testing::PrivateRedis;
using ::renfort::testing::ScratchDatabase;
using ::renfort::testing::StatusIs;

constexpr char kGroup[] = "test-readers";

class OutboxRelayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = ScratchDatabase::CreateMigrated();
    ASSERT_NE(database_, nullptr);
    redis_ = PrivateRedis::Start();
    ASSERT_NE(redis_, nullptr);
  }

  // Commits `count` events about missions "m-<first>"... and returns their event ids in order.
  std::vector<std::string> CommitEvents(int count, int first = 0) {
    pqxx::connection connection(database_->url());
    pqxx::work txn(connection);
    std::vector<std::string> ids;
    for (int i = first; i < first + count; ++i) {
      renfort::v1::Mission mission;
      mission.set_id(absl::StrCat("m-", i));
      ids.push_back(AppendOutboxEvent(txn, "mission.published", Aggregate::kMission, mission.id(), mission));
    }
    txn.commit();
    return ids;
  }

  int Unpublished() {
    pqxx::connection connection(database_->url());
    pqxx::read_transaction txn(connection);
    return txn.exec1("SELECT count(*) FROM outbox_events WHERE published_at IS NULL")[0].as<int>();
  }

  // Every event in the stream, in stream order, read through a consumer group.
  std::vector<Event> StreamContents() {
    auto connection = RedisConnection::Connect(redis_->endpoint(), absl::Seconds(2));
    EXPECT_THAT(connection, IsOk());
    EventStream stream(**connection, kEventStream);
    EXPECT_THAT(stream.CreateGroup(kGroup), IsOk());
    std::vector<Event> all;
    while (true) {
      absl::StatusOr<std::vector<Event>> batch =
          stream.ReadGroup(kGroup, "reader", 1000, absl::Milliseconds(1));
      EXPECT_THAT(batch, IsOk());
      if (!batch.ok() || batch->empty()) break;
      all.insert(all.end(), batch->begin(), batch->end());
    }
    return all;
  }

  std::unique_ptr<ScratchDatabase> database_;
  std::unique_ptr<PrivateRedis> redis_;
};

TEST_F(OutboxRelayTest, PublishesCommittedEventsInOrderAndMarksThemPublished) {
  const std::vector<std::string> ids = CommitEvents(3);
  OutboxRelay relay(database_->url(), redis_->endpoint());

  EXPECT_EQ(relay.PublishBatch().value_or(-1), 3);
  EXPECT_EQ(relay.PublishBatch().value_or(-1), 0);

  EXPECT_EQ(Unpublished(), 0);
  const std::vector<Event> events = StreamContents();
  ASSERT_EQ(events.size(), 3u);
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].event_id, ids[i]);
    EXPECT_EQ(events[i].type, "mission.published");
    EXPECT_EQ(events[i].aggregate_type, "MISSION");
    EXPECT_EQ(events[i].aggregate_id, absl::StrCat("m-", i));
    renfort::v1::Mission mission;
    ASSERT_TRUE(mission.ParseFromString(events[i].payload));
    EXPECT_EQ(mission.id(), absl::StrCat("m-", i));
    EXPECT_LT(absl::Now() - events[i].created_at, absl::Minutes(5));
  }
}

TEST_F(OutboxRelayTest, NeverPublishesAnUncommittedEvent) {
  pqxx::connection connection(database_->url());
  pqxx::work open_transaction(connection);
  renfort::v1::Mission mission;
  AppendOutboxEvent(open_transaction, "mission.published", Aggregate::kMission, "m", mission);
  OutboxRelay relay(database_->url(), redis_->endpoint());

  EXPECT_EQ(relay.PublishBatch().value_or(-1), 0);
  open_transaction.abort();
  EXPECT_EQ(relay.PublishBatch().value_or(-1), 0);
  EXPECT_TRUE(StreamContents().empty());
}

TEST_F(OutboxRelayTest, WhileRedisIsDownEventsWaitInPostgresAndFlowWhenItReturns) {
  OutboxRelay relay(database_->url(), redis_->endpoint());
  redis_->Stop();
  CommitEvents(20);

  EXPECT_THAT(relay.PublishBatch(), StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(Unpublished(), 20);

  ASSERT_TRUE(redis_->Restart());
  EXPECT_EQ(relay.PublishBatch().value_or(-1), 20);
  EXPECT_EQ(Unpublished(), 0);
  EXPECT_EQ(StreamContents().size(), 20u);
}

TEST_F(OutboxRelayTest, ConcurrentRelaysNeverPublishAnEventTwice) {
  constexpr int kEvents = 600;
  std::atomic<bool> writing{true};
  std::thread writer([&] {
    for (int i = 0; i < kEvents; i += 20) CommitEvents(20, i);
    writing.store(false);
  });
  auto drain = [&] {
    OutboxRelayOptions options;
    options.batch_size = 25;
    OutboxRelay relay(database_->url(), redis_->endpoint(), options);
    while (writing.load() || Unpublished() > 0) {
      EXPECT_THAT(relay.PublishBatch(), IsOk());
    }
  };
  std::thread first(drain);
  std::thread second(drain);
  writer.join();
  first.join();
  second.join();

  const std::vector<Event> events = StreamContents();
  std::set<std::string> distinct;
  for (const Event& event : events) distinct.insert(event.event_id);
  EXPECT_EQ(events.size(), static_cast<size_t>(kEvents));
  EXPECT_EQ(distinct.size(), static_cast<size_t>(kEvents));
}

// Polls `condition` every 10 ms for up to 10 s.
template <typename Condition>
bool Eventually(Condition condition) {
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (absl::Now() < deadline) {
    if (condition()) return true;
    absl::SleepFor(absl::Milliseconds(10));
  }
  return condition();
}

TEST_F(OutboxRelayTest, OneLeaderRelaysAndAnotherTakesOverWhenItStops) {
  OutboxRelay first(database_->url(), redis_->endpoint());
  OutboxRelay second(database_->url(), redis_->endpoint());
  first.Start();
  ASSERT_TRUE(Eventually([&] { return first.is_leader(); }));
  second.Start();
  CommitEvents(5);
  ASSERT_TRUE(Eventually([&] { return Unpublished() == 0; }));
  // The relay counts a batch after its commit: the rows can be seen published a moment before.
  EXPECT_TRUE(Eventually([&] { return first.published_total() == 5; }));
  EXPECT_FALSE(second.is_leader());
  EXPECT_EQ(first.published_total(), 5);

  first.Stop();
  ASSERT_TRUE(Eventually([&] { return second.is_leader(); }));
  CommitEvents(5, 5);
  ASSERT_TRUE(Eventually([&] { return Unpublished() == 0; }));
  EXPECT_TRUE(Eventually([&] { return second.published_total() == 5; }));
  EXPECT_EQ(second.published_total(), 5);
  EXPECT_EQ(StreamContents().size(), 10u);
}

TEST_F(OutboxRelayTest, RunningRelaySurvivesARedisOutage) {
  OutboxRelayOptions options;
  options.max_backoff = absl::Milliseconds(200);
  OutboxRelay relay(database_->url(), redis_->endpoint(), options);
  relay.Start();
  CommitEvents(10);
  ASSERT_TRUE(Eventually([&] { return Unpublished() == 0; }));

  redis_->Stop();
  CommitEvents(10, 10);
  absl::SleepFor(absl::Milliseconds(300));  // the relay tries and fails meanwhile
  EXPECT_EQ(Unpublished(), 10);
  ASSERT_TRUE(redis_->Restart());  // an empty Redis: the first ten are gone with the crash

  EXPECT_TRUE(Eventually([&] { return Unpublished() == 0; }));
  relay.Stop();
  EXPECT_EQ(StreamContents().size(), 10u);
}

}  // namespace
}  // namespace renfort::storage
