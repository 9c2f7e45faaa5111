#include "storage/redis/redis_client.h"

#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <charconv>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace renfort::storage {
namespace {

bool ParseInt(absl::string_view text, int& value) {
  const char* end = text.data() + text.size();
  auto [ptr, error] = std::from_chars(text.data(), end, value);
  return error == std::errc() && ptr == end;
}

struct ReplyDeleter {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using ReplyPtr = std::unique_ptr<redisReply, ReplyDeleter>;

}  // namespace

absl::StatusOr<RedisEndpoint> ParseRedisUrl(absl::string_view url) {
  constexpr absl::string_view kScheme = "redis://";
  if (!absl::StartsWith(url, kScheme)) {
    return absl::InvalidArgumentError(
        absl::StrCat("redis url: must look like redis://host[:port][/db], got '", url, "'"));
  }
  absl::string_view rest = url.substr(kScheme.size());
  RedisEndpoint endpoint;
  if (const size_t slash = rest.find('/'); slash != absl::string_view::npos) {
    absl::string_view db = rest.substr(slash + 1);
    if (!db.empty() && (!ParseInt(db, endpoint.db) || endpoint.db < 0)) {
      return absl::InvalidArgumentError(
          absl::StrCat("redis url: database must be a non-negative integer, got '", db, "'"));
    }
    rest = rest.substr(0, slash);
  }
  if (const size_t colon = rest.rfind(':'); colon != absl::string_view::npos) {
    absl::string_view port = rest.substr(colon + 1);
    if (!ParseInt(port, endpoint.port) || endpoint.port < 1 || endpoint.port > 65535) {
      return absl::InvalidArgumentError(
          absl::StrCat("redis url: port must be between 1 and 65535, got '", port, "'"));
    }
    rest = rest.substr(0, colon);
  }
  if (rest.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("redis url: host is missing in '", url, "'"));
  }
  endpoint.host = std::string(rest);
  return endpoint;
}

absl::StatusOr<std::unique_ptr<RedisConnection>> RedisConnection::Connect(
    const RedisEndpoint& endpoint, absl::Duration timeout) {
  const std::string where = absl::StrCat("Redis at ", endpoint.host, ":", endpoint.port);
  redisContext* context = redisConnectWithTimeout(endpoint.host.c_str(), endpoint.port,
                                                  absl::ToTimeval(timeout));
  if (context == nullptr) {
    return absl::UnavailableError(absl::StrCat("cannot connect to ", where, ": out of memory"));
  }
  auto connection = std::unique_ptr<RedisConnection>(new RedisConnection(context));
  if (context->err != 0) {
    return absl::UnavailableError(absl::StrCat("cannot connect to ", where, ": ", context->errstr));
  }
  redisSetTimeout(context, absl::ToTimeval(timeout));
  if (endpoint.db != 0) {
    ReplyPtr reply(static_cast<redisReply*>(redisCommand(context, "SELECT %d", endpoint.db)));
    if (reply == nullptr || reply->type == REDIS_REPLY_ERROR) {
      return absl::UnavailableError(absl::StrCat("cannot select database ", endpoint.db, " on ", where));
    }
  }
  return connection;
}

RedisConnection::~RedisConnection() { redisFree(context_); }

absl::Status RedisConnection::Ping() {
  ReplyPtr reply(static_cast<redisReply*>(redisCommand(context_, "PING")));
  if (reply == nullptr) {
    return absl::UnavailableError(absl::StrCat("Redis PING failed: ", context_->errstr));
  }
  if (reply->type != REDIS_REPLY_STATUS || absl::string_view(reply->str, reply->len) != "PONG") {
    return absl::UnavailableError("Redis PING: unexpected reply");
  }
  return absl::OkStatus();
}

}  // namespace renfort::storage
