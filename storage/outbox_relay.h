#ifndef RENFORT_STORAGE_OUTBOX_RELAY_H_
#define RENFORT_STORAGE_OUTBOX_RELAY_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include <pqxx/connection>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "storage/events.h"
#include "storage/redis/redis_client.h"

namespace renfort::storage {

struct OutboxRelayOptions {
  std::string stream = kEventStream;
  int batch_size = 500;
  // Approximate cap on the stream length: protects Redis memory from a consumer group that
  // never acknowledges. Such a group must rebuild from a snapshot (the indexer does at start).
  long long max_stream_length = 1'000'000;
  // Longest wait for a NOTIFY before looking at the outbox anyway; also bounds Stop() latency.
  absl::Duration idle_wait = absl::Milliseconds(250);
  // Backoff after a failure doubles from 100 ms up to this.
  absl::Duration max_backoff = absl::Seconds(5);
  // How often the leader trims acknowledged stream entries and deletes old published rows.
  absl::Duration housekeeping_interval = absl::Seconds(10);
  // Acknowledged entries younger than this are not trimmed. A Redis that restarts empty loses
  // every consumer group; each consumer creates its group again at the stream's start when it
  // reconnects (within its 5 s backoff), and must still find what the relay published
  // meanwhile, although the groups that came back first have acknowledged it already.
  absl::Duration keep_acknowledged = absl::Minutes(1);
  // Published rows are kept this long in PostgreSQL (for audits and replays), then deleted.
  absl::Duration keep_published = absl::Hours(24 * 7);
  // Told about leadership changes and failures (the service layer logs them). Optional.
  std::function<void(absl::string_view what, const absl::Status& status)> observer;
};

// Publishes committed outbox rows to the Redis stream (DESIGN.md §4).
//
// Exactly one relay is active at a time among every process that runs one: leadership is a
// PostgreSQL session advisory lock, taken by whoever asks first and released when its process
// or connection dies, so another takes over within a second. The leader reads the oldest
// unpublished rows in id order (FOR UPDATE SKIP LOCKED), appends them to the stream in that
// order, then marks them published in the same transaction. If Redis is down, the transaction
// rolls back and the rows wait; nothing is lost. If the commit fails after the append, the
// events are published again later: delivery is at-least-once and consumers deduplicate by
// event id. The relay wakes on LISTEN/NOTIFY (migration 0010), so an event reaches the stream
// within milliseconds of its commit.
class OutboxRelay {
 public:
  OutboxRelay(std::string database_url, RedisEndpoint redis, OutboxRelayOptions options = {});
  ~OutboxRelay();  // stops the thread if running
  OutboxRelay(const OutboxRelay&) = delete;
  OutboxRelay& operator=(const OutboxRelay&) = delete;

  // One pass without leadership, on this object's connections (opened on demand): publishes up
  // to batch_size rows and returns how many. UNAVAILABLE when PostgreSQL or Redis is out of
  // reach; the rows then stay unpublished. Not to be called while the thread runs.
  absl::StatusOr<int> PublishBatch();

  // Runs the relay on its own thread until Stop().
  void Start();
  void Stop();

  bool is_leader() const { return leader_.load(); }
  long long published_total() const { return published_total_.load(); }

 private:
  void Loop();
  // Waits up to `duration` or until Stop(); returns false when stopping.
  bool SleepUnlessStopping(absl::Duration duration);
  absl::Status EnsureConnections();
  void DropConnections();
  void Report(absl::string_view what, const absl::Status& status) const;

  const std::string database_url_;
  const RedisEndpoint redis_endpoint_;
  const OutboxRelayOptions options_;

  // Used by PublishBatch() or by the relay thread, never both.
  std::unique_ptr<pqxx::connection> database_;
  std::unique_ptr<RedisConnection> redis_;

  std::atomic<bool> leader_{false};
  std::atomic<long long> published_total_{0};
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_OUTBOX_RELAY_H_
