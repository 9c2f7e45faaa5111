#ifndef RENFORT_STORAGE_PG_CALL_DEADLINE_H_
#define RENFORT_STORAGE_PG_CALL_DEADLINE_H_

#include <pqxx/transaction_base>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace renfort::storage {

// The deadline of the call a thread is working for, so that PostgreSQL gives up on a statement
// the caller no longer waits for: a query still running (or waiting for a lock) after the
// client's deadline would hold a pooled connection for nothing and, for a write, commit a change
// the client was told failed.
//
// The RPC layer sets it around each handler (handlers run on one executor thread); every
// transaction RunInTransaction and RunReadOnly open, and the export's cursor transaction, then
// starts with `SET LOCAL statement_timeout` to the time left, and PostgreSQL cancels a statement
// that outlives it (SQLSTATE 57014, mapped to DEADLINE_EXCEEDED by StatusFromCurrentException).
class ScopedCallDeadline {
 public:
  // absl::InfiniteFuture() means no deadline. Restores the enclosing deadline on destruction.
  explicit ScopedCallDeadline(absl::Time deadline);
  ~ScopedCallDeadline();
  ScopedCallDeadline(const ScopedCallDeadline&) = delete;
  ScopedCallDeadline& operator=(const ScopedCallDeadline&) = delete;

 private:
  const absl::Time previous_;
};

// The deadline set on this thread, or absl::InfiniteFuture().
absl::Time CurrentCallDeadline();

// Bounds the statements of `txn` by the time left before this thread's call deadline:
// DEADLINE_EXCEEDED without touching the database when none is left, OK (and nothing sent)
// when there is no deadline. Call first thing in a new transaction.
absl::Status ApplyCallDeadline(pqxx::transaction_base& txn);

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_PG_CALL_DEADLINE_H_
