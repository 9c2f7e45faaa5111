// Apply made slow for real (another session holds the mission's row lock) and called with a
// short deadline against the real all-in-one server: the client gets DEADLINE_EXCEEDED, the
// server's statement stops waiting in PostgreSQL shortly after the deadline instead of waiting
// for the lock, and nothing of the application is written, then or once the lock is released.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <iostream>
#include <pqxx/pqxx>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "tests/faults/fault_probes.h"
#include "tests/faults/poll_until.h"
#include "tests/support/running_server.h"
#include "tests/support/served_database.h"
#include "tests/support/scratch_database.h"
#include "tests/support/service_requests.h"
#include "tests/support/test_keys.h"

namespace renfort {
namespace {

namespace v1 = ::renfort::v1;
using ::renfort::testing::PollUntil;
using ::renfort::testing::ServiceClients;

constexpr absl::Duration kDeadline = absl::Seconds(2);
// The lock statement of ParticipationStore::Apply, as pg_stat_activity shows it.
constexpr char kApplyLock[] = "FOR UPDATE OF m";

TEST(DeadlineExceeded, AnApplyStuckOnALockIsCancelledInPostgresAtItsDeadlineAndWritesNothing) {
  auto served = testing::StartServedDatabase(
      {.binary = RENFORT_BIN, .key_id = "deadline", .extra_flags = {"--db_pool_size=2"}});
  ASSERT_NE(served, nullptr);
  const auto& key = served->key;
  const auto& database = served->database;
  const auto& server = served->server;
  ServiceClients clients(server->channel(), *key);
  const std::string organisation = clients.CreateValidatedOrganisation("Secours populaire");
  ASSERT_FALSE(organisation.empty());
  const std::string mission =
      clients.CreatePublishedMission(testing::PipelineMission(organisation, "Maraude", "75056", 5));
  ASSERT_FALSE(mission.empty());
  const std::string volunteer = testing::RandomUuid();
  ASSERT_TRUE(clients.Register(volunteer, testing::PipelineVolunteer("d", "75056", 15)).ok());

  pqxx::connection sql(database->url());
  pqxx::connection holder(database->url());
  auto lock_holder = std::make_unique<pqxx::work>(holder);
  lock_holder->exec_params("SELECT 1 FROM missions WHERE id = $1 FOR UPDATE", mission);
  std::cout << "injected: another session holds mission " << mission
            << "'s row lock; Apply called with a " << absl::FormatDuration(kDeadline)
            << " deadline\n";

  v1::ApplyRequest apply;
  apply.set_mission_id(mission);
  grpc::Status status;
  absl::Time deadline_at;
  std::thread caller([&] {
    v1::ApplyResponse response;
    deadline_at = absl::Now() + kDeadline;
    status = clients.Call(clients.missions(), &v1::MissionService::Stub::Apply,
                          testing::VolunteerCaller(volunteer), apply, response, kDeadline);
  });
  // The server's statement really waits for the lock in PostgreSQL (so the probe below can
  // see one and the test can fail).
  const bool seen_waiting = PollUntil(
      [&] { return testing::SessionsWaitingForALock(sql, kApplyLock) == 1; }, absl::Seconds(10));
  caller.join();
  const absl::Time answered = absl::Now();
  ASSERT_TRUE(seen_waiting) << "Apply's statement never waited for the lock";
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << status.error_message();
  std::cout << testing::Verdict()
            << ": Apply's statement waited for the lock in PostgreSQL; the client got "
            << (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED
                    ? "DEADLINE_EXCEEDED"
                    : absl::StrCat("code ", status.error_code()))
            << " after " << absl::ToDoubleSeconds(answered - deadline_at + kDeadline) << " s\n";

  // Left alone, the statement would wait as long as the lock is held (here: until the end of
  // the test). Cancelled at the deadline, it is gone at once; 10 s leaves room for a loaded
  // machine.
  const bool stopped = PollUntil(
      [&] { return testing::SessionsWaitingForALock(sql, kApplyLock) == 0; }, absl::Seconds(10));
  const absl::Duration stop_delay = absl::Now() - deadline_at;
  EXPECT_TRUE(stopped) << "Apply's statement still waits for the lock 10 s after its deadline";
  std::cout << testing::Verdict() << ": PostgreSQL stopped the statement within "
            << absl::ToDoubleMilliseconds(stop_delay) << " ms of the deadline\n";
  EXPECT_EQ(testing::QueryCount(sql, "SELECT count(*) FROM participations WHERE volunteer_id = $1",
                                volunteer),
            0);

  // Released, the lock lets through whatever still waits for it: nothing must.
  lock_holder->commit();
  lock_holder.reset();
  v1::ApplyResponse applied;
  const grpc::Status again =
      clients.Call(clients.missions(), &v1::MissionService::Stub::Apply,
                   testing::VolunteerCaller(volunteer), apply, applied, absl::Seconds(20));
  EXPECT_TRUE(again.ok()) << again.error_code() << " " << again.error_message()
                          << " (ALREADY_EXISTS: the timed-out Apply was committed after all)";
  const long long participations = testing::QueryCount(
      sql, "SELECT count(*) FROM participations WHERE volunteer_id = $1", volunteer);
  const long long transitions =
      testing::QueryCount(sql,
                          "SELECT count(*) FROM participation_transitions t JOIN participations p "
                          "ON p.id = t.participation_id WHERE p.volunteer_id = $1",
                          volunteer);
  const long long places_held =
      testing::QueryCount(sql, "SELECT places_held FROM missions WHERE id = $1", mission);
  EXPECT_EQ(participations, 1);
  EXPECT_EQ(transitions, 1);
  EXPECT_EQ(places_held, 1);
  std::cout << testing::Verdict() << ": lock released, a new Apply succeeds; the volunteer has "
            << participations << " participation, " << transitions << " transition, mission "
            << places_held << " place held (none left by the timed-out call)\n";
  EXPECT_FALSE(server->process().WaitForExit(absl::ZeroDuration()).has_value());
}

}  // namespace
}  // namespace renfort
