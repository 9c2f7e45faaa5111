#include "services/common/backends.h"

#include "absl/strings/str_cat.h"
#include "services/common/log.h"
#include "storage/pg/embedded_migrations.h"
#include "storage/pg/migrator.h"
#include "storage/status_macros.h"

namespace renfort::services {
namespace {

constexpr absl::Duration kStartupTimeout = absl::Seconds(5);
// Queued storage tasks per executor thread before callers get RESOURCE_EXHAUSTED.
constexpr int kQueuedTasksPerThread = 64;

absl::Status WithHint(const absl::Status& status, absl::string_view hint) {
  return absl::Status(status.code(), absl::StrCat(status.message(), "; ", hint));
}

absl::Status MigrateOrCheckSchema(storage::ConnectionPool& database, bool migrate) {
  ASSIGN_OR_RETURN(storage::ConnectionPool::Lease lease, database.Acquire(kStartupTimeout));
  const storage::Migrator migrator(storage::EmbeddedMigrations());
  if (migrate) {
    ASSIGN_OR_RETURN(const storage::MigrationReport report, migrator.Apply(lease.connection()));
    Log(LogLevel::kInfo, "schema_migrated",
        {{"from_version", int64_t{report.from_version}},
         {"to_version", int64_t{report.to_version}},
         {"applied", static_cast<int64_t>(report.applied.size())}});
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(const storage::SchemaState state, migrator.Inspect(lease.connection()));
  if (!state.IsCurrent()) {
    // Not fatal: in a rollout the migration job may still be running. Health stays NOT_SERVING
    // until the schema is current.
    Log(LogLevel::kWarning, "schema_pending",
        {{"applied_version", int64_t{state.applied_version}},
         {"expected_version", int64_t{state.latest_version}},
         {"hint", "run renfort-migrate or start with --migrate"}});
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Backends> OpenBackends(const ServerConfig& config) {
  Backends backends;
  backends.run_notifier = config.notifier;
  absl::StatusOr<std::unique_ptr<storage::ConnectionPool>> database =
      storage::ConnectionPool::Open(config.database_url, config.db_pool_size);
  if (!database.ok()) {
    return WithHint(database.status(),
                    "check --database_url (RENFORT_DATABASE_URL) and that PostgreSQL is running "
                    "(scripts/stack start)");
  }
  backends.database = *std::move(database);

  ASSIGN_OR_RETURN(backends.redis, storage::ParseRedisUrl(config.redis_url));
  absl::StatusOr<std::unique_ptr<storage::RedisConnection>> redis =
      storage::RedisConnection::Connect(backends.redis, kStartupTimeout);
  absl::Status redis_status = redis.ok() ? (*redis)->Ping() : redis.status();
  if (!redis_status.ok()) {
    return WithHint(redis_status,
                    "check --redis_url (RENFORT_REDIS_URL) and that Redis is running "
                    "(scripts/stack start)");
  }

  RETURN_IF_ERROR(MigrateOrCheckSchema(*backends.database, config.migrate));
  backends.executor = std::make_unique<BlockingExecutor>(
      config.db_pool_size, config.db_pool_size * kQueuedTasksPerThread);
  return backends;
}

absl::Status CheckReadiness(pqxx::connection& connection) {
  const storage::Migrator migrator(storage::EmbeddedMigrations());
  ASSIGN_OR_RETURN(const storage::SchemaState state, migrator.Inspect(connection));
  if (!state.IsCurrent()) {
    return absl::FailedPreconditionError(absl::StrCat("schema at version ", state.applied_version,
                                                      ", expected ", state.latest_version));
  }
  return absl::OkStatus();
}

}  // namespace renfort::services
