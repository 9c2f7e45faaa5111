// The matching indexer killed with SIGKILL in the middle of the stream, writes going on while it
// is down, then restarted: its pending entries are reclaimed and the served index equals one
// built from a fresh snapshot.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <iostream>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "services/matching/live_index.h"
#include "storage/outbox_relay.h"
#include "storage/pg/connection_pool.h"
#include "storage/redis/event_stream.h"
#include "tests/integration/matching/matching_server.h"
#include "tests/support/index_comparison.h"
#include "tests/support/status_matchers.h"

namespace renfort {
namespace {

namespace v1 = ::renfort::v1;
using ::renfort::testing::CompareRankings;
using ::renfort::testing::Eventually;
using ::renfort::testing::IsOk;
using ::renfort::testing::MatchingServerTest;
using ::renfort::testing::VolunteerFixture;

using IndexerRestartTest = MatchingServerTest;

// Volunteers spread over four communes with varied travel and slots, so rankings differ.
VolunteerFixture NthVolunteer(int n) {
  static const char* const kCommunes[] = {"59350", "59009", "59512", "75056"};
  VolunteerFixture volunteer;
  volunteer.commune = kCommunes[n % 4];
  volunteer.max_travel_km = 5 + (n * 7) % 30;
  if (n % 5 == 0) volunteer.weekly_slots = {{3, 600, 900}};
  if (n % 7 == 0) volunteer.skills = {"permis_b"};
  return volunteer;
}

TEST_F(IndexerRestartTest, KilledMidStreamThenRestartedServesWhatAFreshSnapshotHolds) {
  std::vector<std::string> missions;
  for (const char* commune : {"59350", "59009", "59512"}) {
    missions.push_back(
        fixtures_->Mission({.organisation_id = organisation_, .commune = commune, .places = 20}));
  }
  std::vector<std::string> volunteers;
  for (int n = 0; n < 150; ++n) volunteers.push_back(fixtures_->Volunteer(NthVolunteer(n)));
  // Kill while the indexer is still working through the burst.
  server_->process().Signal(SIGKILL);
  ASSERT_TRUE(server_->process().WaitForExit(absl::Seconds(10)).has_value());
  {
    absl::StatusOr<std::unique_ptr<storage::RedisConnection>> redis =
        storage::RedisConnection::Connect(redis_->endpoint(), absl::Seconds(2));
    ASSERT_THAT(redis, IsOk());
    storage::EventStream stream(**redis, storage::kEventStream);
    absl::StatusOr<long long> pending = stream.Pending("matching-indexer");
    ASSERT_THAT(pending, IsOk());
    absl::StatusOr<long long> length = stream.Length();
    ASSERT_THAT(length, IsOk());
    std::cout << "at SIGKILL: " << *length << " entries in the stream, " << *pending
              << " delivered to the dead indexer and not acknowledged\n";
  }

  // Writes go on while no indexer runs; they wait in the outbox (no relay either).
  for (int n = 150; n < 250; ++n) volunteers.push_back(fixtures_->Volunteer(NthVolunteer(n)));
  for (int n = 0; n < 40; n += 3) {
    fixtures_->UpdateVolunteer(volunteers[n],
                               "UPDATE volunteers SET max_travel_km = 200 WHERE id = $1");
  }
  fixtures_->UpdateMission(missions[2], "UPDATE missions SET status = 'PAUSED' WHERE id = $1",
                           "mission.paused");
  fixtures_->Participation(missions[0], volunteers[1], "PENDING");
  // Relay those writes by hand and let a second indexer of the group take delivery of a batch
  // and die without acknowledging it: the restarted indexer must take that batch over.
  {
    storage::OutboxRelay relay(database_->url(), redis_->endpoint());
    absl::StatusOr<int> published;
    do {
      published = relay.PublishBatch();
      ASSERT_THAT(published, IsOk());
    } while (*published > 0);
    absl::StatusOr<std::unique_ptr<storage::RedisConnection>> redis =
        storage::RedisConnection::Connect(redis_->endpoint(), absl::Seconds(2));
    ASSERT_THAT(redis, IsOk());
    storage::EventStream stream(**redis, storage::kEventStream);
    absl::StatusOr<std::vector<storage::Event>> taken =
        stream.ReadGroup("matching-indexer", "indexer-that-dies", 50, absl::Milliseconds(1));
    ASSERT_THAT(taken, IsOk());
    ASSERT_EQ(taken->size(), 50u);
  }

  StartServer();
  // And after the restart, through the stream again.
  for (int n = 250; n < 280; ++n) volunteers.push_back(fixtures_->Volunteer(NthVolunteer(n)));
  fixtures_->UpdateVolunteer(volunteers[2], "UPDATE volunteers SET status = 'PAUSED' WHERE id = $1",
                             "volunteer.paused");
  fixtures_->UpdateMission(missions[1], "UPDATE missions SET places = 3 WHERE id = $1");
  absl::StatusOr<std::unique_ptr<services::LiveIndex>> fresh =
      testing::LoadFreshIndex(database_->url());
  ASSERT_THAT(fresh, IsOk());
  const std::vector<std::string> published = {missions[0], missions[1]};

  std::string difference;
  EXPECT_TRUE(Eventually(
      [&] {
        difference = CompareRankings(**fresh, published, [&](const std::string& id) {
          grpc::Status status;
          return Rank(id, false, &status);
        });
        return difference.empty();
      },
      absl::Seconds(15)))
      << difference;

  // Whatever the dead consumers held is taken over and acknowledged.
  absl::StatusOr<std::unique_ptr<storage::RedisConnection>> redis =
      storage::RedisConnection::Connect(redis_->endpoint(), absl::Seconds(2));
  ASSERT_THAT(redis, IsOk());
  storage::EventStream stream(**redis, storage::kEventStream);
  EXPECT_TRUE(Eventually(
      [&] {
        absl::StatusOr<long long> pending = stream.Pending("matching-indexer");
        return pending.ok() && *pending == 0;
      },
      absl::Seconds(15)));
  EXPECT_EQ(
      CompareRankings(**fresh, published, [&](const std::string& id) { return Rank(id); }),
      "");
  v1::RankVolunteersRequest paused;
  paused.set_mission_id(missions[2]);
  v1::RankVolunteersResponse response;
  EXPECT_EQ(
      Call(&v1::MatchingService::Stub::RankVolunteers, testing::AdminCaller(), paused, response)
          .error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);
}

TEST(MatchingHealth, StaysNotServingUntilTheSnapshotIsLoaded) {
  auto key = testing::TestSigningKey::Generate(services::TokenAlgorithm::kEs256, "health");
  auto database = testing::ScratchDatabase::CreateMigrated();
  ASSERT_NE(database, nullptr);
  auto redis = testing::PrivateRedis::Start();
  ASSERT_NE(redis, nullptr);
  // More skills than the index's 64-bit sets hold: every snapshot attempt fails, while the
  // database itself is healthy.
  pqxx::connection connection(database->url());
  {
    pqxx::work txn(connection);
    txn.exec("INSERT INTO skills SELECT 'extra_' || n, 'Extra' FROM generate_series(1, 30) n");
    txn.commit();
  }
  auto server = testing::RunningServer::Start({.binary = RENFORT_MATCHING_BIN,
                                               .database_url = database->url(),
                                               .jwt_key_files = {key->public_key_file()},
                                               .extra_flags = {"--redis_url=" + redis->url()}});
  ASSERT_NE(server, nullptr);
  ASSERT_THAT(server->process().WaitForLine("matching_snapshot_failed", absl::Seconds(10)), IsOk());
  EXPECT_EQ(server->Health(), grpc::health::v1::HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(server->Health("renfort.v1.MatchingService"),
            grpc::health::v1::HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(server->Health("liveness"), grpc::health::v1::HealthCheckResponse::SERVING);

  {
    pqxx::work txn(connection);
    txn.exec("DELETE FROM skills WHERE slug LIKE 'extra\\_%'");
    txn.commit();
  }
  EXPECT_TRUE(server->AwaitHealth(grpc::health::v1::HealthCheckResponse::SERVING))
      << server->process().Output();
}

}  // namespace
}  // namespace renfort
