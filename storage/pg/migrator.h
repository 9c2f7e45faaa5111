#ifndef RENFORT_STORAGE_PG_MIGRATOR_H_
#define RENFORT_STORAGE_PG_MIGRATOR_H_

#include <string>
#include <vector>

#include <pqxx/connection>

#include "absl/status/statusor.h"
#include "storage/pg/migration.h"

namespace renfort::storage {

// Where a database stands relative to the migrations this binary knows.
struct SchemaState {
  int applied_version = 0;  // highest version recorded in schema_migrations; 0 on an empty database
  int latest_version = 0;   // highest version this binary knows

  bool IsCurrent() const { return applied_version == latest_version; }
};

// What one Apply() did.
struct MigrationReport {
  int from_version = 0;
  int to_version = 0;
  std::vector<int> applied;  // versions applied by this call, in order
};

// Applies forward-only schema migrations and records them in `schema_migrations`
// (version, name, md5 of the SQL, applied_at).
//
// Safe to run from several processes at once: Apply holds a PostgreSQL advisory lock for its whole
// run, so concurrent migrators apply each version exactly once. Each migration runs in its own
// transaction together with its bookkeeping row, so a failing migration leaves nothing behind.
class Migrator {
 public:
  // `migrations` must be ordered by increasing version (EmbeddedMigrations() is).
  explicit Migrator(std::vector<Migration> migrations);

  // Applies every pending migration. Errors:
  //   FAILED_PRECONDITION  the database is newer than this binary, or an applied migration's SQL
  //                        differs from this binary's (the message names the version);
  //   INVALID_ARGUMENT / INTERNAL  a migration failed (rolled back; earlier ones stay applied);
  //   UNAVAILABLE          the database cannot be reached.
  absl::StatusOr<MigrationReport> Apply(pqxx::connection& connection) const;

  // Reads the schema state without changing anything. FAILED_PRECONDITION as for Apply when the
  // database is newer than this binary or was migrated with different SQL.
  absl::StatusOr<SchemaState> Inspect(pqxx::connection& connection) const;

  int latest_version() const;

 private:
  const std::vector<Migration> migrations_;
};

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_PG_MIGRATOR_H_
