#include "storage/matching/abandoned_groups.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace renfort::storage {
namespace {

// The value after `key` in a flat [key, value, key, value…] reply, or nullptr.
const RedisReply* Field(const RedisReply& pairs, absl::string_view key) {
  for (size_t i = 0; i + 1 < pairs.elements.size(); i += 2) {
    if (pairs.elements[i].text == key) return &pairs.elements[i + 1];
  }
  return nullptr;
}

absl::Status ErrorOf(const RedisReply& reply, absl::string_view doing) {
  if (reply.type != RedisReply::Type::kError) return absl::OkStatus();
  return absl::UnavailableError(absl::StrCat(doing, ": ", reply.text));
}

// True when the group has consumers and all of them are idle longer than `max_idle`.
absl::StatusOr<bool> IsAbandoned(RedisConnection& redis, const std::string& stream,
                                 const std::string& group, absl::Duration max_idle) {
  absl::StatusOr<RedisReply> consumers = redis.Run({"XINFO", "CONSUMERS", stream, group});
  if (!consumers.ok()) return consumers.status();
  if (absl::Status error = ErrorOf(*consumers, "XINFO CONSUMERS"); !error.ok()) return error;
  if (consumers->elements.empty()) return false;
  for (const RedisReply& consumer : consumers->elements) {
    const RedisReply* idle = Field(consumer, "idle");
    if (idle == nullptr || absl::Milliseconds(idle->integer) <= max_idle) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<std::vector<std::string>> DestroyAbandonedGroups(RedisConnection& redis,
                                                                const std::string& stream,
                                                                absl::string_view prefix,
                                                                const std::string& keep,
                                                                absl::Duration max_idle) {
  absl::StatusOr<RedisReply> groups = redis.Run({"XINFO", "GROUPS", stream});
  if (!groups.ok()) return groups.status();
  std::vector<std::string> destroyed;
  if (groups->type == RedisReply::Type::kError) return destroyed;  // no stream yet
  for (const RedisReply& group : groups->elements) {
    const RedisReply* name = Field(group, "name");
    if (name == nullptr || name->text == keep || !absl::StartsWith(name->text, prefix)) continue;
    absl::StatusOr<bool> abandoned = IsAbandoned(redis, stream, name->text, max_idle);
    if (!abandoned.ok()) return abandoned.status();
    if (!*abandoned) continue;
    absl::StatusOr<RedisReply> reply = redis.Run({"XGROUP", "DESTROY", stream, name->text});
    if (!reply.ok()) return reply.status();
    if (absl::Status error = ErrorOf(*reply, "XGROUP DESTROY"); !error.ok()) return error;
    destroyed.push_back(name->text);
  }
  return destroyed;
}

}  // namespace renfort::storage
