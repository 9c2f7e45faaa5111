#include "storage/pg/migrator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <thread>

#include "storage/pg/embedded_migrations.h"
#include "tests/support/scratch_database.h"
#include "tests/support/status_matchers.h"

namespace renfort::storage {
namespace {

using ::renfort::testing::IsOk;
using ::renfort::testing::ScratchDatabase;
using ::renfort::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

bool TableExists(pqxx::connection& connection, const std::string& table) {
  pqxx::read_transaction txn(connection);
  return txn.exec_params("SELECT to_regclass($1) IS NOT NULL", table)[0][0].as<bool>();
}

int RecordedMigrations(pqxx::connection& connection) {
  pqxx::read_transaction txn(connection);
  return txn.exec("SELECT count(*) FROM schema_migrations")[0][0].as<int>();
}

TEST(Migrator, Apply_OnEmptyDatabase_AppliesEveryMigrationInOrder) {
  auto database = ScratchDatabase::CreateEmpty();
  ASSERT_NE(database, nullptr);
  pqxx::connection connection(database->url());
  const Migrator migrator(EmbeddedMigrations());

  absl::StatusOr<MigrationReport> report = migrator.Apply(connection);

  ASSERT_THAT(report, IsOk());
  EXPECT_EQ(report->from_version, 0);
  EXPECT_EQ(report->to_version, migrator.latest_version());
  EXPECT_EQ(report->applied.size(), EmbeddedMigrations().size());
  EXPECT_EQ(RecordedMigrations(connection), static_cast<int>(EmbeddedMigrations().size()));
  for (const char* table : {"organisations", "missions", "volunteers", "participations",
                            "participation_transitions", "invitations", "outbox_events",
                            "communes", "departments"}) {
    EXPECT_TRUE(TableExists(connection, table)) << table;
  }
}

TEST(Migrator, Apply_Twice_SecondRunAppliesNothing) {
  auto database = ScratchDatabase::CreateEmpty();
  ASSERT_NE(database, nullptr);
  pqxx::connection connection(database->url());
  const Migrator migrator(EmbeddedMigrations());
  ASSERT_THAT(migrator.Apply(connection), IsOk());

  absl::StatusOr<MigrationReport> second = migrator.Apply(connection);

  ASSERT_THAT(second, IsOk());
  EXPECT_TRUE(second->applied.empty());
  EXPECT_EQ(second->from_version, migrator.latest_version());
  EXPECT_EQ(RecordedMigrations(connection), static_cast<int>(EmbeddedMigrations().size()));
}

TEST(Migrator, Apply_FromSeveralProcessesAtOnce_AppliesEachVersionExactlyOnce) {
  auto database = ScratchDatabase::CreateEmpty();
  ASSERT_NE(database, nullptr);
  const Migrator migrator(EmbeddedMigrations());
  constexpr int kMigrators = 4;
  std::vector<absl::StatusOr<MigrationReport>> reports(kMigrators);
  std::vector<std::thread> threads;
  for (int i = 0; i < kMigrators; ++i) {
    threads.emplace_back([&, i] {
      pqxx::connection connection(database->url());
      reports[i] = migrator.Apply(connection);
    });
  }
  for (std::thread& thread : threads) thread.join();

  size_t applied_in_total = 0;
  for (const auto& report : reports) {
    ASSERT_THAT(report, IsOk());
    applied_in_total += report->applied.size();
  }
  EXPECT_EQ(applied_in_total, EmbeddedMigrations().size());
  pqxx::connection connection(database->url());
  EXPECT_EQ(RecordedMigrations(connection), static_cast<int>(EmbeddedMigrations().size()));
}

TEST(Migrator, Apply_WhenAMigrationFails_RollsItBackAndKeepsEarlierOnes) {
  auto database = ScratchDatabase::CreateEmpty();
  ASSERT_NE(database, nullptr);
  pqxx::connection connection(database->url());
  const Migrator migrator({
      {1, "first", "CREATE TABLE first_table (id int)"},
      {2, "broken", "CREATE TABLE second_table (id int); INSERT INTO missing_table VALUES (1)"},
  });

  EXPECT_THAT(migrator.Apply(connection),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("applying migration 2 (broken)")));

  EXPECT_TRUE(TableExists(connection, "first_table"));
  EXPECT_FALSE(TableExists(connection, "second_table"));
  absl::StatusOr<SchemaState> state = migrator.Inspect(connection);
  ASSERT_THAT(state, IsOk());
  EXPECT_EQ(state->applied_version, 1);
  EXPECT_EQ(state->latest_version, 2);
  EXPECT_FALSE(state->IsCurrent());
}

TEST(Migrator, Inspect_OnEmptyDatabase_ReportsVersionZeroAndCreatesNothing) {
  auto database = ScratchDatabase::CreateEmpty();
  ASSERT_NE(database, nullptr);
  pqxx::connection connection(database->url());
  const Migrator migrator(EmbeddedMigrations());

  absl::StatusOr<SchemaState> state = migrator.Inspect(connection);

  ASSERT_THAT(state, IsOk());
  EXPECT_EQ(state->applied_version, 0);
  EXPECT_FALSE(TableExists(connection, "schema_migrations"));
}

TEST(Migrator, WhenDatabaseIsNewerThanTheBinary_RefusesToRun) {
  auto database = ScratchDatabase::CreateEmpty();
  ASSERT_NE(database, nullptr);
  pqxx::connection connection(database->url());
  const Migrator newer({{1, "a", "CREATE TABLE a (id int)"}, {2, "b", "CREATE TABLE b (id int)"}});
  ASSERT_THAT(newer.Apply(connection), IsOk());
  const Migrator older({{1, "a", "CREATE TABLE a (id int)"}});

  EXPECT_THAT(older.Inspect(connection),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("newer than this binary")));
  EXPECT_THAT(older.Apply(connection), StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST(Migrator, WhenAnAppliedMigrationWasEdited_RefusesToRun) {
  auto database = ScratchDatabase::CreateEmpty();
  ASSERT_NE(database, nullptr);
  pqxx::connection connection(database->url());
  ASSERT_THAT(Migrator({{1, "a", "CREATE TABLE a (id int)"}}).Apply(connection), IsOk());
  const Migrator edited({{1, "a", "CREATE TABLE a (id bigint)"}});

  EXPECT_THAT(edited.Apply(connection),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("migration 1 (a)")));
}

TEST(Migrator, AcceptsGapsBetweenVersions) {
  auto database = ScratchDatabase::CreateEmpty();
  ASSERT_NE(database, nullptr);
  pqxx::connection connection(database->url());
  const Migrator migrator({{1, "a", "CREATE TABLE a (id int)"}, {5, "e", "CREATE TABLE e (id int)"}});
  absl::StatusOr<MigrationReport> report = migrator.Apply(connection);
  ASSERT_THAT(report, IsOk());
  EXPECT_THAT(report->applied, ElementsAre(1, 5));
  EXPECT_TRUE(migrator.Inspect(connection)->IsCurrent());
}

TEST(Migrator, RefusesAMigrationNumberedBelowAnAppliedOne) {
  auto database = ScratchDatabase::CreateEmpty();
  ASSERT_NE(database, nullptr);
  pqxx::connection connection(database->url());
  ASSERT_THAT(Migrator({{1, "a", "SELECT 1"}, {5, "e", "SELECT 5"}}).Apply(connection), IsOk());
  const Migrator late({{1, "a", "SELECT 1"}, {3, "c", "SELECT 3"}, {5, "e", "SELECT 5"}});
  EXPECT_THAT(late.Apply(connection),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("migration 3 (c) is older")));
}

TEST(Migrator, RecordsVersionNameAndChecksum) {
  auto database = ScratchDatabase::CreateEmpty();
  ASSERT_NE(database, nullptr);
  pqxx::connection connection(database->url());
  ASSERT_THAT(Migrator({{1, "first", "SELECT 1"}}).Apply(connection), IsOk());

  pqxx::read_transaction txn(connection);
  const pqxx::result rows =
      txn.exec("SELECT version, name, checksum = md5('SELECT 1') FROM schema_migrations");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0].as<int>(), 1);
  EXPECT_EQ(rows[0][1].as<std::string>(), "first");
  EXPECT_TRUE(rows[0][2].as<bool>());
}

}  // namespace
}  // namespace renfort::storage
