#ifndef RENFORT_STORAGE_PG_TRANSACTION_H_
#define RENFORT_STORAGE_PG_TRANSACTION_H_

#include <functional>

#include <pqxx/transaction>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "storage/pg/connection_pool.h"

namespace renfort::storage {

// Runs `body` in one read-write transaction on a pooled connection, and commits it when `body`
// returns OK. Anything else rolls everything back, so a caller never leaves half a change behind:
//  - `body` returns a non-OK status: rolled back, that status is returned;
//  - libpqxx throws: rolled back, mapped by StatusFromCurrentException (`what` names the
//    operation in the message);
//  - serialization failure or deadlock: the whole body is retried (up to 3 attempts in all),
//    then ABORTED. `body` must therefore have no effect outside the transaction.
// Waits at most `connection_wait` for a free connection (UNAVAILABLE after that). Under a
// ScopedCallDeadline (call_deadline.h) the statements stop when the call's deadline passes.
absl::Status RunInTransaction(ConnectionPool& pool, absl::string_view what,
                              const std::function<absl::Status(pqxx::work&)>& body,
                              absl::Duration connection_wait = absl::Seconds(5));

// The same for read-only work (no retries needed; a read-only transaction cannot conflict).
absl::Status RunReadOnly(ConnectionPool& pool, absl::string_view what,
                         const std::function<absl::Status(pqxx::read_transaction&)>& body,
                         absl::Duration connection_wait = absl::Seconds(5));

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_PG_TRANSACTION_H_
