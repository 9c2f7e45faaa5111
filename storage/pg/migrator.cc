#include "storage/pg/migrator.h"

#include <map>
#include <pqxx/pqxx>
#include <utility>

#include "absl/strings/str_cat.h"
#include "storage/pg/errors.h"
#include "storage/status_macros.h"

namespace renfort::storage {
namespace {

// Any constant shared by every renfort migrator; "renfort" in ASCII.
constexpr long long kMigrationLockKey = 0x72656e666f7274;

constexpr char kCreateBookkeeping[] = R"sql(
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    checksum   text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  ))sql";

constexpr char kRecordApplied[] = R"sql(
  INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, md5($3)))sql";

// Versions recorded in schema_migrations, with checksums; empty when the table does not exist.
std::map<int, std::string> ReadApplied(pqxx::connection& connection) {
  pqxx::read_transaction txn(connection);
  const pqxx::result exists = txn.exec("SELECT to_regclass('schema_migrations') IS NOT NULL");
  std::map<int, std::string> applied;
  if (!exists[0][0].as<bool>()) return applied;
  for (const auto& row : txn.exec("SELECT version, checksum FROM schema_migrations")) {
    applied.emplace(row[0].as<int>(), row[1].as<std::string>());
  }
  return applied;
}

std::string Md5Of(pqxx::connection& connection, absl::string_view text) {
  pqxx::read_transaction txn(connection);
  return txn.exec_params("SELECT md5($1)", std::string(text))[0][0].as<std::string>();
}

}  // namespace

Migrator::Migrator(std::vector<Migration> migrations) : migrations_(std::move(migrations)) {}

int Migrator::latest_version() const {
  return migrations_.empty() ? 0 : migrations_.back().version;
}

absl::StatusOr<SchemaState> Migrator::Inspect(pqxx::connection& connection) const {
  std::map<int, std::string> applied;
  try {
    applied = ReadApplied(connection);
    SchemaState state{applied.empty() ? 0 : applied.rbegin()->first, latest_version()};
    if (state.applied_version > state.latest_version) {
      return absl::FailedPreconditionError(absl::StrCat(
          "database schema is at version ", state.applied_version,
          ", newer than this binary's ", state.latest_version,
          "; run a renfort build that knows that schema"));
    }
    for (const Migration& migration : migrations_) {
      auto it = applied.find(migration.version);
      if (it == applied.end()) {
        // Versions may have gaps, but a migration numbered below one already applied would run
        // out of order on this database and not on others.
        if (migration.version < state.applied_version) {
          return absl::FailedPreconditionError(absl::StrCat(
              "migration ", migration.version, " (", migration.name,
              ") is older than version ", state.applied_version,
              " already applied; give it a number above every applied migration"));
        }
        continue;
      }
      if (it->second != Md5Of(connection, migration.sql)) {
        return absl::FailedPreconditionError(absl::StrCat(
            "migration ", migration.version, " (", migration.name,
            ") was applied with different SQL than this binary carries; migrations are "
            "forward-only: add a new migration instead of editing an applied one"));
      }
    }
    return state;
  } catch (...) {
    return StatusFromCurrentException("reading schema_migrations");
  }
}

absl::StatusOr<MigrationReport> Migrator::Apply(pqxx::connection& connection) const {
  // The session-level advisory lock serialises concurrent migrators; it is released explicitly
  // below, or by PostgreSQL when the connection closes, whatever happens.
  try {
    pqxx::nontransaction lock(connection);
    lock.exec(absl::StrCat("SELECT pg_advisory_lock(", kMigrationLockKey, ")"));
    lock.exec(kCreateBookkeeping);
  } catch (...) {
    return StatusFromCurrentException("taking the migration lock");
  }
  auto unlock = [&connection] {
    try {
      pqxx::nontransaction txn(connection);
      txn.exec(absl::StrCat("SELECT pg_advisory_unlock(", kMigrationLockKey, ")"));
    } catch (...) {
      // The connection is gone, and the lock with it.
    }
  };

  absl::StatusOr<SchemaState> state = Inspect(connection);
  if (!state.ok()) {
    unlock();
    return state.status();
  }
  MigrationReport report{state->applied_version, state->applied_version, {}};
  for (const Migration& migration : migrations_) {
    if (migration.version <= state->applied_version) continue;
    try {
      pqxx::work txn(connection);
      txn.exec(std::string(migration.sql));
      txn.exec_params(kRecordApplied, migration.version, std::string(migration.name),
                      std::string(migration.sql));
      txn.commit();
    } catch (...) {
      unlock();
      return StatusFromCurrentException(
          absl::StrCat("applying migration ", migration.version, " (", migration.name, ")"));
    }
    report.applied.push_back(migration.version);
    report.to_version = migration.version;
  }
  unlock();
  return report;
}

}  // namespace renfort::storage
