#ifndef RENFORT_STORAGE_PG_CONNECTION_POOL_H_
#define RENFORT_STORAGE_PG_CONNECTION_POOL_H_

#include <memory>
#include <string>
#include <vector>

#include <pqxx/connection>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace renfort::storage {

// A fixed-size set of PostgreSQL connections shared by the threads of one process.
// Thread-safe. A connection is used by one thread at a time (libpqxx allows one open transaction
// per connection); a connection found broken when returned is dropped and reopened on demand, so
// the pool heals after a database restart.
class ConnectionPool {
 public:
  // An exclusively held connection, returned to its pool on destruction. Movable, not copyable.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&& other) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    pqxx::connection& connection() { return *connection_; }

   private:
    friend class ConnectionPool;
    Lease(ConnectionPool* pool, std::unique_ptr<pqxx::connection> connection);

    ConnectionPool* pool_;
    std::unique_ptr<pqxx::connection> connection_;
  };

  // Opens `size` (≥ 1) connections to `url` now, so that a wrong URL or an unreachable server is
  // reported at start-up: UNAVAILABLE naming the (password-redacted) URL.
  static absl::StatusOr<std::unique_ptr<ConnectionPool>> Open(std::string url, int size);

  // Waits up to `wait` for a free connection. UNAVAILABLE when none frees up in time or a
  // replacement for a broken connection cannot be opened.
  absl::StatusOr<Lease> Acquire(absl::Duration wait);

  int size() const { return size_; }
  // Connections currently handed out; for metrics and tests.
  int InUse() const;
  const std::string& url() const { return url_; }

 private:
  ConnectionPool(std::string url, int size) : url_(std::move(url)), size_(size) {}
  void Return(std::unique_ptr<pqxx::connection> connection);
  bool CanAcquire() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string url_;
  const int size_;
  mutable absl::Mutex mu_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_ ABSL_GUARDED_BY(mu_);
  // Connections that exist (idle or leased). Below size_ after a broken one was dropped.
  int open_ ABSL_GUARDED_BY(mu_) = 0;
  int leased_ ABSL_GUARDED_BY(mu_) = 0;
};

// Opens one connection outside any pool; for tools and checks. UNAVAILABLE when unreachable.
absl::StatusOr<std::unique_ptr<pqxx::connection>> OpenConnection(const std::string& url);

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_PG_CONNECTION_POOL_H_
