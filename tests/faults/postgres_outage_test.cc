// PostgreSQL stopped (fast shutdown: sessions cut) and started again under a running all-in-one
// server while client threads keep calling GetMission, SearchMissions and RegisterVolunteer:
// every failed call answers UNAVAILABLE, health goes NOT_SERVING then SERVING, calls succeed
// again without restarting the server, and every registration is whole or absent.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <iostream>
#include <map>
#include <pqxx/pqxx>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "tests/support/private_postgres.h"
#include "tests/faults/poll_until.h"
#include "tests/support/private_redis.h"
#include "tests/support/running_server.h"
#include "tests/support/service_requests.h"
#include "tests/support/test_keys.h"

namespace renfort {
namespace {

namespace v1 = ::renfort::v1;
using ::grpc::health::v1::HealthCheckResponse;
using ::renfort::testing::PollUntil;
using ::renfort::testing::PrivatePostgres;
using ::renfort::testing::RunningServer;
using ::renfort::testing::ServiceClients;
using ::renfort::testing::TestSigningKey;

constexpr absl::Duration kCallDeadline = absl::Seconds(5);

// What one client thread saw: its calls by outcome, and the ids it tried to register.
struct Outcomes {
  absl::Mutex mu;
  long long ok = 0;
  std::map<grpc::StatusCode, long long> failed;  // by code
  std::vector<std::string> unexpected;           // failures other than UNAVAILABLE
  std::vector<std::pair<std::string, bool>> registrations;  // (volunteer id, call OK)

  void Record(const grpc::Status& status) {
    absl::MutexLock lock(&mu);
    if (status.ok()) {
      ++ok;
      return;
    }
    ++failed[status.error_code()];
    if (status.error_code() != grpc::StatusCode::UNAVAILABLE && unexpected.size() < 10) {
      unexpected.push_back(absl::StrCat(status.error_code(), ": ", status.error_message()));
    }
  }
  long long Ok() {
    absl::MutexLock lock(&mu);
    return ok;
  }
  long long Failed() {
    absl::MutexLock lock(&mu);
    long long total = 0;
    for (const auto& [code, count] : failed) total += count;
    return total;
  }
};

TEST(DatabaseOutage, CallsAnswerUnavailableDuringARestartAndRecoverWithoutRestartingTheServer) {
  auto postgres = PrivatePostgres::Start();
  ASSERT_NE(postgres, nullptr);
  auto redis = testing::PrivateRedis::Start();
  ASSERT_NE(redis, nullptr);
  auto key = TestSigningKey::Generate(services::TokenAlgorithm::kEs256, "outage");
  auto server = RunningServer::Start({.binary = RENFORT_BIN,
                                      .database_url = postgres->url(),
                                      .jwt_key_files = {key->public_key_file()},
                                      .extra_flags = {"--db_pool_size=4"},
                                      .redis_url = redis->url()});
  ASSERT_NE(server, nullptr);
  ASSERT_TRUE(server->AwaitHealth(HealthCheckResponse::SERVING));
  ServiceClients clients(server->channel(), *key);
  const std::string organisation = clients.CreateValidatedOrganisation("Les Amis du Quartier");
  ASSERT_FALSE(organisation.empty());
  const std::string mission = clients.CreatePublishedMission(
      testing::PipelineMission(organisation, "Collecte alimentaire", "75056", 5));
  ASSERT_FALSE(mission.empty());

  // Three kinds of clients, each calling in a loop until told to stop.
  Outcomes get_mission, search, registering;
  std::atomic<bool> stopping{false};
  std::vector<std::thread> threads;
  threads.emplace_back([&] {
    v1::GetMissionRequest request;
    request.set_mission_id(mission);
    v1::GetMissionResponse response;
    while (!stopping) {
      get_mission.Record(clients.Call(clients.missions(), &v1::MissionService::Stub::GetMission,
                                      testing::AdminCaller(), request, response, kCallDeadline));
      absl::SleepFor(absl::Milliseconds(5));
    }
  });
  threads.emplace_back([&] {
    v1::SearchMissionsRequest request;
    request.set_department_code("75");
    v1::SearchMissionsResponse response;
    while (!stopping) {
      search.Record(clients.Call(clients.missions(), &v1::MissionService::Stub::SearchMissions,
                                 testing::VolunteerCaller(), request, response, kCallDeadline));
      absl::SleepFor(absl::Milliseconds(5));
    }
  });
  threads.emplace_back([&] {
    for (int n = 0; !stopping; ++n) {
      const std::string id = testing::RandomUuid();
      const grpc::Status status =
          clients.Register(id, testing::PipelineVolunteer(absl::StrCat("o", n), "75056", 15));
      registering.Record(status);
      {
        absl::MutexLock lock(&registering.mu);
        registering.registrations.emplace_back(id, status.ok());
      }
      absl::SleepFor(absl::Milliseconds(5));
    }
  });
  auto all_ok_at_least = [&](long long calls) {
    return get_mission.Ok() >= calls && search.Ok() >= calls && registering.Ok() >= calls;
  };
  ASSERT_TRUE(PollUntil([&] { return all_ok_at_least(3); }, absl::Seconds(20)));

  ASSERT_TRUE(postgres->Stop());
  const absl::Time stopped = absl::Now();
  std::cout << "injected: PostgreSQL stopped (fast shutdown) under GetMission, SearchMissions and "
               "RegisterVolunteer loops\n";
  EXPECT_TRUE(server->AwaitHealth(HealthCheckResponse::NOT_SERVING)) << server->process().Output();
  EXPECT_EQ(server->Health("liveness"), HealthCheckResponse::SERVING);
  // Every kind of call has met the outage.
  EXPECT_TRUE(PollUntil(
      [&] { return get_mission.Failed() > 0 && search.Failed() > 0 && registering.Failed() > 0; },
      absl::Seconds(15)));
  const long long ok_before_restart[] = {get_mission.Ok(), search.Ok(), registering.Ok()};

  ASSERT_TRUE(postgres->Restart());
  std::cout << "injected: PostgreSQL started again after "
            << absl::ToDoubleSeconds(absl::Now() - stopped) << " s\n";
  EXPECT_TRUE(server->AwaitHealth(HealthCheckResponse::SERVING)) << server->process().Output();
  EXPECT_TRUE(PollUntil(
      [&] {
        return get_mission.Ok() >= ok_before_restart[0] + 3 &&
               search.Ok() >= ok_before_restart[1] + 3 &&
               registering.Ok() >= ok_before_restart[2] + 3;
      },
      absl::Seconds(20)));
  stopping = true;
  for (std::thread& thread : threads) thread.join();
  EXPECT_FALSE(server->process().WaitForExit(absl::ZeroDuration()).has_value());

  const std::vector<std::pair<const char*, Outcomes*>> kinds = {
      {"GetMission", &get_mission}, {"SearchMissions", &search}, {"RegisterVolunteer", &registering}};
  for (const auto& [name, outcomes] : kinds) {
    SCOPED_TRACE(name);
    absl::MutexLock lock(&outcomes->mu);
    EXPECT_THAT(outcomes->unexpected, ::testing::IsEmpty());
    EXPECT_GT(outcomes->failed[grpc::StatusCode::UNAVAILABLE], 0);
    std::cout << "verified: " << name << " " << outcomes->ok << " OK, "
              << outcomes->failed[grpc::StatusCode::UNAVAILABLE] << " UNAVAILABLE, "
              << outcomes->unexpected.size() << " other failures\n";
  }

  // A registration is whole (volunteer, domain, outbox event) or absent; those answered OK are
  // whole. One whose commit raced the shutdown may be whole although its call failed.
  pqxx::connection sql(postgres->url());
  pqxx::nontransaction txn(sql);
  int whole = 0, absent = 0, partial = 0, lost = 0;
  for (const auto& [id, ok] : registering.registrations) {
    const pqxx::row row = txn.exec_params1(
        "SELECT (SELECT count(*) FROM volunteers WHERE id = $1::uuid), "
        "       (SELECT count(*) FROM volunteer_domains WHERE volunteer_id = $1::uuid), "
        "       (SELECT count(*) FROM outbox_events WHERE aggregate_id = $1::uuid::text)",
        id);
    const bool none = row[0].as<int>() == 0 && row[1].as<int>() == 0 && row[2].as<int>() == 0;
    const bool all = row[0].as<int>() == 1 && row[1].as<int>() == 1 && row[2].as<int>() >= 1;
    if (all) ++whole;
    else if (none) ++absent;
    else ++partial;
    if (ok && !all) ++lost;
  }
  EXPECT_EQ(partial, 0);
  EXPECT_EQ(lost, 0);
  std::cout << "verified: " << registering.registrations.size() << " registrations: " << whole
            << " whole, " << absent << " absent, " << partial << " partial, " << lost
            << " answered OK but missing\n";
}

}  // namespace
}  // namespace renfort
