#include "storage/redis/event_stream.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "storage/status_macros.h"

namespace renfort::storage {
namespace {

using Type = RedisReply::Type;

// A stream entry id "1700000000000-3" as comparable numbers.
struct StreamId {
  uint64_t millis = 0;
  uint64_t sequence = 0;
  bool operator<(const StreamId& other) const {
    return millis != other.millis ? millis < other.millis : sequence < other.sequence;
  }
  std::string ToString() const { return absl::StrCat(millis, "-", sequence); }
};

std::optional<StreamId> ParseStreamId(absl::string_view text) {
  std::vector<absl::string_view> parts = absl::StrSplit(text, '-');
  StreamId id;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &id.millis) ||
      !absl::SimpleAtoi(parts[1], &id.sequence)) {
    return std::nullopt;
  }
  return id;
}

absl::Status Unexpected(absl::string_view command) {
  return absl::InternalError(absl::StrCat("Redis ", command, ": unexpected reply shape"));
}

absl::Status ReplyError(absl::string_view command, const RedisReply& reply) {
  return absl::UnavailableError(absl::StrCat("Redis ", command, ": ", reply.text));
}

// One [id, [field, value, ...]] entry. An entry trimmed away while pending has no fields: it is
// returned with an empty event_id so the caller can acknowledge and skip it.
absl::StatusOr<Event> ParseEntry(const RedisReply& entry) {
  if (entry.type != Type::kArray || entry.elements.size() != 2 ||
      entry.elements[0].type != Type::kString) {
    return Unexpected("stream entry");
  }
  Event event;
  event.stream_id = entry.elements[0].text;
  const RedisReply& fields = entry.elements[1];
  if (fields.type != Type::kArray) return event;
  for (size_t i = 0; i + 1 < fields.elements.size(); i += 2) {
    const std::string& name = fields.elements[i].text;
    const std::string& value = fields.elements[i + 1].text;
    if (name == "event_id") event.event_id = value;
    else if (name == "type") event.type = value;
    else if (name == "aggregate_type") event.aggregate_type = value;
    else if (name == "aggregate_id") event.aggregate_id = value;
    else if (name == "payload") event.payload = value;
    else if (name == "created_at") {
      int64_t micros = 0;
      if (absl::SimpleAtoi(value, &micros)) event.created_at = absl::FromUnixMicros(micros);
    }
  }
  return event;
}

absl::StatusOr<std::vector<Event>> ParseEntries(const RedisReply& entries) {
  std::vector<Event> events;
  if (entries.type != Type::kArray) return events;
  for (const RedisReply& entry : entries.elements) {
    ASSIGN_OR_RETURN(Event event, ParseEntry(entry));
    events.push_back(std::move(event));
  }
  return events;
}

// Field `name` of a flat [name, value, name, value...] reply.
const RedisReply* FieldOf(const RedisReply& map, absl::string_view name) {
  for (size_t i = 0; i + 1 < map.elements.size(); i += 2) {
    if (map.elements[i].text == name) return &map.elements[i + 1];
  }
  return nullptr;
}

}  // namespace

absl::Status EventStream::Append(const std::vector<Event>& events, long long max_length) {
  if (events.empty()) return absl::OkStatus();
  std::vector<std::vector<std::string>> commands;
  commands.reserve(events.size());
  for (const Event& event : events) {
    std::vector<std::string> command = {"XADD", stream_};
    if (max_length > 0) {
      command.insert(command.end(), {"MAXLEN", "~", absl::StrCat(max_length)});
    }
    command.insert(command.end(),
                   {"*", "event_id", event.event_id, "type", event.type, "aggregate_type",
                    event.aggregate_type, "aggregate_id", event.aggregate_id, "payload",
                    event.payload, "created_at", absl::StrCat(absl::ToUnixMicros(event.created_at))});
    commands.push_back(std::move(command));
  }
  ASSIGN_OR_RETURN(std::vector<RedisReply> replies, connection_.RunPipeline(commands));
  if (const RedisReply* error = ErrorIn(replies)) return ReplyError("XADD", *error);
  return absl::OkStatus();
}

absl::Status EventStream::CreateGroup(const std::string& group) {
  ASSIGN_OR_RETURN(RedisReply reply,
                   connection_.Run({"XGROUP", "CREATE", stream_, group, "0", "MKSTREAM"}));
  if (reply.type == Type::kError && reply.text.rfind("BUSYGROUP", 0) != 0) {
    return ReplyError("XGROUP CREATE", reply);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Event>> EventStream::ReadGroup(const std::string& group,
                                                          const std::string& consumer, int count,
                                                          absl::Duration block,
                                                          const std::string& id) {
  ASSIGN_OR_RETURN(
      RedisReply reply,
      connection_.Run({"XREADGROUP", "GROUP", group, consumer, "COUNT", absl::StrCat(count),
                       "BLOCK", absl::StrCat(absl::ToInt64Milliseconds(block)), "STREAMS",
                       stream_, id}));
  if (reply.type == Type::kError) return ReplyError("XREADGROUP", reply);
  if (reply.type == Type::kNil) return std::vector<Event>();  // timed out: nothing new
  if (reply.type != Type::kArray || reply.elements.empty() ||
      reply.elements[0].elements.size() != 2) {
    return Unexpected("XREADGROUP");
  }
  return ParseEntries(reply.elements[0].elements[1]);
}

absl::Status EventStream::Acknowledge(const std::string& group,
                                      const std::vector<std::string>& stream_ids) {
  if (stream_ids.empty()) return absl::OkStatus();
  std::vector<std::string> command = {"XACK", stream_, group};
  command.insert(command.end(), stream_ids.begin(), stream_ids.end());
  ASSIGN_OR_RETURN(RedisReply reply, connection_.Run(command));
  if (reply.type == Type::kError) return ReplyError("XACK", reply);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Event>> EventStream::ClaimAbandoned(const std::string& group,
                                                               const std::string& consumer,
                                                               absl::Duration min_idle,
                                                               int count) {
  ASSIGN_OR_RETURN(RedisReply reply,
                   connection_.Run({"XAUTOCLAIM", stream_, group, consumer,
                                    absl::StrCat(absl::ToInt64Milliseconds(min_idle)), "0-0",
                                    "COUNT", absl::StrCat(count)}));
  if (reply.type == Type::kError) return ReplyError("XAUTOCLAIM", reply);
  if (reply.type != Type::kArray || reply.elements.size() < 2) return Unexpected("XAUTOCLAIM");
  return ParseEntries(reply.elements[1]);
}

absl::StatusOr<long long> EventStream::TrimAcknowledged(absl::Time keep_since) {
  ASSIGN_OR_RETURN(RedisReply groups, connection_.Run({"XINFO", "GROUPS", stream_}));
  if (groups.type == Type::kError || groups.type != Type::kArray || groups.elements.empty()) {
    return 0;  // no stream or no group yet: nothing is known to be consumed
  }
  std::optional<StreamId> boundary;  // entries below it are acknowledged by every group
  for (const RedisReply& group : groups.elements) {
    const RedisReply* name = FieldOf(group, "name");
    const RedisReply* pending = FieldOf(group, "pending");
    const RedisReply* last_delivered = FieldOf(group, "last-delivered-id");
    if (name == nullptr || pending == nullptr || last_delivered == nullptr) {
      return Unexpected("XINFO GROUPS");
    }
    std::optional<StreamId> group_boundary;
    if (pending->integer > 0) {
      ASSIGN_OR_RETURN(RedisReply summary, connection_.Run({"XPENDING", stream_, name->text}));
      if (summary.type != Type::kArray || summary.elements.size() < 2) return Unexpected("XPENDING");
      group_boundary = ParseStreamId(summary.elements[1].text);
    } else if (std::optional<StreamId> delivered = ParseStreamId(last_delivered->text)) {
      group_boundary = StreamId{delivered->millis, delivered->sequence + 1};
    }
    if (!group_boundary.has_value()) return Unexpected("XINFO GROUPS ids");
    if (!boundary.has_value() || *group_boundary < *boundary) boundary = group_boundary;
  }
  if (keep_since != absl::InfiniteFuture()) {
    const StreamId recent{static_cast<uint64_t>(std::max<int64_t>(0, absl::ToUnixMillis(keep_since))), 0};
    if (recent < *boundary) boundary = recent;
  }
  ASSIGN_OR_RETURN(RedisReply trimmed,
                   connection_.Run({"XTRIM", stream_, "MINID", boundary->ToString()}));
  if (trimmed.type == Type::kError) return ReplyError("XTRIM", trimmed);
  return trimmed.integer;
}

absl::StatusOr<std::vector<std::pair<std::string, long long>>> EventStream::GroupLags() {
  std::vector<std::pair<std::string, long long>> lags;
  ASSIGN_OR_RETURN(RedisReply groups, connection_.Run({"XINFO", "GROUPS", stream_}));
  if (groups.type != Type::kArray) return lags;  // no stream yet
  for (const RedisReply& group : groups.elements) {
    const RedisReply* name = FieldOf(group, "name");
    const RedisReply* lag = FieldOf(group, "lag");
    if (name == nullptr) return Unexpected("XINFO GROUPS");
    // Redis reports a nil lag when it cannot tell (after deletions): count it as unknown (-1).
    lags.emplace_back(name->text, lag != nullptr && lag->type == Type::kInteger ? lag->integer : -1);
  }
  return lags;
}

absl::StatusOr<long long> EventStream::Length() {
  ASSIGN_OR_RETURN(RedisReply reply, connection_.Run({"XLEN", stream_}));
  if (reply.type != Type::kInteger) return Unexpected("XLEN");
  return reply.integer;
}

absl::StatusOr<long long> EventStream::Pending(const std::string& group) {
  ASSIGN_OR_RETURN(RedisReply reply, connection_.Run({"XPENDING", stream_, group}));
  if (reply.type == Type::kError) return ReplyError("XPENDING", reply);
  if (reply.type != Type::kArray || reply.elements.empty()) return Unexpected("XPENDING");
  return reply.elements[0].integer;
}

const RedisReply* EventStream::ErrorIn(const std::vector<RedisReply>& replies) const {
  for (const RedisReply& reply : replies) {
    if (reply.type == Type::kError) return &reply;
  }
  return nullptr;
}

}  // namespace renfort::storage
