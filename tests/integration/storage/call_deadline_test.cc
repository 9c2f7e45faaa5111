// ScopedCallDeadline against a real PostgreSQL: the transactions RunInTransaction and
// RunReadOnly open under a deadline carry it as statement_timeout, a statement outliving it is
// cancelled by PostgreSQL (DEADLINE_EXCEEDED, a write rolled back), a deadline already past
// never reaches the database, and the pooled connection keeps nothing of it afterwards.
#include "storage/pg/call_deadline.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "absl/time/clock.h"
#include "renfort/v1/volunteer.pb.h"
#include "storage/outbox.h"
#include "storage/pg/transaction.h"
#include "tests/support/scratch_database.h"
#include "tests/support/status_matchers.h"

namespace renfort::storage {
namespace {

using ::renfort::testing::IsOk;
using ::renfort::testing::ScratchDatabase;
using ::renfort::testing::StatusIs;
using ::testing::AllOf;
using ::testing::Ge;
using ::testing::HasSubstr;
using ::testing::Le;

class CallDeadlineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = ScratchDatabase::CreateMigrated();
    ASSERT_NE(database_, nullptr);
    // One connection, so every transaction below reuses the same PostgreSQL session.
    absl::StatusOr<std::unique_ptr<ConnectionPool>> pool =
        ConnectionPool::Open(database_->url(), 1);
    ASSERT_THAT(pool, IsOk());
    pool_ = *std::move(pool);
  }

  // statement_timeout in milliseconds as a read-only transaction sees it.
  int StatementTimeoutMs() {
    int timeout = -1;
    EXPECT_THAT(RunReadOnly(*pool_, "reading the timeout",
                            [&](pqxx::read_transaction& txn) {
                              timeout = txn.exec1(
                                               "SELECT setting::int FROM pg_settings "
                                               "WHERE name = 'statement_timeout'")[0]
                                            .as<int>();
                              return absl::OkStatus();
                            }),
                IsOk());
    return timeout;
  }

  int OutboxRows() {
    pqxx::connection connection(database_->url());
    pqxx::read_transaction txn(connection);
    return txn.exec1("SELECT count(*) FROM outbox_events")[0].as<int>();
  }

  std::unique_ptr<ScratchDatabase> database_;
  std::unique_ptr<ConnectionPool> pool_;
};

TEST_F(CallDeadlineTest, WithoutADeadlineStatementsHaveNoTimeout) {
  EXPECT_EQ(CurrentCallDeadline(), absl::InfiniteFuture());
  EXPECT_EQ(StatementTimeoutMs(), 0);
}

TEST_F(CallDeadlineTest, TheTransactionGetsTheTimeLeftAndTheSessionForgetsItAfterwards) {
  {
    const ScopedCallDeadline deadline(absl::Now() + absl::Seconds(30));
    EXPECT_THAT(StatementTimeoutMs(), AllOf(Ge(20000), Le(30000)));
  }
  EXPECT_EQ(CurrentCallDeadline(), absl::InfiniteFuture());
  // SET LOCAL ended with its transaction: the same session is back to no timeout.
  EXPECT_EQ(StatementTimeoutMs(), 0);
}

TEST_F(CallDeadlineTest, AnInnerScopeCannotExtendTheCallsDeadline) {
  const absl::Time outer = absl::Now() + absl::Seconds(10);
  const ScopedCallDeadline call(outer);
  {
    const ScopedCallDeadline later(outer + absl::Hours(1));
    EXPECT_EQ(CurrentCallDeadline(), outer);
    const ScopedCallDeadline sooner(outer - absl::Seconds(5));
    EXPECT_EQ(CurrentCallDeadline(), outer - absl::Seconds(5));
  }
  EXPECT_EQ(CurrentCallDeadline(), outer);
}

TEST_F(CallDeadlineTest, PostgresCancelsAReadThatOutlivesTheDeadline) {
  const ScopedCallDeadline deadline(absl::Now() + absl::Milliseconds(300));
  // Without the timeout the sleep would end after a minute and the read succeed.
  EXPECT_THAT(RunReadOnly(*pool_, "sleeping",
                          [&](pqxx::read_transaction& txn) {
                            txn.exec("SELECT pg_sleep(60)");
                            return absl::OkStatus();
                          }),
              StatusIs(absl::StatusCode::kDeadlineExceeded, HasSubstr("statement timeout")));
}

TEST_F(CallDeadlineTest, PostgresCancelsAWriteThatOutlivesTheDeadlineAndRollsItBack) {
  {
    const ScopedCallDeadline deadline(absl::Now() + absl::Milliseconds(300));
    EXPECT_THAT(RunInTransaction(*pool_, "writing slowly",
                                 [&](pqxx::work& txn) {
                                   renfort::v1::Volunteer volunteer;
                                   volunteer.set_id("0b9a3c4e-1d2f-4a5b-8c7d-000000000001");
                                   AppendOutboxEvent(txn, "volunteer.registered",
                                                     Aggregate::kVolunteer, volunteer.id(),
                                                     volunteer);
                                   txn.exec("SELECT pg_sleep(60)");
                                   return absl::OkStatus();
                                 }),
                StatusIs(absl::StatusCode::kDeadlineExceeded));
  }
  EXPECT_EQ(OutboxRows(), 0);
  // The connection went back to the pool in a usable state.
  EXPECT_EQ(StatementTimeoutMs(), 0);
}

TEST_F(CallDeadlineTest, APassedDeadlineNeverReachesTheDatabase) {
  const ScopedCallDeadline deadline(absl::Now() - absl::Milliseconds(1));
  bool ran = false;
  EXPECT_THAT(RunInTransaction(*pool_, "too late",
                               [&](pqxx::work&) {
                                 ran = true;
                                 return absl::OkStatus();
                               }),
              StatusIs(absl::StatusCode::kDeadlineExceeded));
  EXPECT_THAT(RunReadOnly(*pool_, "too late",
                          [&](pqxx::read_transaction&) {
                            ran = true;
                            return absl::OkStatus();
                          }),
              StatusIs(absl::StatusCode::kDeadlineExceeded));
  EXPECT_FALSE(ran);
}

}  // namespace
}  // namespace renfort::storage
