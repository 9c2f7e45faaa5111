#ifndef RENFORT_SERVICES_COMMON_BACKENDS_H_
#define RENFORT_SERVICES_COMMON_BACKENDS_H_

#include <functional>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/blocking_executor.h"
#include "services/common/config.h"
#include "storage/pg/connection_pool.h"
#include "storage/redis/redis_client.h"

namespace renfort::services {

class ServerMetrics;

// What a service process talks to, opened and checked once at start-up and shared by its
// services. Owned by main.
struct Backends {
  std::unique_ptr<storage::ConnectionPool> database;
  storage::RedisEndpoint redis;
  // Runs blocking storage calls; one thread per database connection.
  std::unique_ptr<BlockingExecutor> executor;
  // Conditions services add while being built, on top of the database check, before health
  // reports SERVING (e.g. the matching index has loaded its first snapshot). Each returns OK
  // when ready; called from the readiness thread, so they must be thread-safe and quick.
  std::vector<std::function<absl::Status()>> readiness_checks;
  // Gauges services add while being built (e.g. the matching index size), set by the metrics
  // sampler every few seconds when metrics are served. Thread-safe and quick, like the above.
  std::vector<std::function<void(ServerMetrics&)>> metric_samplers;
  // Whether services that host the notifier start it (--notifier).
  bool run_notifier = true;
  // Background workers services start (e.g. the notifier), kept until the process ends. Last
  // member: destroyed (and so stopped) before the executor and the database pool.
  std::vector<std::shared_ptr<void>> workers;
};

// Connects to PostgreSQL and Redis, applies pending migrations when config.migrate is set, and
// refuses a database whose schema is newer than this binary. Errors say what is unreachable or
// wrong and how to fix it; they are meant to be printed as the process's last line.
absl::StatusOr<Backends> OpenBackends(const ServerConfig& config);

// OK when `connection` answers and its schema is exactly the one this binary expects; the health
// service reports SERVING only then. FAILED_PRECONDITION while migrations are pending.
absl::Status CheckReadiness(pqxx::connection& connection);

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_COMMON_BACKENDS_H_
