#ifndef RENFORT_STORAGE_REDIS_REDIS_CLIENT_H_
#define RENFORT_STORAGE_REDIS_REDIS_CLIENT_H_

#include <memory>
#include <string>
#include <vector>
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

// A Redis reply, copied out of hiredis so callers never see its types.
struct RedisReply {
  enum class Type { kNil, kString, kStatus, kInteger, kArray, kError };
  Type type = Type::kNil;
  std::string text;                // kString, kStatus and kError
  long long integer = 0;           // kInteger
  std::vector<RedisReply> elements;  // kArray
};

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

  // Runs one command given as binary-safe arguments ({"XADD", "stream", "*", "k", "v"}).
  // UNAVAILABLE when the connection fails (it then stays failed); an error reply is returned as
  // a RedisReply of type kError, not as a Status, so callers can tell "BUSYGROUP" apart.
  absl::StatusOr<RedisReply> Run(const std::vector<std::string>& arguments);

  // Sends every command in one round trip (pipelining) and returns their replies in order.
  absl::StatusOr<std::vector<RedisReply>> RunPipeline(
      const std::vector<std::vector<std::string>>& commands);

  const RedisEndpoint& endpoint() const { return endpoint_; }

 private:
  RedisConnection(redisContext* context, RedisEndpoint endpoint)
      : context_(context), endpoint_(std::move(endpoint)) {}
  absl::Status ConnectionError(absl::string_view doing) const;

  redisContext* context_;
  const RedisEndpoint endpoint_;
};

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_REDIS_REDIS_CLIENT_H_
