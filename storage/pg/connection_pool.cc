#include "storage/pg/connection_pool.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "storage/pg/errors.h"

namespace renfort::storage {

absl::StatusOr<std::unique_ptr<pqxx::connection>> OpenConnection(const std::string& url) {
  try {
    return std::make_unique<pqxx::connection>(url);
  } catch (...) {
    const absl::Status status =
        StatusFromCurrentException(absl::StrCat("connecting to PostgreSQL at ", RedactUrl(url)));
    return absl::UnavailableError(status.message());
  }
}

ConnectionPool::Lease::Lease(ConnectionPool* pool, std::unique_ptr<pqxx::connection> connection)
    : pool_(pool), connection_(std::move(connection)) {}

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)), connection_(std::move(other.connection_)) {}

ConnectionPool::Lease& ConnectionPool::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    if (pool_ != nullptr) pool_->Return(std::move(connection_));
    pool_ = std::exchange(other.pool_, nullptr);
    connection_ = std::move(other.connection_);
  }
  return *this;
}

ConnectionPool::Lease::~Lease() {
  if (pool_ != nullptr) pool_->Return(std::move(connection_));
}

absl::StatusOr<std::unique_ptr<ConnectionPool>> ConnectionPool::Open(std::string url, int size) {
  if (size < 1) {
    return absl::InvalidArgumentError(absl::StrCat("pool size must be at least 1, got ", size));
  }
  auto pool = std::unique_ptr<ConnectionPool>(new ConnectionPool(std::move(url), size));
  absl::MutexLock lock(&pool->mu_);
  for (int i = 0; i < size; ++i) {
    absl::StatusOr<std::unique_ptr<pqxx::connection>> connection = OpenConnection(pool->url_);
    if (!connection.ok()) return connection.status();
    pool->idle_.push_back(*std::move(connection));
    ++pool->open_;
  }
  return pool;
}

bool ConnectionPool::CanAcquire() const { return !idle_.empty() || open_ < size_; }

absl::StatusOr<ConnectionPool::Lease> ConnectionPool::Acquire(absl::Duration wait) {
  {
    absl::MutexLock lock(&mu_);
    if (!mu_.AwaitWithTimeout(absl::Condition(this, &ConnectionPool::CanAcquire), wait)) {
      return absl::UnavailableError(absl::StrCat("all ", size_,
                                                 " database connections are busy; retry later"));
    }
    ++leased_;
    if (!idle_.empty()) {
      std::unique_ptr<pqxx::connection> connection = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(connection));
    }
    ++open_;  // Reserve the slot, then open without holding the lock.
  }
  absl::StatusOr<std::unique_ptr<pqxx::connection>> connection = OpenConnection(url_);
  if (!connection.ok()) {
    absl::MutexLock lock(&mu_);
    --open_;
    --leased_;
    return connection.status();
  }
  return Lease(this, *std::move(connection));
}

void ConnectionPool::Return(std::unique_ptr<pqxx::connection> connection) {
  absl::MutexLock lock(&mu_);
  --leased_;
  if (connection != nullptr && connection->is_open()) {
    idle_.push_back(std::move(connection));
  } else {
    --open_;
  }
}

int ConnectionPool::InUse() const {
  absl::MutexLock lock(&mu_);
  return leased_;
}

}  // namespace renfort::storage
