#include "storage/pg/prepared_statement.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "storage/pg/connection_pool.h"
#include "tests/support/scratch_database.h"
#include "tests/support/status_matchers.h"

namespace renfort::storage {
namespace {

using ::renfort::testing::IsOk;
using ::renfort::testing::ScratchDatabase;
using ::testing::Contains;
using ::testing::ElementsAre;

const PreparedStatement kReadGreetings(
    "test.read_greetings", "SELECT word FROM greetings WHERE language = $1 ORDER BY word");
const PreparedStatement kCountGreetings("test.count_greetings",
                                        "SELECT count(*) FROM greetings WHERE word <> $1");

std::vector<std::string> Words(const pqxx::result& rows) {
  std::vector<std::string> words;
  for (const pqxx::row& row : rows) words.push_back(row[0].as<std::string>());
  return words;
}

// How many times `name` is prepared on the server session of `connection`.
int PreparedOnServer(pqxx::connection& connection, const std::string& name) {
  pqxx::nontransaction txn(connection);
  return txn.exec_params1("SELECT count(*) FROM pg_prepared_statements WHERE name = $1", name)[0]
      .as<int>();
}

class PreparedStatementTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // An empty database: the table is created below, after the pool has connected, as the
    // tests that migrate a scratch database do.
    database_ = ScratchDatabase::CreateEmpty();
    ASSERT_NE(database_, nullptr);
    absl::StatusOr<std::unique_ptr<ConnectionPool>> pool =
        ConnectionPool::Open(database_->url(), 1);
    ASSERT_THAT(pool, IsOk());
    pool_ = *std::move(pool);
  }

  void RunOnOtherConnection(const std::string& sql) {
    pqxx::connection admin(database_->url());
    pqxx::nontransaction(admin).exec(sql);
  }

  void CreateGreetings() {
    RunOnOtherConnection(
        "CREATE TABLE greetings (language text NOT NULL, word text NOT NULL);"
        "INSERT INTO greetings VALUES ('fr', 'salut'), ('fr', 'bonjour'), ('en', 'hello')");
  }

  std::unique_ptr<ScratchDatabase> database_;
  std::unique_ptr<ConnectionPool> pool_;
};

TEST_F(PreparedStatementTest, RunsWithParametersAndIsPreparedOnceOnTheConnection) {
  CreateGreetings();
  absl::StatusOr<ConnectionPool::Lease> lease = pool_->Acquire(absl::Seconds(5));
  ASSERT_THAT(lease, IsOk());
  EXPECT_EQ(PreparedOnServer(lease->connection(), kReadGreetings.name()), 0);
  for (int call = 0; call < 3; ++call) {
    pqxx::read_transaction txn(lease->connection());
    EXPECT_THAT(Words(kReadGreetings.Exec(txn, std::string("fr"))),
                ElementsAre("bonjour", "salut"));
    EXPECT_EQ(kCountGreetings.Exec1(txn, std::string("hello"))[0].as<int>(), 2);
  }
  EXPECT_EQ(PreparedOnServer(lease->connection(), kReadGreetings.name()), 1);
  EXPECT_EQ(PreparedOnServer(lease->connection(), kCountGreetings.name()), 1);
}

TEST_F(PreparedStatementTest, ConnectionOpenedBeforeTheSchemaRunsItOnceTheSchemaExists) {
  absl::StatusOr<ConnectionPool::Lease> lease = pool_->Acquire(absl::Seconds(5));
  ASSERT_THAT(lease, IsOk());
  {
    // Before the table exists the statement cannot be prepared; that failure must not stick.
    pqxx::work txn(lease->connection());
    EXPECT_THROW(kReadGreetings.Exec(txn, std::string("fr")), pqxx::sql_error);
  }
  CreateGreetings();
  pqxx::work txn(lease->connection());
  EXPECT_THAT(Words(kReadGreetings.Exec(txn, std::string("en"))), ElementsAre("hello"));
}

TEST_F(PreparedStatementTest, KeepsWorkingAfterAMigrationChangesTheTable) {
  CreateGreetings();
  absl::StatusOr<ConnectionPool::Lease> lease = pool_->Acquire(absl::Seconds(5));
  ASSERT_THAT(lease, IsOk());
  {
    pqxx::work txn(lease->connection());
    EXPECT_THAT(Words(kReadGreetings.Exec(txn, std::string("en"))), ElementsAre("hello"));
  }
  // What a later migration may do to a table a statement reads: a new column, a new index, the
  // table rebuilt under the same name.
  RunOnOtherConnection(
      "ALTER TABLE greetings ADD COLUMN formal boolean NOT NULL DEFAULT false;"
      "CREATE INDEX greetings_language ON greetings (language);"
      "CREATE TABLE greetings_new AS SELECT * FROM greetings; DROP TABLE greetings;"
      "ALTER TABLE greetings_new RENAME TO greetings;"
      "INSERT INTO greetings VALUES ('en', 'good morning', true)");
  pqxx::work txn(lease->connection());
  EXPECT_THAT(Words(kReadGreetings.Exec(txn, std::string("en"))),
              ElementsAre("good morning", "hello"));
}

TEST_F(PreparedStatementTest, ReplacementOfABrokenConnectionPreparesAgain) {
  CreateGreetings();
  int killed_pid = 0;
  {
    absl::StatusOr<ConnectionPool::Lease> lease = pool_->Acquire(absl::Seconds(5));
    ASSERT_THAT(lease, IsOk());
    {
      pqxx::work txn(lease->connection());
      EXPECT_THAT(Words(kReadGreetings.Exec(txn, std::string("en"))), ElementsAre("hello"));
    }
    killed_pid = lease->connection().backendpid();
    RunOnOtherConnection("SELECT pg_terminate_backend(" + std::to_string(killed_pid) + ")");
    EXPECT_THROW(pqxx::nontransaction(lease->connection()).exec("SELECT 1"),
                 pqxx::broken_connection);
  }
  absl::StatusOr<ConnectionPool::Lease> fresh = pool_->Acquire(absl::Seconds(5));
  ASSERT_THAT(fresh, IsOk());
  ASSERT_NE(fresh->connection().backendpid(), killed_pid);
  pqxx::work txn(fresh->connection());
  EXPECT_THAT(Words(kReadGreetings.Exec(txn, std::string("fr"))), ElementsAre("bonjour", "salut"));
}

const PreparedStatement kPeopleByIds("test.people_by_ids",
                                     "SELECT name FROM people p WHERE p.id = ANY($1::uuid[])");
const PreparedStatement kPersonById("test.person_by_id", SqlForOneId(kPeopleByIds.sql()));

TEST(SqlForOneId, TurnsTheArrayConditionIntoAnEquality) {
  EXPECT_EQ(kPersonById.sql(), "SELECT name FROM people p WHERE p.id = $1::uuid");
}

TEST_F(PreparedStatementTest, OneIdFormKeepsItsGenericPlanWhereTheArrayFormIsPlannedEveryTime) {
  RunOnOtherConnection(
      "CREATE TABLE people (id uuid PRIMARY KEY, name text NOT NULL);"
      "INSERT INTO people SELECT gen_random_uuid(), 'person ' || n FROM generate_series(1, 1000) n;"
      "ANALYZE people");
  absl::StatusOr<ConnectionPool::Lease> lease = pool_->Acquire(absl::Seconds(5));
  ASSERT_THAT(lease, IsOk());
  pqxx::work txn(lease->connection());
  const std::string id = txn.exec1("SELECT id::text FROM people LIMIT 1")[0].as<std::string>();
  for (int call = 0; call < 10; ++call) {
    EXPECT_EQ(kPeopleByIds.Exec(txn, "{" + id + "}").size(), 1u);
    EXPECT_EQ(kPersonById.Exec(txn, id).size(), 1u);
  }
  const std::string plans =
      "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = $1";
  const pqxx::row by_ids = txn.exec_params1(plans, kPeopleByIds.name());
  const pqxx::row by_id = txn.exec_params1(plans, kPersonById.name());
  // PostgreSQL tries five custom plans first, then keeps the generic one when it costs no more.
  EXPECT_EQ(by_ids[0].as<int>(), 0) << "the array form was planned anew at every call";
  EXPECT_EQ(by_ids[1].as<int>(), 10);
  EXPECT_EQ(by_id[0].as<int>(), 5);
  EXPECT_EQ(by_id[1].as<int>(), 5);
}

TEST(PreparedStatementRegistry, ListsEveryStatementOfTheProcess) {
  EXPECT_THAT(PreparedStatement::All(), Contains(&kReadGreetings));
  EXPECT_THAT(PreparedStatement::All(), Contains(&kCountGreetings));
}

TEST(PreparedStatementRegistryDeathTest, TwoStatementsWithOneNameAndDifferentSqlAbort) {
  EXPECT_DEATH(PreparedStatement("test.read_greetings", "SELECT 1"),
               "two prepared statements are named test.read_greetings");
}

}  // namespace
}  // namespace renfort::storage
