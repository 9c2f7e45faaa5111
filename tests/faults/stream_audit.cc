#include "tests/faults/stream_audit.h"

#include "absl/time/time.h"
#include "storage/events.h"
#include "storage/redis/event_stream.h"

namespace renfort::testing {
namespace {

using Type = storage::RedisReply::Type;

// The value following `field` in a flat [field, value, ...] reply, or nullptr.
const storage::RedisReply* FieldOf(const storage::RedisReply& reply, const std::string& field) {
  for (size_t i = 0; i + 1 < reply.elements.size(); i += 2) {
    if (reply.elements[i].text == field) return &reply.elements[i + 1];
  }
  return nullptr;
}

}  // namespace

absl::StatusOr<std::unique_ptr<StreamAudit>> StreamAudit::Start(
    const storage::RedisEndpoint& redis) {
  absl::StatusOr<std::unique_ptr<storage::RedisConnection>> connection =
      storage::RedisConnection::Connect(redis, absl::Seconds(5));
  if (!connection.ok()) return connection.status();
  if (absl::Status created =
          storage::EventStream(**connection, storage::kEventStream).CreateGroup(kGroup);
      !created.ok()) {
    return created;
  }
  auto audit = std::unique_ptr<StreamAudit>(new StreamAudit(*std::move(connection)));
  audit->thread_ = std::thread([raw = audit.get()] { raw->Loop(); });
  return audit;
}

StreamAudit::~StreamAudit() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void StreamAudit::Loop() {
  storage::EventStream stream(*connection_, storage::kEventStream);
  while (!stopping_) {
    absl::StatusOr<std::vector<storage::Event>> events =
        stream.ReadGroup(kGroup, "auditor", 500, absl::Milliseconds(100));
    if (!events.ok()) return;  // Redis went away: the test's checks will say what is missing
    std::vector<std::string> ids;
    {
      absl::MutexLock lock(&mu_);
      for (const storage::Event& event : *events) {
        ++seen_[event.event_id];
        ++entries_;
        ids.push_back(event.stream_id);
      }
    }
    if (!stream.Acknowledge(kGroup, ids).ok()) return;
  }
}

std::map<std::string, int> StreamAudit::Seen() const {
  absl::MutexLock lock(&mu_);
  return seen_;
}

long long StreamAudit::entries() const {
  absl::MutexLock lock(&mu_);
  return entries_;
}

const GroupState* StreamState::Group(const std::string& name) const {
  for (const GroupState& group : groups) {
    if (group.name == name) return &group;
  }
  return nullptr;
}

bool StreamState::Consumed(const std::string& name) const {
  const GroupState* group = Group(name);
  return group != nullptr && group->pending == 0 && group->last_delivered_id == last_entry_id;
}

absl::StatusOr<StreamState> ReadStreamState(const storage::RedisEndpoint& redis) {
  absl::StatusOr<std::unique_ptr<storage::RedisConnection>> connection =
      storage::RedisConnection::Connect(redis, absl::Seconds(2));
  if (!connection.ok()) return connection.status();
  StreamState state;
  absl::StatusOr<storage::RedisReply> stream =
      (*connection)->Run({"XINFO", "STREAM", storage::kEventStream});
  if (!stream.ok()) return stream.status();
  if (stream->type != Type::kArray) return absl::NotFoundError("no event stream: " + stream->text);
  const storage::RedisReply* last = FieldOf(*stream, "last-generated-id");
  const storage::RedisReply* length = FieldOf(*stream, "length");
  if (last == nullptr || length == nullptr) return absl::InternalError("unexpected XINFO STREAM");
  state.last_entry_id = last->text;
  state.length = length->integer;
  absl::StatusOr<storage::RedisReply> groups =
      (*connection)->Run({"XINFO", "GROUPS", storage::kEventStream});
  if (!groups.ok()) return groups.status();
  for (const storage::RedisReply& group : groups->elements) {
    const storage::RedisReply* name = FieldOf(group, "name");
    const storage::RedisReply* pending = FieldOf(group, "pending");
    const storage::RedisReply* delivered = FieldOf(group, "last-delivered-id");
    if (name == nullptr || pending == nullptr || delivered == nullptr) {
      return absl::InternalError("unexpected XINFO GROUPS");
    }
    state.groups.push_back({name->text, pending->integer, delivered->text});
  }
  return state;
}

}  // namespace renfort::testing
