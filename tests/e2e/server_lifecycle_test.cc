// Starts the real server binaries against the test PostgreSQL and Redis and talks to them over
// gRPC as an outside client would: health, unknown methods, shutdown, start-up errors.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <pqxx/pqxx>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "renfort/v1/mission_service.grpc.pb.h"
#include "storage/events.h"
#include "storage/pg/embedded_migrations.h"
#include "storage/pg/migrator.h"
#include "storage/redis/redis_client.h"
#include "tests/support/child_process.h"
#include "tests/support/running_server.h"
#include "tests/support/scratch_database.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_keys.h"
#include "tests/support/test_stack.h"

namespace renfort {
namespace {

using ::grpc::health::v1::HealthCheckRequest;
using ::grpc::health::v1::HealthCheckResponse;
using ::renfort::testing::ChildProcess;
using ::renfort::testing::IsOk;
using ::renfort::testing::RunningServer;
using ::renfort::testing::ScratchDatabase;
using ::renfort::testing::TestSigningKey;
using ::testing::AnyOf;
using ::testing::Gt;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Optional;

struct Binary {
  std::string path;
  std::vector<std::string> service_names;
};

// Names the binary in test output instead of dumping the struct's bytes.
void PrintTo(const Binary& binary, std::ostream* out) { *out << binary.path; }

Binary AllInOne() {
  return {
      RENFORT_BIN,
      {"renfort.v1.MissionService", "renfort.v1.VolunteerService", "renfort.v1.MatchingService"}};
}

// Every test server trusts one freshly generated key.
const TestSigningKey& ServerKey() {
  static const TestSigningKey* const key =
      TestSigningKey::Generate(services::TokenAlgorithm::kEs256, "e2e").release();
  return *key;
}

std::unique_ptr<RunningServer> StartServer(const std::string& binary,
                                           const std::string& database_url,
                                           std::vector<std::string> extra_flags = {}) {
  return RunningServer::Start({.binary = binary,
                               .database_url = database_url,
                               .jwt_key_files = {ServerKey().public_key_file()},
                               .extra_flags = std::move(extra_flags)});
}

grpc::Status CallUnknownMethod(grpc::Channel& channel, const std::string& method) {
  grpc::GenericStub stub(std::shared_ptr<grpc::Channel>(&channel, [](grpc::Channel*) {}));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  grpc::Slice empty_message("");
  grpc::ByteBuffer request(&empty_message, 1);
  grpc::ByteBuffer response;
  grpc::Status result;
  absl::Notification done;
  stub.UnaryCall(&context, method, grpc::StubOptions(), &request, &response,
                 [&](grpc::Status status) {
                   result = std::move(status);
                   done.Notify();
                 });
  done.WaitForNotification();
  return result;
}

class EveryBinaryTest : public ::testing::TestWithParam<Binary> {};

TEST_P(EveryBinaryTest, ServesHealthAndStopsCleanlyOnSigterm) {
  auto database = ScratchDatabase::CreateMigrated();
  ASSERT_NE(database, nullptr);
  auto server = StartServer(GetParam().path, database->url());
  ASSERT_NE(server, nullptr);

  EXPECT_TRUE(server->AwaitHealth(HealthCheckResponse::SERVING)) << server->process().Output();
  for (const std::string& name : GetParam().service_names) {
    EXPECT_EQ(server->Health(name), HealthCheckResponse::SERVING) << name;
  }

  // Nothing is in flight: the server leaves at once rather than sitting out its 5 s grace
  // period, even though this test's client keeps its connection open.
  server->process().Signal(SIGTERM);
  EXPECT_EQ(server->process().WaitForExit(absl::Seconds(3)), 0) << server->process().Output();
  EXPECT_THAT(server->process().Output(), HasSubstr("\"event\":\"stopped\""));
}

TEST_P(EveryBinaryTest, UnknownMethodAnswersUnimplemented) {
  auto database = ScratchDatabase::CreateMigrated();
  ASSERT_NE(database, nullptr);
  auto server = StartServer(GetParam().path, database->url());
  ASSERT_NE(server, nullptr);

  EXPECT_EQ(CallUnknownMethod(*server->channel(), "/renfort.v1.NoSuchService/Nothing").error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_EQ(
      CallUnknownMethod(*server->channel(), "/grpc.health.v1.Health/NoSuchMethod").error_code(),
      grpc::StatusCode::UNIMPLEMENTED);
}

INSTANTIATE_TEST_SUITE_P(
    Binaries, EveryBinaryTest,
    ::testing::Values(AllInOne(), Binary{RENFORT_MISSIONS_BIN, {"renfort.v1.MissionService"}},
                      Binary{RENFORT_VOLUNTEERS_BIN, {"renfort.v1.VolunteerService"}},
                      Binary{RENFORT_MATCHING_BIN, {"renfort.v1.MatchingService"}}),
    [](const ::testing::TestParamInfo<Binary>& info) {
      std::string name = std::vector<std::string>(absl::StrSplit(info.param.path, '/')).back();
      std::replace(name.begin(), name.end(), '-', '_');
      return name;
    });

TEST(ServerStartup, OnUnmigratedDatabase_IsNotServingUntilMigrationsRun) {
  auto database = ScratchDatabase::CreateEmpty();
  ASSERT_NE(database, nullptr);
  auto server = StartServer(RENFORT_BIN, database->url());
  ASSERT_NE(server, nullptr);
  EXPECT_EQ(server->Health(), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(server->Health("liveness"), HealthCheckResponse::SERVING);
  EXPECT_THAT(server->process().Output(), HasSubstr("\"event\":\"schema_pending\""));

  pqxx::connection connection(database->url());
  ASSERT_THAT(storage::Migrator(storage::EmbeddedMigrations()).Apply(connection), IsOk());

  EXPECT_TRUE(server->AwaitHealth(HealthCheckResponse::SERVING)) << server->process().Output();
}

TEST(ServerStartup, WithMigrateFlag_AppliesMigrationsAndServes) {
  auto database = ScratchDatabase::CreateEmpty();
  ASSERT_NE(database, nullptr);
  auto server = StartServer(RENFORT_BIN, database->url(), {"--migrate"});
  ASSERT_NE(server, nullptr);
  EXPECT_TRUE(server->AwaitHealth(HealthCheckResponse::SERVING)) << server->process().Output();
  EXPECT_THAT(server->process().Output(), HasSubstr("\"event\":\"schema_migrated\""));
}

TEST(ServerStartup, LogsOneLinePerCallWithMethodCodeAndLatency) {
  auto database = ScratchDatabase::CreateMigrated();
  ASSERT_NE(database, nullptr);
  auto server = StartServer(RENFORT_BIN, database->url());
  ASSERT_NE(server, nullptr);
  ASSERT_TRUE(server->AwaitHealth(HealthCheckResponse::SERVING));

  EXPECT_THAT(
      server->process().WaitForLine(
          R"("event":"rpc","method":"/grpc.health.v1.Health/Check","code":"OK","latency_ms":)",
          absl::Seconds(5)),
      IsOk());
}

// Runs `binary` with `flags` to completion; returns {exit code, output}.
std::pair<std::optional<int>, std::string> RunToExit(std::vector<std::string> argv) {
  absl::StatusOr<std::unique_ptr<ChildProcess>> process = ChildProcess::Start(argv);
  EXPECT_THAT(process, IsOk());
  if (!process.ok()) return {std::nullopt, ""};
  std::optional<int> code = (*process)->WaitForExit(absl::Seconds(20));
  return {code, (*process)->Output()};
}

// GET http://127.0.0.1:<port><path> with a plain socket; the body, or "" on failure.
std::string HttpGet(int port, const std::string& path) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string response;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0) {
    const std::string request = absl::StrCat("GET ", path, " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
    if (write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size())) {
      char buffer[4096];
      ssize_t n;
      while ((n = read(fd, buffer, sizeof(buffer))) > 0) response.append(buffer, n);
    }
  }
  close(fd);
  return response;
}

// The port the server logged in its "metrics" line, or 0.
int MetricsPort(RunningServer& server) {
  absl::StatusOr<std::string> line =
      server.process().WaitForLine("\"event\":\"metrics\"", absl::Seconds(10));
  EXPECT_THAT(line, IsOk());
  if (!line.ok()) return 0;
  int port = 0;
  const size_t at = line->find("\"port\":");
  if (at == std::string::npos) return 0;
  if (!absl::SimpleAtoi(line->substr(at + 7, line->find_first_of(",}", at) - at - 7), &port))
    return 0;
  return port;
}

// The value of one series ("name{labels}" exactly as served) on a metrics page, or nullopt.
std::optional<double> SeriesValue(const std::string& page, const std::string& series) {
  for (absl::string_view line : absl::StrSplit(page, '\n')) {
    if (!absl::ConsumePrefix(&line, series) || !absl::ConsumePrefix(&line, " ")) continue;
    double value = 0;
    if (absl::SimpleAtod(absl::StripAsciiWhitespace(line), &value)) return value;
  }
  return std::nullopt;
}

// Polls /metrics until every series in `wanted` is on the page (the sampler sets the gauges
// every 5 s), for up to 60 s; returns the last page.
std::string AwaitSeries(int port, const std::vector<std::string>& wanted) {
  std::string page;
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  do {
    page = HttpGet(port, "/metrics");
    if (std::all_of(wanted.begin(), wanted.end(),
                    [&](const std::string& series) { return SeriesValue(page, series); })) {
      break;
    }
    absl::SleepFor(absl::Milliseconds(250));
  } while (absl::Now() < deadline);
  return page;
}

int64_t CountRows(const std::string& database_url, const std::string& sql) {
  pqxx::connection connection(database_url);
  pqxx::read_transaction txn(connection);
  return txn.exec1(sql)[0].as<int64_t>();
}

TEST(ServerMetrics, ServesCallsPoolOutboxStreamLagPerGroupAndIndexSize) {
  auto database = ScratchDatabase::CreateMigrated();
  ASSERT_NE(database, nullptr);
  // A small platform, so the matching index has something to count.
  auto [seeded, seed_output] = RunToExit({RENFORT_SEED_BIN, "--database_url=" + database->url(),
                                          std::string("--communes_csv=") + RENFORT_COMMUNES_CSV,
                                          "--volunteers=300", "--missions=60"});
  ASSERT_EQ(seeded, 0) << seed_output;
  // The indexer's group named as the manifests name it (one per pod), the notifier's shared.
  auto server =
      StartServer(RENFORT_BIN, database->url(),
                  {"--metrics_port=0", "--matching_indexer_group=matching-indexer-e2e-pod-1"});
  ASSERT_NE(server, nullptr);
  ASSERT_TRUE(server->AwaitHealth(HealthCheckResponse::SERVING)) << server->process().Output();
  const int port = MetricsPort(*server);
  ASSERT_GT(port, 0);
  EXPECT_EQ(
      CallUnknownMethod(*server->channel(), "/renfort.v1.MissionService/GetMission").error_code(),
      grpc::StatusCode::UNAUTHENTICATED);

  const std::string page = AwaitSeries(
      port, {"renfort_matching_index_ready", R"(renfort_matching_index_entries{kind="volunteers"})",
             R"(renfort_event_stream_lag{group="notifier"})",
             R"(renfort_event_stream_lag{group="matching-indexer-e2e-pod-1"})"});
  EXPECT_THAT(page, HasSubstr("200 OK"));
  const std::string refused_calls =
      "renfort_rpc_requests_total{code=\"UNAUTHENTICATED\","
      "method=\"/renfort.v1.MissionService/GetMission\"}";
  EXPECT_THAT(SeriesValue(page, refused_calls), Optional(1));
  EXPECT_THAT(
      page,
      HasSubstr("renfort_rpc_latency_seconds_bucket{method=\"/grpc.health.v1.Health/Check\""));
  EXPECT_THAT(page, HasSubstr("renfort_db_pool_connections{state=\"idle\"}"));
  EXPECT_THAT(SeriesValue(page, "renfort_outbox_backlog"), Optional(0));
  EXPECT_THAT(page, HasSubstr("renfort_relay_leader"));

  // Stream lag for each consumer group of the event stream, by name (the values depend on what
  // other servers of the test Redis publish meanwhile).
  EXPECT_TRUE(SeriesValue(page, R"(renfort_event_stream_lag{group="notifier"})"));
  EXPECT_TRUE(SeriesValue(page, R"(renfort_event_stream_lag{group="matching-indexer-e2e-pod-1"})"));

  // The index holds what its snapshot query selects, and says how much memory that takes.
  EXPECT_THAT(SeriesValue(page, "renfort_matching_index_ready"), Optional(1));
  const int64_t volunteers = CountRows(
      database->url(), "SELECT count(*) FROM volunteers WHERE status IN ('ACTIVE', 'PAUSED')");
  const int64_t missions = CountRows(
      database->url(), "SELECT count(*) FROM missions WHERE status IN ('PUBLISHED', 'PAUSED')");
  ASSERT_GT(volunteers, 0);
  ASSERT_GT(missions, 0);
  EXPECT_THAT(SeriesValue(page, R"(renfort_matching_index_entries{kind="volunteers"})"),
              Optional(static_cast<double>(volunteers)));
  EXPECT_THAT(SeriesValue(page, R"(renfort_matching_index_entries{kind="missions"})"),
              Optional(static_cast<double>(missions)));
  EXPECT_TRUE(SeriesValue(page, R"(renfort_matching_index_entries{kind="involvement_pairs"})"));
  EXPECT_THAT(SeriesValue(page, R"(renfort_matching_index_bytes{kind="volunteers"})"),
              Optional(Gt(0)));
  EXPECT_THAT(SeriesValue(page, R"(renfort_matching_index_bytes{kind="missions"})"),
              Optional(Gt(0)));
}

// Runs one Redis command against the test Redis; false (with a gtest failure) when it fails.
bool RunRedis(const std::vector<std::string>& command) {
  absl::StatusOr<std::string> url = renfort::testing::TestRedisUrl();
  EXPECT_THAT(url, IsOk());
  if (!url.ok()) return false;
  absl::StatusOr<storage::RedisEndpoint> endpoint = storage::ParseRedisUrl(*url);
  EXPECT_THAT(endpoint, IsOk());
  if (!endpoint.ok()) return false;
  absl::StatusOr<std::unique_ptr<storage::RedisConnection>> connection =
      storage::RedisConnection::Connect(*endpoint, absl::Seconds(5));
  EXPECT_THAT(connection, IsOk());
  if (!connection.ok()) return false;
  absl::StatusOr<storage::RedisReply> reply = (*connection)->Run(command);
  EXPECT_THAT(reply, IsOk());
  return reply.ok() && reply->type != storage::RedisReply::Type::kError;
}

TEST(ServerMetrics, StreamLagFollowsTheGroupsTheStreamHas) {
  auto database = ScratchDatabase::CreateMigrated();
  ASSERT_NE(database, nullptr);
  auto server = StartServer(RENFORT_MISSIONS_BIN, database->url(), {"--metrics_port=0"});
  ASSERT_NE(server, nullptr);
  ASSERT_TRUE(server->AwaitHealth(HealthCheckResponse::SERVING)) << server->process().Output();
  const int port = MetricsPort(*server);
  ASSERT_GT(port, 0);

  // A group as a matching pod leaves behind, then its removal.
  const std::string group = absl::StrCat("matching-indexer-e2e-departed-", getpid());
  const std::string series = absl::StrCat("renfort_event_stream_lag{group=\"", group, "\"}");
  ASSERT_TRUE(RunRedis({"XGROUP", "CREATE", storage::kEventStream, group, "$", "MKSTREAM"}));
  EXPECT_TRUE(SeriesValue(AwaitSeries(port, {series}), series)) << series;

  ASSERT_TRUE(RunRedis({"XGROUP", "DESTROY", storage::kEventStream, group}));
  std::string page;
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  do {
    page = HttpGet(port, "/metrics");
    if (!SeriesValue(page, series)) break;
    absl::SleepFor(absl::Milliseconds(250));
  } while (absl::Now() < deadline);
  EXPECT_EQ(SeriesValue(page, series), std::nullopt) << page;
  EXPECT_THAT(SeriesValue(page, "renfort_outbox_backlog"), Optional(0));
}

TEST(ServerMetrics, ServesNoIndexSeriesWhereNoMatchingIndexRuns) {
  auto database = ScratchDatabase::CreateMigrated();
  ASSERT_NE(database, nullptr);
  auto server = StartServer(RENFORT_MISSIONS_BIN, database->url(), {"--metrics_port=0"});
  ASSERT_NE(server, nullptr);
  ASSERT_TRUE(server->AwaitHealth(HealthCheckResponse::SERVING)) << server->process().Output();
  const int port = MetricsPort(*server);
  ASSERT_GT(port, 0);
  const std::string page = AwaitSeries(port, {"renfort_outbox_backlog"});
  EXPECT_THAT(SeriesValue(page, "renfort_outbox_backlog"), Optional(0));
  EXPECT_THAT(page, Not(HasSubstr("renfort_matching_index")));
}

// Holds every statement on `table` of a database until Release() (or destruction): an ACCESS
// EXCLUSIVE lock taken in a transaction left open. A call reading the table then stays in flight
// for as long as the test wants, without any timing.
class TableLock {
 public:
  TableLock(const std::string& database_url, const std::string& table)
      : connection_(database_url), txn_(std::make_unique<pqxx::work>(connection_)) {
    txn_->exec("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
  }
  void Release() { txn_.reset(); }  // rolls back, which releases the lock

 private:
  pqxx::connection connection_;
  std::unique_ptr<pqxx::work> txn_;
};

// Waits until some backend of the database waits for a lock, for up to 30 s.
bool AwaitStatementWaitingForLock(const std::string& database_url) {
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (absl::Now() < deadline) {
    if (CountRows(database_url,
                  "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                  "AND wait_event_type = 'Lock'") > 0) {
      return true;
    }
    absl::SleepFor(absl::Milliseconds(50));
  }
  return false;
}

// A ListOrganisations call, run on its own thread, as an administrator.
class CallInFlight {
 public:
  explicit CallInFlight(const std::shared_ptr<grpc::Channel>& channel)
      : thread_([this, channel] {
          grpc::ClientContext context;
          context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
          context.AddMetadata("authorization",
                              "Bearer " + ServerKey().Token(renfort::testing::AdminCaller()));
          v1::ListOrganisationsResponse response;
          status_ = v1::MissionService::NewStub(channel)->ListOrganisations(
              &context, v1::ListOrganisationsRequest(), &response);
          done_ = true;
        }) {}
  ~CallInFlight() { Finish(); }

  bool done() const { return done_; }
  grpc::Status Finish() {
    if (thread_.joinable()) thread_.join();
    return status_;
  }

 private:
  std::atomic<bool> done_{false};
  grpc::Status status_;
  std::thread thread_;
};

// The rollout contract of docs/deploy.md: on SIGTERM health turns NOT_SERVING at once, so the
// kubelet takes the pod out of its Services, while a call already running is let finish; the
// process then exits 0 without waiting out its grace period.
TEST(GracefulShutdown, CallInFlightAtSigtermCompletesThenProcessExitsZero) {
  auto database = ScratchDatabase::CreateMigrated();
  ASSERT_NE(database, nullptr);
  // A grace period far longer than the test waits below: an exit only comes from the drain.
  auto server =
      StartServer(RENFORT_MISSIONS_BIN, database->url(), {"--shutdown_grace_seconds=120"});
  ASSERT_NE(server, nullptr);
  ASSERT_TRUE(server->AwaitHealth(HealthCheckResponse::SERVING)) << server->process().Output();

  TableLock lock(database->url(), "organisations");
  CallInFlight call(server->channel());
  ASSERT_TRUE(AwaitStatementWaitingForLock(database->url())) << server->process().Output();

  server->process().Signal(SIGTERM);
  ASSERT_THAT(server->process().WaitForLine("\"event\":\"shutting_down\"", absl::Seconds(10)),
              IsOk());
  EXPECT_TRUE(server->AwaitHealth(HealthCheckResponse::NOT_SERVING)) << server->process().Output();
  EXPECT_TRUE(server->AwaitHealth(HealthCheckResponse::NOT_SERVING, "renfort.v1.MissionService"));
  // Still draining: the call holds the process up.
  EXPECT_FALSE(call.done());
  EXPECT_EQ(server->process().WaitForExit(absl::Milliseconds(200)), std::nullopt);

  lock.Release();
  const grpc::Status status = call.Finish();
  EXPECT_TRUE(status.ok()) << status.error_code() << ": " << status.error_message();
  EXPECT_EQ(server->process().WaitForExit(absl::Seconds(60)), 0) << server->process().Output();
  EXPECT_THAT(server->process().Output(), HasSubstr("\"event\":\"stopped\""));
  EXPECT_THAT(server->process().Output(), Not(HasSubstr("calls_cancelled_at_shutdown")));
}

// A call that outlasts the grace period is cancelled, and the process still exits 0 at the
// end of the grace, before the kubelet's SIGKILL, even though its query is still blocked.
TEST(GracefulShutdown, CallOutlastingTheGraceIsCancelledAndProcessStillExitsZero) {
  auto database = ScratchDatabase::CreateMigrated();
  ASSERT_NE(database, nullptr);
  auto server = StartServer(RENFORT_MISSIONS_BIN, database->url(), {"--shutdown_grace_seconds=2"});
  ASSERT_NE(server, nullptr);
  ASSERT_TRUE(server->AwaitHealth(HealthCheckResponse::SERVING)) << server->process().Output();

  TableLock lock(database->url(), "organisations");
  CallInFlight call(server->channel());
  ASSERT_TRUE(AwaitStatementWaitingForLock(database->url())) << server->process().Output();

  server->process().Signal(SIGTERM);
  // The lock is still held: nothing but the end of the grace period lets the process go.
  EXPECT_EQ(server->process().WaitForExit(absl::Seconds(60)), 0) << server->process().Output();
  EXPECT_THAT(server->process().Output(), HasSubstr("\"event\":\"calls_cancelled_at_shutdown\""));
  const grpc::Status status = call.Finish();
  EXPECT_THAT(status.error_code(),
              AnyOf(grpc::StatusCode::CANCELLED, grpc::StatusCode::UNAVAILABLE));
  lock.Release();
}

TEST(ServerStartup, UnreachableDatabase_ExitsWithOneClearLine) {
  absl::StatusOr<std::string> redis_url = renfort::testing::TestRedisUrl();
  ASSERT_THAT(redis_url, IsOk());
  auto [code, output] = RunToExit(
      {RENFORT_BIN, "--port=0", "--jwt_keys=" + ServerKey().public_key_file(),
       "--database_url=postgresql://postgres@127.0.0.1:1/renfort", "--redis_url=" + *redis_url});
  EXPECT_EQ(code, 1);
  EXPECT_EQ(std::count(output.begin(), output.end(), '\n'), 1) << output;
  EXPECT_THAT(output, HasSubstr("127.0.0.1:1"));
  EXPECT_THAT(output, HasSubstr("RENFORT_DATABASE_URL"));
}

TEST(ServerStartup, UnreachableRedis_ExitsWithOneClearLine) {
  auto database = ScratchDatabase::CreateMigrated();
  ASSERT_NE(database, nullptr);
  auto [code, output] =
      RunToExit({RENFORT_BIN, "--port=0", "--database_url=" + database->url(),
                 "--jwt_keys=" + ServerKey().public_key_file(), "--redis_url=redis://127.0.0.1:1"});
  EXPECT_EQ(code, 1);
  EXPECT_EQ(std::count(output.begin(), output.end(), '\n'), 1) << output;
  EXPECT_THAT(output, HasSubstr("Redis at 127.0.0.1:1"));
}

TEST(ServerStartup, BadFlagValue_ExitsWithUsageErrorNamingTheFlag) {
  auto [code, output] = RunToExit({RENFORT_BIN, "--port=fifty", "--database_url=postgresql://x",
                                   "--redis_url=redis://127.0.0.1:1"});
  EXPECT_EQ(code, 2);
  EXPECT_THAT(output,
              HasSubstr("--port (RENFORT_PORT): must be an integer in 0..65535, got 'fifty'"));
}

TEST(ServerStartup, MissingJwtKeys_ExitsWithUsageErrorNamingTheFlag) {
  auto [code, output] =
      RunToExit({RENFORT_BIN, "--database_url=postgresql://x", "--redis_url=redis://127.0.0.1:1"});
  EXPECT_EQ(code, 2);
  EXPECT_THAT(output, HasSubstr("--jwt_keys (RENFORT_JWT_KEYS) is required"));
}

TEST(ServerStartup, UnreadableJwtKey_ExitsWithOneClearLine) {
  auto [code, output] =
      RunToExit({RENFORT_BIN, "--database_url=postgresql://x", "--redis_url=redis://127.0.0.1:1",
                 "--jwt_keys=/nonexistent/key.pem"});
  EXPECT_EQ(code, 2);
  EXPECT_THAT(output, HasSubstr("cannot read /nonexistent/key.pem"));
}

TEST(ServerStartup, DatabaseNewerThanBinary_ExitsWithOneClearLine) {
  auto database = ScratchDatabase::CreateMigrated();
  ASSERT_NE(database, nullptr);
  {
    pqxx::connection connection(database->url());
    pqxx::work txn(connection);
    txn.exec(
        "INSERT INTO schema_migrations (version, name, checksum) VALUES (9999, 'future', 'x')");
    txn.commit();
  }
  absl::StatusOr<std::string> redis_url = renfort::testing::TestRedisUrl();
  ASSERT_THAT(redis_url, IsOk());
  auto [code, output] =
      RunToExit({RENFORT_BIN, "--port=0", "--database_url=" + database->url(),
                 "--jwt_keys=" + ServerKey().public_key_file(), "--redis_url=" + *redis_url});
  EXPECT_EQ(code, 1);
  EXPECT_THAT(output, HasSubstr("newer than this binary"));
}

}  // namespace
}  // namespace renfort
