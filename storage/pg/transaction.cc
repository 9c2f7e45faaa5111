#include "storage/pg/transaction.h"

#include <pqxx/pqxx>

#include "storage/pg/call_deadline.h"
#include "storage/pg/errors.h"
#include "storage/status_macros.h"

namespace renfort::storage {
namespace {

constexpr int kAttempts = 3;

}  // namespace

absl::Status RunInTransaction(ConnectionPool& pool, absl::string_view what,
                              const std::function<absl::Status(pqxx::work&)>& body,
                              absl::Duration connection_wait) {
  absl::Status status;
  for (int attempt = 1; attempt <= kAttempts; ++attempt) {
    ASSIGN_OR_RETURN(ConnectionPool::Lease lease, pool.Acquire(connection_wait));
    try {
      pqxx::work txn(lease.connection());
      status = ApplyCallDeadline(txn);
      if (!status.ok()) return status;
      status = body(txn);
      if (status.ok()) txn.commit();
      // Without commit, the transaction's destructor rolls back.
      return status;
    } catch (...) {
      status = StatusFromCurrentException(what);
    }
    if (status.code() != absl::StatusCode::kAborted) return status;
  }
  return status;
}

absl::Status RunReadOnly(ConnectionPool& pool, absl::string_view what,
                         const std::function<absl::Status(pqxx::read_transaction&)>& body,
                         absl::Duration connection_wait) {
  ASSIGN_OR_RETURN(ConnectionPool::Lease lease, pool.Acquire(connection_wait));
  try {
    pqxx::read_transaction txn(lease.connection());
    RETURN_IF_ERROR(ApplyCallDeadline(txn));
    return body(txn);
  } catch (...) {
    return StatusFromCurrentException(what);
  }
}

}  // namespace renfort::storage
