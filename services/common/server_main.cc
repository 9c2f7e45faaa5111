#include "services/common/server_main.h"

#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "services/common/log.h"
#include "services/common/metrics.h"
#include "services/common/metrics_sampler.h"
#include "services/common/request_log.h"
#include "services/common/auth/signing_key.h"
#include "storage/outbox_relay.h"
#include "storage/pg/connection_pool.h"
#include "storage/status_macros.h"

namespace renfort::services {
namespace {

constexpr absl::Duration kReadinessInterval = absl::Seconds(2);
// Health name that is SERVING from start until SIGTERM, whatever the database does.
constexpr char kLivenessService[] = "liveness";

// Exit codes: 1 for an environment problem (unreachable backend, port in use), 2 for bad flags.
constexpr int kExitEnvironment = 1;
constexpr int kExitUsage = 2;

int FailStartup(const ServiceSpec& spec, int exit_code, absl::string_view message) {
  std::fprintf(stderr, "%s: %.*s\n", spec.binary_name.c_str(), static_cast<int>(message.size()),
               message.data());
  return exit_code;
}

// The signals the main thread waits for: SIGTERM/SIGINT stop the server, SIGHUP reloads keys.
sigset_t HandledSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  return signals;
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentials(
    const ServerConfig& config) {
  if (config.tls_cert_file.empty()) return grpc::InsecureServerCredentials();
  grpc::SslServerCredentialsOptions options;
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  ASSIGN_OR_RETURN(pair.cert_chain, ReadFileToString(config.tls_cert_file));
  ASSIGN_OR_RETURN(pair.private_key, ReadFileToString(config.tls_key_file));
  options.pem_key_cert_pairs.push_back(std::move(pair));
  if (!config.tls_client_ca_file.empty()) {
    ASSIGN_OR_RETURN(options.pem_root_certs, ReadFileToString(config.tls_client_ca_file));
    options.client_certificate_request =
        GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(options);
}

absl::StatusOr<std::unique_ptr<Authenticator>> MakeAuthenticator(const ServerConfig& config) {
  JwtVerifierOptions options;
  options.key_files = config.jwt_key_files;
  options.issuer = config.jwt_issuer;
  options.audience = config.jwt_audience;
  options.dev_hs256_secret_file = config.jwt_dev_hs256_secret_file;
  ASSIGN_OR_RETURN(std::unique_ptr<JwtVerifier> verifier, JwtVerifier::Create(std::move(options)));
  if (!config.jwt_dev_hs256_secret_file.empty()) {
    Log(LogLevel::kWarning, "dev_hs256_enabled",
        {{"hint", "HS256 tokens are accepted: never do this outside development"}});
  }
  return std::make_unique<Authenticator>(std::move(verifier));
}

// Every server process runs a relay; they elect one leader among themselves (see
// storage/outbox_relay.h), so deployments need no separate relay process.
std::unique_ptr<storage::OutboxRelay> StartRelay(const ServerConfig& config,
                                                 const Backends& backends) {
  if (!config.relay) return nullptr;
  storage::OutboxRelayOptions options;
  options.observer = [](absl::string_view what, const absl::Status& status) {
    Log(status.ok() ? LogLevel::kInfo : LogLevel::kWarning, what, {{"reason", status.message()}});
  };
  auto relay = std::make_unique<storage::OutboxRelay>(config.database_url, backends.redis, options);
  relay->Start();
  return relay;
}

// Waits for signals until one asks to stop; returns that signal.
int WaitForShutdownSignal(const sigset_t& signals, Authenticator& authenticator) {
  while (true) {
    int signal_number = 0;
    sigwait(&signals, &signal_number);
    if (signal_number != SIGHUP) return signal_number;
    const absl::Status reloaded = authenticator.ReloadKeys();
    Log(reloaded.ok() ? LogLevel::kInfo : LogLevel::kError, "jwt_keys_reloaded",
        {{"ok", reloaded.ok()}, {"error", reloaded.message()}});
  }
}

// Keeps the health status in step with the database: SERVING only while it answers with the
// schema this binary expects. Uses its own connection, so a busy pool cannot make a healthy
// process look unhealthy.
class ReadinessWatcher {
 public:
  // `services`: the health names that follow readiness ("" and each service's full name).
  ReadinessWatcher(std::string database_url, grpc::HealthCheckServiceInterface* health,
                   std::vector<std::string> services,
                   std::vector<std::function<absl::Status()>> extra_checks = {})
      : database_url_(std::move(database_url)),
        health_(health),
        services_(std::move(services)),
        extra_checks_(std::move(extra_checks)) {}

  // Checks once now, then every kReadinessInterval on a thread until Stop().
  void Start() {
    CheckOnce();
    thread_ = std::thread([this] { Loop(); });
  }

  void Stop() {
    {
      absl::MutexLock lock(&mu_);
      stopping_ = true;
    }
    if (thread_.joinable()) thread_.join();
  }

 private:
  void Loop() {
    absl::MutexLock lock(&mu_);
    while (!mu_.AwaitWithTimeout(absl::Condition(&stopping_), kReadinessInterval)) {
      mu_.Unlock();
      CheckOnce();
      mu_.Lock();
    }
  }

  void CheckOnce() {
    absl::Status status = Check();
    const bool serving = status.ok();
    if (serving != serving_ || first_check_) {
      Log(serving ? LogLevel::kInfo : LogLevel::kWarning, "health",
          {{"status", serving ? "SERVING" : "NOT_SERVING"}, {"reason", status.message()}});
    }
    first_check_ = false;
    serving_ = serving;
    for (const std::string& service : services_) health_->SetServingStatus(service, serving);
  }

  absl::Status Check() {
    if (connection_ == nullptr || !connection_->is_open()) {
      absl::StatusOr<std::unique_ptr<pqxx::connection>> connection =
          storage::OpenConnection(database_url_);
      if (!connection.ok()) return connection.status();
      connection_ = *std::move(connection);
    }
    RETURN_IF_ERROR(CheckReadiness(*connection_));
    for (const auto& check : extra_checks_) RETURN_IF_ERROR(check());
    return absl::OkStatus();
  }

  const std::string database_url_;
  grpc::HealthCheckServiceInterface* const health_;
  const std::vector<std::string> services_;
  const std::vector<std::function<absl::Status()>> extra_checks_;
  std::unique_ptr<pqxx::connection> connection_;  // used by CheckOnce's caller thread only
  bool serving_ = false;
  bool first_check_ = true;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

// Past the grace period, with calls still running. gRPC's Shutdown() returns only once every
// handler has, and a handler waiting on PostgreSQL (a lock, a slow query) returns only with its
// query, so an orderly stop could outlast the pod's termination grace period and end in SIGKILL.
// The process leaves at once instead: its clients see the connection close (UNAVAILABLE, which
// they may retry elsewhere), and PostgreSQL rolls back the open transactions as the
// connections drop, releasing the relay's leader lock with them.
[[noreturn]] void ExitAbandoningCalls(const ServiceSpec& spec) {
  Log(LogLevel::kInfo, "stopped", {{"binary", spec.binary_name}, {"calls_abandoned", true}});
  std::fflush(nullptr);
  std::_Exit(0);
}

}  // namespace

int RunServiceMain(const ServiceSpec& spec, int argc, char** argv) {
  // Block shutdown signals before any thread exists, so every thread inherits the mask and only
  // the sigwait below receives them.
  const sigset_t handled_signals = HandledSignals();
  pthread_sigmask(SIG_BLOCK, &handled_signals, nullptr);

  absl::SetProgramUsageMessage(
      absl::StrCat(spec.binary_name, ": renfort gRPC server. Flags also read RENFORT_* variables."));
  absl::ParseCommandLine(argc, argv);

  absl::StatusOr<ServerConfig> config =
      ResolveServerConfig(CommandLineAndEnvironment(), spec.default_port);
  if (!config.ok()) return FailStartup(spec, kExitUsage, config.status().message());

  absl::StatusOr<std::unique_ptr<Authenticator>> authenticator = MakeAuthenticator(*config);
  if (!authenticator.ok()) return FailStartup(spec, kExitUsage, authenticator.status().message());
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials = ServerCredentials(*config);
  if (!credentials.ok()) return FailStartup(spec, kExitUsage, credentials.status().message());

  absl::StatusOr<Backends> backends = OpenBackends(*config);
  if (!backends.ok()) return FailStartup(spec, kExitEnvironment, backends.status().message());

  const RpcRunner rpc(**authenticator, *backends->executor);
  std::vector<std::unique_ptr<grpc::Service>> services = spec.make_services(*backends, rpc);

  std::unique_ptr<ServerMetrics> metrics;
  if (config->metrics_port >= 0) {
    absl::StatusOr<std::unique_ptr<ServerMetrics>> started =
        ServerMetrics::Start(config->host, config->metrics_port);
    if (!started.ok()) return FailStartup(spec, kExitEnvironment, started.status().message());
    metrics = *std::move(started);
  }

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int selected_port = 0;
  builder.AddListeningPort(config->ListenAddress(), *credentials, &selected_port);
  for (const auto& service : services) builder.RegisterService(service.get());
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  std::atomic<int> calls_in_flight{0};
  interceptors.push_back(MakeRequestLogInterceptor(metrics.get(), calls_in_flight));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || selected_port == 0) {
    return FailStartup(spec, kExitEnvironment,
                       absl::StrCat("cannot listen on ", config->ListenAddress(),
                                    "; is another process using that port? Choose another "
                                    "with --port or RENFORT_PORT"));
  }

  grpc::HealthCheckServiceInterface* health = server->GetHealthCheckService();
  // Readiness ("" and each service) follows the database; liveness only says the process
  // serves, so a database failover never gets healthy pods restarted.
  std::vector<std::string> readiness_names = spec.service_names;
  readiness_names.push_back("");
  for (const std::string& name : readiness_names) health->SetServingStatus(name, false);
  health->SetServingStatus(kLivenessService, true);
  ReadinessWatcher readiness(config->database_url, health, readiness_names,
                             backends->readiness_checks);
  readiness.Start();
  std::unique_ptr<storage::OutboxRelay> relay = StartRelay(*config, *backends);
  std::unique_ptr<MetricsSampler> sampler;
  if (metrics != nullptr) {
    sampler = std::make_unique<MetricsSampler>(*metrics, *backends, config->database_url, relay.get());
    sampler->Start();
    Log(LogLevel::kInfo, "metrics", {{"port", int64_t{metrics->port()}}, {"path", "/metrics"}});
  }
  Log(LogLevel::kInfo, "listening",
      {{"binary", spec.binary_name},
       {"host", config->host},
       {"port", int64_t{selected_port}},
       {"tls", !config->tls_cert_file.empty()}});

  const int signal_number = WaitForShutdownSignal(handled_signals, **authenticator);
  Log(LogLevel::kInfo, "shutting_down",
      {{"signal", signal_number == SIGTERM ? "SIGTERM" : "SIGINT"},
       {"grace_seconds", absl::ToDoubleSeconds(config->shutdown_grace)}});

  // Stop the watcher first so nothing flips health back to SERVING; Shutdown() on the health
  // service then reports NOT_SERVING for every service and ignores later updates.
  readiness.Stop();
  health->Shutdown();
  // gRPC's own Shutdown(deadline) waits out the whole deadline while any client keeps an idle
  // connection open, so wait for the calls in flight ourselves, then cancel what is left.
  const absl::Time drain_deadline = absl::Now() + config->shutdown_grace;
  while (calls_in_flight.load() > 0 && absl::Now() < drain_deadline) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  const int abandoned = calls_in_flight.load();
  if (abandoned > 0) {
    Log(LogLevel::kWarning, "calls_cancelled_at_shutdown", {{"calls", int64_t{abandoned}}});
    ExitAbandoningCalls(spec);
  }
  server->Shutdown(std::chrono::system_clock::now());
  server->Wait();
  // After the last call: events its transaction wrote are relayed by the next leader otherwise.
  sampler.reset();
  if (relay != nullptr) relay->Stop();
  Log(LogLevel::kInfo, "stopped", {{"binary", spec.binary_name}});
  return 0;
}

}  // namespace renfort::services
