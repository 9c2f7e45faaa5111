#include "tests/support/scratch_database.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "storage/pg/embedded_migrations.h"
#include "storage/pg/migrator.h"
#include "storage/reference_data.h"
#include "tests/support/test_stack.h"

namespace renfort::testing {
namespace {

// Unique across processes (pid) and within one (counter), readable in pg_stat_activity.
std::string NewDatabaseName() {
  static std::atomic<int> counter{0};
  return absl::StrCat("renfort_test_", getpid(), "_", counter.fetch_add(1), "_",
                      absl::ToUnixMicros(absl::Now()) % 1000000);
}

}  // namespace

std::unique_ptr<ScratchDatabase> ScratchDatabase::Create(const std::string& template_name) {
  absl::StatusOr<std::string> admin_url = TestDatabaseUrl();
  if (!admin_url.ok()) {
    ADD_FAILURE() << admin_url.status().message();
    return nullptr;
  }
  const std::string name = NewDatabaseName();
  try {
    pqxx::connection admin(*admin_url);
    pqxx::nontransaction txn(admin);
    txn.exec(absl::StrCat("CREATE DATABASE ", txn.quote_name(name),
                          template_name.empty() ? "" : " TEMPLATE " + txn.quote_name(template_name)));
    const std::string url = absl::StrCat("postgresql://", admin.username(), "@", admin.hostname(),
                                         ":", admin.port(), "/", name);
    return std::unique_ptr<ScratchDatabase>(new ScratchDatabase(*admin_url, name, url));
  } catch (const std::exception& e) {
    ADD_FAILURE() << "cannot create scratch database " << name << ": " << e.what();
    return nullptr;
  }
}

std::unique_ptr<ScratchDatabase> ScratchDatabase::CreateMigrated() {
  if (const char* template_name = std::getenv("RENFORT_TEST_TEMPLATE_DATABASE")) {
    return Create(template_name);
  }
  std::unique_ptr<ScratchDatabase> database = CreateEmpty();
  if (database == nullptr) return nullptr;
  try {
    pqxx::connection connection(database->url());
    const storage::Migrator migrator(storage::EmbeddedMigrations());
    absl::StatusOr<storage::MigrationReport> report = migrator.Apply(connection);
    if (!report.ok()) {
      ADD_FAILURE() << "cannot migrate scratch database: " << report.status();
      return nullptr;
    }
    absl::StatusOr<int> communes = storage::LoadCommunes(connection, RENFORT_COMMUNES_CSV);
    if (!communes.ok()) {
      ADD_FAILURE() << "cannot load communes into the scratch database: " << communes.status();
      return nullptr;
    }
  } catch (const std::exception& e) {
    ADD_FAILURE() << "cannot migrate scratch database: " << e.what();
    return nullptr;
  }
  return database;
}

ScratchDatabase::~ScratchDatabase() {
  try {
    pqxx::connection admin(admin_url_);
    pqxx::nontransaction txn(admin);
    // FORCE ends sessions a test left open (a server process under test, say).
    txn.exec(absl::StrCat("DROP DATABASE IF EXISTS ", txn.quote_name(name_), " WITH (FORCE)"));
  } catch (const std::exception& e) {
    ADD_FAILURE() << "cannot drop scratch database " << name_ << ": " << e.what();
  }
}

}  // namespace renfort::testing
