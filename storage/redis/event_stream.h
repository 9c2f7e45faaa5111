#ifndef RENFORT_STORAGE_REDIS_EVENT_STREAM_H_
#define RENFORT_STORAGE_REDIS_EVENT_STREAM_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/events.h"
#include "storage/redis/redis_client.h"

namespace renfort::storage {

// The Redis Streams operations renfort needs, on one connection (not thread-safe, like it).
// Entries carry the Event fields event_id, type, aggregate_type, aggregate_id, payload (binary)
// and created_at (Unix microseconds).
class EventStream {
 public:
  EventStream(RedisConnection& connection, std::string stream)
      : connection_(connection), stream_(std::move(stream)) {}

  // Appends `events` in order, in one round trip. `max_length` caps the stream (approximate
  // MAXLEN, a guard against a consumer group that never acknowledges); 0 for no cap.
  absl::Status Append(const std::vector<Event>& events, long long max_length);

  // Creates consumer group `group` reading from the start of the stream (creating the stream if
  // needed). An existing group is left as it is.
  absl::Status CreateGroup(const std::string& group);

  // Reads up to `count` entries for `consumer` in `group`: new ones (`id` ">"), or the
  // consumer's own pending ones (`id` "0"). Waits up to `block` for new entries.
  absl::StatusOr<std::vector<Event>> ReadGroup(const std::string& group,
                                               const std::string& consumer, int count,
                                               absl::Duration block, const std::string& id = ">");

  // Acknowledges entries of `group` by their stream ids.
  absl::Status Acknowledge(const std::string& group, const std::vector<std::string>& stream_ids);

  // Transfers to `consumer` up to `count` entries pending for longer than `min_idle` in `group`
  // (their consumer died or stalled) and returns them.
  absl::StatusOr<std::vector<Event>> ClaimAbandoned(const std::string& group,
                                                    const std::string& consumer,
                                                    absl::Duration min_idle, int count);

  // Removes the entries every consumer group has acknowledged. Returns how many were removed.
  // Does nothing while the stream has no group (nobody has read anything yet). Entries appended
  // at or after `keep_since` stay even when acknowledged (compared with their ids, which hold
  // the Redis server's clock).
  absl::StatusOr<long long> TrimAcknowledged(absl::Time keep_since = absl::InfiniteFuture());

  absl::StatusOr<long long> Length();
  // For each consumer group: how many entries it has not read yet (Redis 7 "lag").
  absl::StatusOr<std::vector<std::pair<std::string, long long>>> GroupLags();
  // Entries of `group` delivered but not acknowledged yet.
  absl::StatusOr<long long> Pending(const std::string& group);

 private:
  const RedisReply* ErrorIn(const std::vector<RedisReply>& replies) const;

  RedisConnection& connection_;
  const std::string stream_;
};

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_REDIS_EVENT_STREAM_H_
