#ifndef RENFORT_STORAGE_REDIS_REDIS_CLIENT_H_
#define RENFORT_STORAGE_REDIS_REDIS_CLIENT_H_

#include <memory>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"
#include "absl/time/time.h"

struct redisContext;

namespace renfort::storage {

// Where a Redis server listens, parsed from `redis://host[:port][/db]`.
struct RedisEndpoint {
  std::string host;
  int port = 6379;
  int db = 0;
};

// INVALID_ARGUMENT naming what is wrong when `url` is not `redis://host[:port][/db]`.
absl::StatusOr<RedisEndpoint> ParseRedisUrl(absl::string_view url);

// One synchronous connection to Redis (hiredis). Not thread-safe: one thread at a time.
// Every command is bounded by the timeout given at connection time.
class RedisConnection {
 public:
  // UNAVAILABLE naming the endpoint when the server does not answer within `timeout`.
  static absl::StatusOr<std::unique_ptr<RedisConnection>> Connect(const RedisEndpoint& endpoint,
                                                                  absl::Duration timeout);
  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  // OK when the server answers PONG; UNAVAILABLE otherwise. A connection that failed once stays
  // failed: reconnect with Connect().
  absl::Status Ping();

 private:
  explicit RedisConnection(redisContext* context) : context_(context) {}
  redisContext* context_;
};

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_REDIS_REDIS_CLIENT_H_
