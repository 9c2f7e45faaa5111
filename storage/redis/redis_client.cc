#include "storage/redis/redis_client.h"

#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <charconv>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "storage/status_macros.h"

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

RedisReply Convert(const redisReply& reply) {
  RedisReply result;
  switch (reply.type) {
    case REDIS_REPLY_STRING:
      result.type = RedisReply::Type::kString;
      result.text.assign(reply.str, reply.len);
      break;
    case REDIS_REPLY_STATUS:
      result.type = RedisReply::Type::kStatus;
      result.text.assign(reply.str, reply.len);
      break;
    case REDIS_REPLY_ERROR:
      result.type = RedisReply::Type::kError;
      result.text.assign(reply.str, reply.len);
      break;
    case REDIS_REPLY_INTEGER:
      result.type = RedisReply::Type::kInteger;
      result.integer = reply.integer;
      break;
    case REDIS_REPLY_ARRAY:
      result.type = RedisReply::Type::kArray;
      result.elements.reserve(reply.elements);
      for (size_t i = 0; i < reply.elements; ++i) result.elements.push_back(Convert(*reply.element[i]));
      break;
    default:
      result.type = RedisReply::Type::kNil;
  }
  return result;
}

void AppendCommand(redisContext* context, const std::vector<std::string>& arguments) {
  std::vector<const char*> pointers;
  std::vector<size_t> lengths;
  for (const std::string& argument : arguments) {
    pointers.push_back(argument.data());
    lengths.push_back(argument.size());
  }
  redisAppendCommandArgv(context, static_cast<int>(arguments.size()), pointers.data(),
                         lengths.data());
}

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
  auto connection = std::unique_ptr<RedisConnection>(new RedisConnection(context, endpoint));
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

absl::Status RedisConnection::ConnectionError(absl::string_view doing) const {
  return absl::UnavailableError(absl::StrCat("Redis at ", endpoint_.host, ":", endpoint_.port,
                                             ": ", doing, " failed: ", context_->errstr));
}

absl::StatusOr<RedisReply> RedisConnection::Run(const std::vector<std::string>& arguments) {
  ASSIGN_OR_RETURN(std::vector<RedisReply> replies, RunPipeline({arguments}));
  return std::move(replies.front());
}

absl::StatusOr<std::vector<RedisReply>> RedisConnection::RunPipeline(
    const std::vector<std::vector<std::string>>& commands) {
  if (context_->err != 0) return ConnectionError("an earlier command");
  for (const auto& command : commands) AppendCommand(context_, command);
  std::vector<RedisReply> replies;
  replies.reserve(commands.size());
  for (size_t i = 0; i < commands.size(); ++i) {
    void* raw = nullptr;
    if (redisGetReply(context_, &raw) != REDIS_OK || raw == nullptr) {
      return ConnectionError(commands[i].front());
    }
    ReplyPtr reply(static_cast<redisReply*>(raw));
    replies.push_back(Convert(*reply));
  }
  return replies;
}

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
