// A client that cancels ExportParticipations after reading a few rows, again and again, against
// the real all-in-one server: each time the export's PostgreSQL transaction (its cursor) ends,
// the pooled connection comes back, the process does not grow, and a full export afterwards
// still streams every row.
// And an export whose cursor is stuck on a lock past the client's deadline: PostgreSQL cancels
// it at the deadline.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
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
using ::grpc::health::v1::HealthCheckResponse;
using ::renfort::testing::PollUntil;
using ::renfort::testing::ServiceClients;

constexpr int kVolunteers = 400;
constexpr int kMissions = 100;
constexpr int kRows = kVolunteers * kMissions;  // ~15 MB of messages: far beyond HTTP/2 windows
constexpr int kRowsReadBeforeCancel = 5;
constexpr int kWarmUpCancels = 3;
constexpr int kCancels = 20;
constexpr int kPoolSize = 2;
constexpr int kConcurrentCalls = 16;
// Cursor statement of StatsStore::Export, as pg_stat_activity shows the session's last query.
constexpr char kExportCursor[] = "participation_export";

class ExportClient {
 public:
  ExportClient(const std::shared_ptr<grpc::Channel>& channel, const testing::TestSigningKey& key)
      : stub_(v1::MissionService::NewStub(channel)), key_(key) {}

  // Streams the whole export as an admin; the number of rows, or -1 after a failed call.
  long long ReadAll() {
    grpc::ClientContext context;
    Authorize(context);
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    auto reader = stub_->ExportParticipations(&context, v1::ExportParticipationsRequest());
    v1::ExportParticipationsResponse message;
    long long rows = 0;
    while (reader->Read(&message)) ++rows;
    const grpc::Status status = reader->Finish();
    if (!status.ok()) {
      ADD_FAILURE() << "export: " << status.error_code() << " " << status.error_message();
      return -1;
    }
    return rows;
  }

  // Starts an export, reads `rows` messages, then calls `while_open` (the server is now blocked
  // writing the rest) and cancels. The status the client saw.
  grpc::Status ReadSomeThenCancel(int rows, const std::function<void()>& while_open) {
    grpc::ClientContext context;
    Authorize(context);
    auto reader = stub_->ExportParticipations(&context, v1::ExportParticipationsRequest());
    v1::ExportParticipationsResponse message;
    for (int i = 0; i < rows; ++i) {
      if (!reader->Read(&message)) {
        ADD_FAILURE() << "the export ended after " << i << " rows";
        break;
      }
    }
    while_open();
    context.TryCancel();
    while (reader->Read(&message)) {
    }
    return reader->Finish();
  }

 private:
  void Authorize(grpc::ClientContext& context) {
    context.AddMetadata("authorization", "Bearer " + key_.Token(testing::AdminCaller()));
  }

  std::unique_ptr<v1::MissionService::Stub> stub_;
  const testing::TestSigningKey& key_;
};

TEST(ExportCancellation, ACancelledExportEndsItsQueryReturnsItsConnectionAndLeaksNothing) {
  auto key = testing::TestSigningKey::Generate(services::TokenAlgorithm::kEs256, "export-cancel");
  auto database = testing::ScratchDatabase::CreateMigrated();
  ASSERT_NE(database, nullptr);
  auto server = testing::RunningServer::Start(
      {.binary = RENFORT_BIN,
       .database_url = database->url(),
       .jwt_key_files = {key->public_key_file()},
       .extra_flags = {absl::StrCat("--db_pool_size=", kPoolSize), "--metrics_port=0"}});
  ASSERT_NE(server, nullptr);
  ASSERT_TRUE(server->AwaitHealth(HealthCheckResponse::SERVING)) << server->process().Output();
  const int metrics_port = testing::MetricsPort(*server);
  ASSERT_GT(metrics_port, 0) << server->process().Output();
  ServiceClients clients(server->channel(), *key);
  const std::string organisation = clients.CreateValidatedOrganisation("Restos du coeur");
  ASSERT_FALSE(organisation.empty());
  const std::string mission = clients.CreatePublishedMission(
      testing::PipelineMission(organisation, "Distribution", "75056", 5));
  ASSERT_FALSE(mission.empty());

  pqxx::connection sql(database->url());
  testing::InsertVolunteers(sql, kVolunteers, "export");
  {
    pqxx::work txn(sql);
    txn.exec_params(R"sql(
      INSERT INTO missions (organisation_id, title, domain_slug, format, department_code,
                            schedule_kind, start_date, end_date, commitment_duration_minutes,
                            commitment_period, places, status, published_at)
      SELECT $1, 'Mission ' || n, 'health', 'IN_PERSON', '75', 'ONE_OFF', date '2030-03-01',
             date '2030-03-02', 60, 'TOTAL', 10, 'PUBLISHED', timestamptz '2030-01-01'
      FROM generate_series(1, $2) n)sql",
                    organisation, kMissions);
    txn.exec(R"sql(
      INSERT INTO participations (mission_id, volunteer_id, origin, status, waitlisted_at, created_at)
      SELECT m.id, v.id, 'APPLIED', 'WAITLISTED', now(), now()
      FROM missions m CROSS JOIN volunteers v
      WHERE m.title LIKE 'Mission %' AND v.email LIKE 'export-%')sql");
    txn.commit();
  }
  ASSERT_EQ(testing::QueryCount(sql, "SELECT count(*) FROM participations"), kRows);

  ExportClient client(server->channel(), *key);
  ASSERT_EQ(client.ReadAll(), kRows);
  std::cout << "seeded " << kRows << " participations; a full export streams all of them\n";

  // One cancellation: while the client holds the stream open, the export's transaction is open
  // in PostgreSQL (proof that the probe below sees it); once cancelled, it ends.
  bool seen_open = false;
  auto cancel_once = [&](bool check_open) {
    const grpc::Status status = client.ReadSomeThenCancel(kRowsReadBeforeCancel, [&] {
      if (check_open) {
        seen_open = PollUntil(
            [&] { return testing::SessionsInTransactionRunning(sql, kExportCursor) == 1; },
            absl::Seconds(10));
      }
    });
    EXPECT_EQ(status.error_code(), grpc::StatusCode::CANCELLED) << status.error_message();
    const absl::Time cancelled = absl::Now();
    const bool ended =
        PollUntil([&] { return testing::SessionsInTransactionRunning(sql, kExportCursor) == 0; },
                  absl::Seconds(20));
    EXPECT_TRUE(ended) << "the export's transaction is still open 20 s after the cancel";
    return absl::Now() - cancelled;
  };

  std::cout << "injected: client cancels ExportParticipations (TryCancel) after reading "
            << kRowsReadBeforeCancel << " of " << kRows << " rows, " << kWarmUpCancels + kCancels
            << " times\n";
  const absl::Duration first_end = cancel_once(/*check_open=*/true);
  ASSERT_TRUE(seen_open) << "the export's transaction never showed in pg_stat_activity";
  for (int i = 1; i < kWarmUpCancels; ++i) cancel_once(false);
  const int64_t rss_before = testing::ResidentKib(server->process().pid());
  absl::Duration slowest_end = first_end;
  for (int i = 0; i < kCancels; ++i) slowest_end = std::max(slowest_end, cancel_once(false));
  ASSERT_FALSE(HasFailure());
  const int64_t rss_after = testing::ResidentKib(server->process().pid());
  ASSERT_GT(rss_before, 0);
  std::cout << testing::Verdict()
            << ": while the stream was open its transaction was in pg_stat_activity; "
               "after each cancel it ended within "
            << absl::ToDoubleMilliseconds(slowest_end) << " ms (slowest)\n";
  // A leaked batch (1,000 rows), reactor or HTTP/2 buffer per call would add megabytes over
  // 20 calls; allocator noise stays well under this. ThreadSanitizer backs every byte the
  // server touches with four bytes of shadow memory, so the same growth, noise or leak,
  // shows five times larger there.
#ifdef __SANITIZE_THREAD__
  constexpr int64_t kMemoryScale = 5;
#else
  constexpr int64_t kMemoryScale = 1;
#endif
  EXPECT_LE(rss_after - rss_before, kMemoryScale * 8 * 1024);
  std::cout << testing::Verdict() << ": server RSS " << rss_before << " KiB before " << kCancels
            << " cancelled exports, " << rss_after << " KiB after (" << rss_after - rss_before
            << " KiB)\n";

  // Both pooled connections are back: the sampled gauges say so, and more concurrent calls
  // than connections are all answered (a leaked lease would make them wait 5 s, UNAVAILABLE).
  std::string page;
  const bool pool_idle = PollUntil(
      [&] {
        page = testing::HttpGet(metrics_port, "/metrics");
        return testing::SeriesValue(page, R"(renfort_db_pool_connections{state="in_use"})") ==
                   std::optional<double>(0) &&
               testing::SeriesValue(page, R"(renfort_db_pool_connections{state="idle"})") ==
                   std::optional<double>(kPoolSize);
      },
      absl::Seconds(30));
  EXPECT_TRUE(pool_idle) << page;
  std::atomic<int> answered{0};
  std::vector<std::thread> callers;
  for (int i = 0; i < kConcurrentCalls; ++i) {
    callers.emplace_back([&] {
      v1::GetMissionRequest request;
      request.set_mission_id(mission);
      v1::GetMissionResponse response;
      const grpc::Status status =
          clients.Call(clients.missions(), &v1::MissionService::Stub::GetMission,
                       testing::AdminCaller(), request, response, absl::Seconds(20));
      if (status.ok() && response.mission().id() == mission) ++answered;
    });
  }
  for (std::thread& caller : callers) caller.join();
  EXPECT_EQ(answered.load(), kConcurrentCalls);
  std::cout << testing::Verdict() << ": pool gauges in_use 0, idle " << kPoolSize << "; "
            << answered.load() << " of " << kConcurrentCalls
            << " concurrent GetMission calls answered OK\n";
  const std::optional<double> cancelled_calls = testing::SeriesValue(
      page,
      R"(renfort_rpc_requests_total{code="CANCELLED",method="/renfort.v1.MissionService/ExportParticipations"})");
  if (cancelled_calls)
    std::cout << "  server counted " << *cancelled_calls << " cancelled exports\n";

  EXPECT_EQ(client.ReadAll(), kRows);
  std::cout << testing::Verdict() << ": the next export streamed all " << kRows << " rows\n";
  EXPECT_FALSE(server->process().WaitForExit(absl::ZeroDuration()).has_value());
}

// The export made slow for real: another session holds participation_transitions, which the
// export's cursor reads, in ACCESS EXCLUSIVE mode. Called with a short deadline, the client gets
// DEADLINE_EXCEEDED and the cursor's statement stops waiting in PostgreSQL shortly after the
// deadline, instead of holding a pooled connection for as long as the lock is held.
TEST(ExportCancellation, AnExportStuckOnALockIsCancelledInPostgresAtItsDeadline) {
  constexpr absl::Duration kDeadline = absl::Seconds(2);
  auto served = testing::StartServedDatabase(
      {.binary = RENFORT_BIN, .key_id = "export-lock", .extra_flags = {"--db_pool_size=2"}});
  ASSERT_NE(served, nullptr);
  const auto& key = served->key;
  const auto& database = served->database;
  const auto& server = served->server;

  pqxx::connection sql(database->url());
  pqxx::connection holder(database->url());
  auto lock_holder = std::make_unique<pqxx::work>(holder);
  lock_holder->exec("LOCK TABLE participation_transitions IN ACCESS EXCLUSIVE MODE");
  std::cout << "injected: another session holds participation_transitions in ACCESS EXCLUSIVE "
            << "mode; ExportParticipations called with a " << absl::FormatDuration(kDeadline)
            << " deadline\n";

  auto stub = v1::MissionService::NewStub(server->channel());
  grpc::Status status;
  absl::Time deadline_at;
  std::thread caller([&] {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + key->Token(testing::AdminCaller()));
    deadline_at = absl::Now() + kDeadline;
    context.set_deadline(absl::ToChronoTime(deadline_at));
    auto reader = stub->ExportParticipations(&context, v1::ExportParticipationsRequest());
    v1::ExportParticipationsResponse message;
    while (reader->Read(&message)) {
    }
    status = reader->Finish();
  });
  const bool seen_waiting = PollUntil(
      [&] { return testing::SessionsWaitingForALock(sql, kExportCursor) == 1; }, absl::Seconds(10));
  caller.join();
  ASSERT_TRUE(seen_waiting) << "the export's cursor never waited for the lock";
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << status.error_message();

  // Left alone, the cursor would wait as long as the lock is held (until the end of the test).
  const bool stopped = PollUntil(
      [&] { return testing::SessionsWaitingForALock(sql, kExportCursor) == 0; }, absl::Seconds(10));
  EXPECT_TRUE(stopped) << "the export's cursor still waits for the lock 10 s after its deadline";
  std::cout << testing::Verdict() << ": the client got "
            << (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED
                    ? "DEADLINE_EXCEEDED"
                    : absl::StrCat("code ", status.error_code()))
            << "; PostgreSQL stopped the cursor's statement within "
            << absl::ToDoubleMilliseconds(absl::Now() - deadline_at) << " ms of the deadline\n";
  lock_holder->commit();
  EXPECT_FALSE(server->process().WaitForExit(absl::ZeroDuration()).has_value());
}

}  // namespace
}  // namespace renfort
