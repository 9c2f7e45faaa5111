// Redis stopped while 1,000 writes go through MissionService and VolunteerService of the real
// all-in-one server (relay, notifier and matching indexer running in it): every write succeeds
// and its events wait in the outbox; Redis restarted (empty, as after a crash without
// persistence): every outbox row is published exactly once, every consumer group acknowledges
// everything, the notifications those writes call for exist once each, and the served index
// equals one loaded from a fresh snapshot.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <iostream>
#include <pqxx/pqxx>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "tests/faults/poll_until.h"
#include "tests/faults/stream_audit.h"
#include "tests/support/index_comparison.h"
#include "tests/support/private_redis.h"
#include "tests/support/running_server.h"
#include "tests/support/scratch_database.h"
#include "tests/support/service_requests.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_keys.h"

namespace renfort {
namespace {

namespace v1 = ::renfort::v1;
using ::grpc::health::v1::HealthCheckResponse;
using ::renfort::testing::PollUntil;
using ::renfort::testing::IsOk;
using ::renfort::testing::ServiceClients;

constexpr int kMissions = 5;       // 3 writes each: create, submit, approve
constexpr int kVolunteers = 300;   // register + set availability: 2 writes each
constexpr int kUpdated = 165;      // UpdateVolunteer (max_travel_km)
constexpr int kApplied = 120;      // Apply, one mission each
constexpr int kAccepted = 100;     // TransitionParticipation ACCEPT: one notification each
constexpr int kWrites = 3 * kMissions + 2 * kVolunteers + kUpdated + kApplied + kAccepted;
static_assert(kWrites == 1000);
constexpr int kWriterThreads = 4;
constexpr char kIndexerGroup[] = "matching-indexer";
constexpr char kNotifierGroup[] = "notifier";

long long Count(pqxx::connection& connection, const std::string& sql) {
  pqxx::nontransaction txn(connection);
  return txn.exec1(sql)[0].as<long long>();
}

// A count whose query takes the last outbox row id before the outage as $1.
long long CountAfter(pqxx::connection& connection, const std::string& sql, long long row_id) {
  pqxx::nontransaction txn(connection);
  return txn.exec_params1(sql, row_id)[0].as<long long>();
}

// The stream's groups and length, for failure messages.
std::string Describe(const absl::StatusOr<testing::StreamState>& state) {
  if (!state.ok()) return state.status().ToString();
  std::string text = absl::StrCat("stream length ", state->length, ", last entry ",
                                  state->last_entry_id, "\n");
  for (const testing::GroupState& group : state->groups) {
    absl::StrAppend(&text, "group ", group.name, ": pending ", group.pending,
                    ", last delivered ", group.last_delivered_id, "\n");
  }
  return text;
}

// The writes of volunteer `n` against `missions`, in the order a volunteer would make them.
// Returns the first failure, or OK.
grpc::Status VolunteerWrites(const ServiceClients& clients, int n, const std::string& id,
                             const std::string& organisation,
                             const std::vector<std::string>& missions) {
  grpc::Status status = clients.Register(
      id, testing::PipelineVolunteer(absl::StrCat("r", n), "75056", 15));
  if (!status.ok()) return status;
  status = clients.SetAvailability(id, testing::WeeklyAvailability(n % 3 != 1));
  if (!status.ok()) return status;
  if (n < kUpdated) {
    v1::UpdateVolunteerRequest update;
    update.mutable_volunteer()->set_max_travel_km(n % 4 == 0 ? 30 : 10);
    update.mutable_update_mask()->add_paths("max_travel_km");
    v1::UpdateVolunteerResponse updated;
    status = clients.Call(clients.volunteers(), &v1::VolunteerService::Stub::UpdateVolunteer,
                          testing::VolunteerCaller(id), update, updated);
    if (!status.ok()) return status;
  }
  if (n >= kApplied) return status;
  v1::ApplyRequest apply;
  apply.set_mission_id(missions[n % missions.size()]);
  v1::ApplyResponse applied;
  status = clients.Call(clients.missions(), &v1::MissionService::Stub::Apply,
                        testing::VolunteerCaller(id), apply, applied);
  if (!status.ok() || n >= kAccepted) return status;
  v1::TransitionParticipationRequest accept;
  accept.set_participation_id(applied.participation().id());
  accept.set_action(v1::PARTICIPATION_ACTION_ACCEPT);
  v1::TransitionParticipationResponse accepted;
  return clients.Call(clients.missions(), &v1::MissionService::Stub::TransitionParticipation,
                      testing::OrgManagerCaller(organisation), accept, accepted);
}

TEST(RedisOutage, WritesDuringTheOutageArePublishedOnceAndReachEveryConsumerAfterRestart) {
  auto key = testing::TestSigningKey::Generate(services::TokenAlgorithm::kEs256, "redis-outage");
  auto database = testing::ScratchDatabase::CreateMigrated();
  ASSERT_NE(database, nullptr);
  auto redis = testing::PrivateRedis::Start();
  ASSERT_NE(redis, nullptr);
  auto server = testing::RunningServer::Start(
      {.binary = RENFORT_BIN,
       .database_url = database->url(),
       .jwt_key_files = {key->public_key_file()},
       .extra_flags = {"--db_pool_size=4", absl::StrCat("--matching_indexer_group=", kIndexerGroup)},
       .redis_url = redis->url()});
  ASSERT_NE(server, nullptr);
  ASSERT_TRUE(server->AwaitHealth(HealthCheckResponse::SERVING, "renfort.v1.MatchingService"))
      << server->process().Output();
  ServiceClients clients(server->channel(), *key);
  const std::string organisation = clients.CreateValidatedOrganisation("Banque alimentaire");
  ASSERT_FALSE(organisation.empty());

  pqxx::connection sql(database->url());
  // Everything before the outage is relayed and consumed, so the empty Redis after the restart
  // loses nothing but the outage itself is tested.
  ASSERT_TRUE(PollUntil(
      [&] {
        absl::StatusOr<testing::StreamState> state = testing::ReadStreamState(redis->endpoint());
        return Count(sql, "SELECT count(*) FROM outbox_events WHERE published_at IS NULL") == 0 &&
               state.ok() && state->Consumed(kIndexerGroup) && state->Consumed(kNotifierGroup);
      },
      absl::Seconds(20)));
  const long long last_row_before = Count(sql, "SELECT coalesce(max(id), 0) FROM outbox_events");

  redis->Stop();
  std::cout << "injected: Redis killed (SIGKILL), then " << kWrites << " write RPCs from "
            << kWriterThreads << " client threads\n";
  // Consumers notice the outage at once, the relay only at the first write: starting the writes
  // later puts their reconnection attempts out of step, as they are in production, so the
  // consumer groups come back at different moments after the restart.
  absl::SleepFor(absl::Milliseconds(2500));
  const absl::Time writes_started = absl::Now();
  std::vector<std::string> missions;
  for (int m = 0; m < kMissions; ++m) {
    missions.push_back(clients.CreatePublishedMission(
        testing::PipelineMission(organisation, absl::StrCat("Collecte ", m), "75056", 50)));
    ASSERT_FALSE(missions.back().empty());
  }
  std::vector<std::string> volunteer_ids;
  for (int n = 0; n < kVolunteers; ++n) volunteer_ids.push_back(testing::RandomUuid());
  absl::Mutex failures_mu;
  std::vector<std::string> failures;
  std::vector<std::thread> writers;
  for (int t = 0; t < kWriterThreads; ++t) {
    writers.emplace_back([&, t] {
      for (int n = t; n < kVolunteers; n += kWriterThreads) {
        const grpc::Status status =
            VolunteerWrites(clients, n, volunteer_ids[n], organisation, missions);
        if (!status.ok()) {
          absl::MutexLock lock(&failures_mu);
          failures.push_back(absl::StrCat("volunteer ", n, ": ", status.error_code(), " ",
                                          status.error_message()));
        }
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  ASSERT_THAT(failures, ::testing::IsEmpty());
  const absl::Duration writing = absl::Now() - writes_started;

  const long long rows = CountAfter(sql, "SELECT count(*) FROM outbox_events WHERE id > $1", last_row_before);
  EXPECT_GE(rows, kWrites);  // every write appends at least one event
  EXPECT_EQ(CountAfter(sql, "SELECT count(*) FROM outbox_events WHERE id > $1 AND published_at IS NOT NULL",
                  last_row_before),
            0);
  std::cout << "  all " << kWrites << " writes OK in " << absl::ToDoubleSeconds(writing)
            << " s; " << rows << " outbox rows waiting, none published\n";

  ASSERT_TRUE(redis->Restart());
  // The audit group exists before the relay (backing off up to 5 s) reconnects.
  absl::StatusOr<std::unique_ptr<testing::StreamAudit>> audit =
      testing::StreamAudit::Start(redis->endpoint());
  ASSERT_THAT(audit, IsOk());
  const absl::Time restarted = absl::Now();
  std::cout << "injected: Redis restarted, empty (stream and consumer groups gone)\n";

  absl::StatusOr<testing::StreamState> state;
  const bool drained = PollUntil(
      [&] {
        if (Count(sql, "SELECT count(*) FROM outbox_events WHERE published_at IS NULL") != 0) {
          return false;
        }
        state = testing::ReadStreamState(redis->endpoint());
        return state.ok() && state->Consumed(kIndexerGroup) && state->Consumed(kNotifierGroup) &&
               state->Consumed(testing::StreamAudit::kGroup);
      },
      absl::Seconds(40));
  ASSERT_TRUE(drained) << Describe(state) << server->process().Output();
  std::cout << "  backlog relayed and acknowledged by groups " << kIndexerGroup << ", "
            << kNotifierGroup << " and the audit within "
            << absl::ToDoubleSeconds(absl::Now() - restarted) << " s of the restart\n";

  // Exactly once in the stream: one entry per outbox row of the outage, none for anything else.
  const std::map<std::string, int> seen = (*audit)->Seen();
  std::vector<std::string> outage_events;
  {
    pqxx::nontransaction txn(sql);
    for (const pqxx::row& row :
         txn.exec_params("SELECT event_id::text FROM outbox_events WHERE id > $1", last_row_before)) {
      outage_events.push_back(row[0].as<std::string>());
    }
  }
  int missing = 0;
  int doubled = 0;
  for (const std::string& event : outage_events) {
    const auto found = seen.find(event);
    if (found == seen.end()) ++missing;
    else if (found->second > 1) ++doubled;
  }
  EXPECT_EQ(missing, 0);
  EXPECT_EQ(doubled, 0);
  EXPECT_EQ((*audit)->entries(), static_cast<long long>(outage_events.size()));
  std::cout << "verified: " << outage_events.size() << " outbox rows, "
            << (*audit)->entries() << " stream entries, " << missing << " missing, " << doubled
            << " published twice\n";

  // The notifier handled every event it acts on, and wrote each acceptance notice and each
  // publication notice to the mission's département coordinators once.
  EXPECT_EQ(CountAfter(sql,
                  "SELECT count(*) FROM outbox_events o WHERE o.id > $1 AND o.type IN "
                  "('participation.created', 'participation.transitioned', 'invitation.created', "
                  "'mission.cancelled', 'mission.published') AND NOT EXISTS (SELECT 1 FROM processed_events p "
                  "WHERE p.consumer = 'notifier' AND p.event_id = o.event_id)",
                  last_row_before),
            0);
  EXPECT_EQ(Count(sql, "SELECT count(*) FROM participations WHERE status = 'ACCEPTED'"),
            kAccepted);
  EXPECT_EQ(Count(sql,
                  "SELECT count(*) FROM participations p WHERE p.status = 'ACCEPTED' "
                  "AND (SELECT count(*) FROM notifications n WHERE n.kind = 'participation_accepted' "
                  "AND n.recipient_id = p.volunteer_id::text "
                  "AND n.payload->>'participation_id' = p.id::text) <> 1"),
            0);
  EXPECT_EQ(Count(sql,
                  "SELECT count(*) FROM missions m WHERE (SELECT count(*) FROM notifications n "
                  "WHERE n.kind = 'mission_published' AND n.recipient_kind = 'COORDINATOR' "
                  "AND n.payload->>'mission_id' = m.id::text) <> 1"),
            0);
  const long long notifications = Count(sql, "SELECT count(*) FROM notifications");
  EXPECT_EQ(notifications, kAccepted + kMissions);
  std::cout << "verified: notifier and indexer groups have nothing pending and were delivered "
               "the last entry; "
            << notifications << " notifications: one for each of " << kAccepted
            << " accepted participations and one for the coordinators of each of " << kMissions
            << " published missions\n";

  // The served index says what a fresh snapshot says.
  absl::StatusOr<std::unique_ptr<services::LiveIndex>> fresh =
      testing::LoadFreshIndex(database->url());
  ASSERT_THAT(fresh, IsOk());
  int ranked = 0;
  const std::string difference =
      testing::CompareRankings(**fresh, missions, [&](const std::string& mission) {
        v1::RankVolunteersResponse response;
        const grpc::Status status = clients.Rank(mission, response);
        EXPECT_TRUE(status.ok()) << status.error_message();
        ranked += response.volunteers_size();
        return response;
      });
  EXPECT_EQ(difference, "");
  EXPECT_GT(ranked, 0);
  std::cout << "verified: served rankings of the " << kMissions
            << " missions equal a fresh snapshot's (" << ranked << " ranked entries)\n";
  EXPECT_FALSE(server->process().WaitForExit(absl::ZeroDuration()).has_value());
}

}  // namespace
}  // namespace renfort
