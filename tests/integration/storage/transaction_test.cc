#include "storage/pg/transaction.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "renfort/v1/volunteer.pb.h"
#include "storage/outbox.h"
#include "tests/support/scratch_database.h"
#include "tests/support/status_matchers.h"

namespace renfort::storage {
namespace {

using ::renfort::testing::IsOk;
using ::renfort::testing::ScratchDatabase;
using ::renfort::testing::StatusIs;
using ::testing::HasSubstr;

int OutboxRows(const std::string& url) {
  pqxx::connection connection(url);
  pqxx::read_transaction txn(connection);
  return txn.exec1("SELECT count(*) FROM outbox_events")[0].as<int>();
}

class TransactionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = ScratchDatabase::CreateMigrated();
    ASSERT_NE(database_, nullptr);
    absl::StatusOr<std::unique_ptr<ConnectionPool>> pool = ConnectionPool::Open(database_->url(), 2);
    ASSERT_THAT(pool, IsOk());
    pool_ = *std::move(pool);
  }

  absl::Status AppendEvent(pqxx::work& txn) {
    renfort::v1::Volunteer volunteer;
    volunteer.set_id("0b9a3c4e-1d2f-4a5b-8c7d-000000000001");
    const std::string event_id = AppendOutboxEvent(txn, "volunteer.registered",
                                                   Aggregate::kVolunteer, volunteer.id(), volunteer);
    EXPECT_EQ(event_id.size(), 36u);
    return absl::OkStatus();
  }

  std::unique_ptr<ScratchDatabase> database_;
  std::unique_ptr<ConnectionPool> pool_;
};

TEST_F(TransactionTest, CommitsWhenTheBodySucceeds) {
  EXPECT_THAT(RunInTransaction(*pool_, "test", [&](pqxx::work& txn) { return AppendEvent(txn); }),
              IsOk());
  EXPECT_EQ(OutboxRows(database_->url()), 1);
}

TEST_F(TransactionTest, RollsBackWhenTheBodyReturnsAnError) {
  EXPECT_THAT(RunInTransaction(*pool_, "test",
                               [&](pqxx::work& txn) {
                                 EXPECT_THAT(AppendEvent(txn), IsOk());
                                 return absl::FailedPreconditionError("changed my mind");
                               }),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(OutboxRows(database_->url()), 0);
}

TEST_F(TransactionTest, RollsBackAndMapsDatabaseErrors) {
  EXPECT_THAT(RunInTransaction(*pool_, "inserting a bad event",
                               [&](pqxx::work& txn) {
                                 EXPECT_THAT(AppendEvent(txn), IsOk());
                                 txn.exec("INSERT INTO outbox_events (type, aggregate_type, "
                                          "aggregate_id, payload) VALUES ('x', 'SPACESHIP', 'a', '')");
                                 return absl::OkStatus();
                               }),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("inserting a bad event: new row for relation \"outbox_events\"")));
  EXPECT_EQ(OutboxRows(database_->url()), 0);
}

TEST_F(TransactionTest, RetriesSerializationFailures) {
  int attempts = 0;
  EXPECT_THAT(RunInTransaction(*pool_, "test",
                               [&](pqxx::work& txn) {
                                 if (++attempts < 3) {
                                   txn.exec("DO $$ BEGIN RAISE EXCEPTION 'conflict' USING "
                                            "ERRCODE = 'serialization_failure'; END $$");
                                 }
                                 return AppendEvent(txn);
                               }),
              IsOk());
  EXPECT_EQ(attempts, 3);
  EXPECT_EQ(OutboxRows(database_->url()), 1);
}

TEST_F(TransactionTest, GivesUpAfterThreeSerializationFailures) {
  int attempts = 0;
  EXPECT_THAT(RunInTransaction(*pool_, "test",
                               [&](pqxx::work& txn) {
                                 ++attempts;
                                 txn.exec("DO $$ BEGIN RAISE EXCEPTION 'conflict' USING "
                                          "ERRCODE = 'serialization_failure'; END $$");
                                 return absl::OkStatus();
                               }),
              StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(attempts, 3);
}

}  // namespace
}  // namespace renfort::storage
