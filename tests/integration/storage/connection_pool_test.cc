#include "storage/pg/connection_pool.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "tests/support/status_matchers.h"
#include "tests/support/test_stack.h"

namespace renfort::storage {
namespace {

using ::renfort::testing::IsOk;
using ::renfort::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(ConnectionPool, Open_WhenServerIsUnreachable_SaysWhereItTriedWithoutPassword) {
  // Port 1 on loopback is never a PostgreSQL server.
  EXPECT_THAT(ConnectionPool::Open("postgresql://renfort:s3cret@127.0.0.1:1/renfort", 2),
              StatusIs(absl::StatusCode::kUnavailable,
                       ::testing::AllOf(HasSubstr("127.0.0.1:1"), Not(HasSubstr("s3cret")))));
}

TEST(ConnectionPool, Acquire_WhenEveryConnectionIsLeased_TimesOutUnavailable) {
  absl::StatusOr<std::string> url = renfort::testing::TestDatabaseUrl();
  ASSERT_THAT(url, IsOk());
  absl::StatusOr<std::unique_ptr<ConnectionPool>> pool = ConnectionPool::Open(*url, 2);
  ASSERT_THAT(pool, IsOk());

  absl::StatusOr<ConnectionPool::Lease> first = (*pool)->Acquire(absl::Seconds(1));
  absl::StatusOr<ConnectionPool::Lease> second = (*pool)->Acquire(absl::Seconds(1));
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ((*pool)->InUse(), 2);
  EXPECT_THAT((*pool)->Acquire(absl::Milliseconds(50)), StatusIs(absl::StatusCode::kUnavailable));
}

TEST(ConnectionPool, ReturnedConnectionIsReused) {
  absl::StatusOr<std::string> url = renfort::testing::TestDatabaseUrl();
  ASSERT_THAT(url, IsOk());
  absl::StatusOr<std::unique_ptr<ConnectionPool>> pool = ConnectionPool::Open(*url, 1);
  ASSERT_THAT(pool, IsOk());
  int backend_pid = 0;
  {
    absl::StatusOr<ConnectionPool::Lease> lease = (*pool)->Acquire(absl::Seconds(1));
    ASSERT_THAT(lease, IsOk());
    backend_pid = lease->connection().backendpid();
  }
  EXPECT_EQ((*pool)->InUse(), 0);
  absl::StatusOr<ConnectionPool::Lease> again = (*pool)->Acquire(absl::Seconds(1));
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->connection().backendpid(), backend_pid);
}

TEST(ConnectionPool, BrokenConnectionIsReplaced) {
  absl::StatusOr<std::string> url = renfort::testing::TestDatabaseUrl();
  ASSERT_THAT(url, IsOk());
  absl::StatusOr<std::unique_ptr<ConnectionPool>> pool = ConnectionPool::Open(*url, 1);
  ASSERT_THAT(pool, IsOk());
  int killed_pid = 0;
  {
    absl::StatusOr<ConnectionPool::Lease> lease = (*pool)->Acquire(absl::Seconds(1));
    ASSERT_THAT(lease, IsOk());
    killed_pid = lease->connection().backendpid();
    pqxx::connection admin(*url);
    pqxx::nontransaction(admin).exec_params("SELECT pg_terminate_backend($1)", killed_pid);
    // The next statement discovers the break; libpqxx then marks the connection closed.
    EXPECT_THROW(pqxx::nontransaction(lease->connection()).exec("SELECT 1"), pqxx::broken_connection);
  }
  absl::StatusOr<ConnectionPool::Lease> fresh = (*pool)->Acquire(absl::Seconds(1));
  ASSERT_THAT(fresh, IsOk());
  EXPECT_NE(fresh->connection().backendpid(), killed_pid);
  EXPECT_NO_THROW(pqxx::nontransaction(fresh->connection()).exec("SELECT 1"));
}

}  // namespace
}  // namespace renfort::storage
