// renfort-migrate: applies the schema migrations compiled into this binary to a PostgreSQL
// database, or with --check only reports where the database stands. Safe to run concurrently
// (from several pods of a rollout): one migrator applies, the others wait and find nothing to do.
//
// With --communes_csv it also loads the reference geography the services derive coordinates,
// département and time zone from.
//
// Exit codes: 0 done (or, with --check, schema current); 1 database unreachable or migration
// failed; 2 bad usage; 3 with --check, migrations are pending.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "storage/pg/connection_pool.h"
#include "storage/pg/embedded_migrations.h"
#include "storage/pg/migrator.h"
#include "storage/reference_data.h"

ABSL_FLAG(std::string, database_url, "",
          "PostgreSQL URL, e.g. postgresql://postgres@127.0.0.1:5432/renfort "
          "(default: RENFORT_DATABASE_URL)");
ABSL_FLAG(bool, check, false, "Only report the schema state; change nothing");
ABSL_FLAG(std::string, communes_csv, "",
          "Also load (or refresh) the French communes reference table from this CSV file, "
          "e.g. data/communes.csv (default: RENFORT_COMMUNES_CSV)");

namespace {

int Fail(int exit_code, absl::string_view message) {
  std::fprintf(stderr, "renfort-migrate: %.*s\n", static_cast<int>(message.size()),
               message.data());
  return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("Applies renfort's schema migrations to a PostgreSQL database.");
  absl::ParseCommandLine(argc, argv);
  std::string url = absl::GetFlag(FLAGS_database_url);
  if (url.empty()) {
    const char* env = std::getenv("RENFORT_DATABASE_URL");
    url = env == nullptr ? "" : env;
  }
  if (url.empty()) {
    return Fail(2, "--database_url (RENFORT_DATABASE_URL) is required, e.g. "
                   "postgresql://postgres@127.0.0.1:5432/renfort");
  }

  absl::StatusOr<std::unique_ptr<pqxx::connection>> connection =
      renfort::storage::OpenConnection(url);
  if (!connection.ok()) return Fail(1, connection.status().message());
  const renfort::storage::Migrator migrator(renfort::storage::EmbeddedMigrations());

  if (absl::GetFlag(FLAGS_check)) {
    absl::StatusOr<renfort::storage::SchemaState> state = migrator.Inspect(**connection);
    if (!state.ok()) return Fail(1, state.status().message());
    std::printf("schema at version %d of %d%s\n", state->applied_version, state->latest_version,
                state->IsCurrent() ? " (current)" : " (migrations pending)");
    return state->IsCurrent() ? 0 : 3;
  }

  absl::StatusOr<renfort::storage::MigrationReport> report = migrator.Apply(**connection);
  if (!report.ok()) return Fail(1, report.status().message());
  if (report->applied.empty()) {
    std::printf("schema already at version %d; nothing to apply\n", report->to_version);
  } else {
    std::printf("schema migrated from version %d to %d (applied %s)\n", report->from_version,
                report->to_version, absl::StrJoin(report->applied, ", ").c_str());
  }

  std::string communes_csv = absl::GetFlag(FLAGS_communes_csv);
  if (communes_csv.empty()) {
    const char* env = std::getenv("RENFORT_COMMUNES_CSV");
    communes_csv = env == nullptr ? "" : env;
  }
  if (!communes_csv.empty()) {
    absl::StatusOr<int> loaded = renfort::storage::LoadCommunes(**connection, communes_csv);
    if (!loaded.ok()) return Fail(1, loaded.status().message());
    std::printf("communes reference table: %d communes loaded from %s\n", *loaded,
                communes_csv.c_str());
  } else if (absl::StatusOr<int> count = renfort::storage::CountCommunes(**connection);
             count.ok() && *count == 0) {
    std::printf("warning: the communes reference table is empty; load it with "
                "--communes_csv=data/communes.csv\n");
  }
  return 0;
}
