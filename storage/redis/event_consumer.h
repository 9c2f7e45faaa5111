#ifndef RENFORT_STORAGE_REDIS_EVENT_CONSUMER_H_
#define RENFORT_STORAGE_REDIS_EVENT_CONSUMER_H_

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "storage/events.h"
#include "storage/redis/event_stream.h"
#include "storage/redis/redis_client.h"

namespace renfort::storage {

struct EventConsumerOptions {
  std::string stream = kEventStream;
  std::string group;     // the consumer group, one per kind of consumer ("matching-indexer")
  std::string consumer;  // unique per process, e.g. "<host>-<pid>"
  int batch_size = 100;
  // Longest wait for new entries in one read; also bounds Stop() latency.
  absl::Duration block = absl::Milliseconds(500);
  // Entries pending longer than this in another consumer are taken over: that consumer died
  // or is stuck. Must exceed the longest time a batch takes to process.
  absl::Duration claim_idle = absl::Seconds(30);
  absl::Duration max_backoff = absl::Seconds(5);
  // Told about failures (the service layer logs them). Optional.
  std::function<void(absl::string_view what, const absl::Status& status)> observer;
};

// Processes a batch of events. Must be idempotent by Event::event_id: delivery is at-least-once.
// OK acknowledges the whole batch; an error leaves it pending, to be retried.
using EventBatchHandler = std::function<absl::Status(const std::vector<Event>& events)>;

// A member of a Redis consumer group (XREADGROUP / XACK / XAUTOCLAIM). Each poll first takes
// over entries abandoned by dead consumers, retries its own failed batch, then reads new
// entries. Entries are acknowledged only after the handler succeeded.
class EventConsumer {
 public:
  EventConsumer(RedisEndpoint redis, EventConsumerOptions options, EventBatchHandler handler);
  ~EventConsumer();  // stops the thread if running
  EventConsumer(const EventConsumer&) = delete;
  EventConsumer& operator=(const EventConsumer&) = delete;

  // One round (for tests and the thread): returns how many events the handler accepted.
  // UNAVAILABLE when Redis is out of reach; the handler's error when it failed.
  absl::StatusOr<int> PollOnce();

  void Start();
  void Stop();

  long long handled_total() const;

 private:
  absl::Status EnsureConnection();
  absl::StatusOr<int> Handle(const std::vector<Event>& events);
  bool SleepUnlessStopping(absl::Duration duration);

  const RedisEndpoint redis_endpoint_;
  const EventConsumerOptions options_;
  const EventBatchHandler handler_;

  // Owned by whichever thread polls (the consumer thread, or a test calling PollOnce).
  std::unique_ptr<RedisConnection> redis_;
  bool group_ready_ = false;
  bool retry_own_pending_ = false;
  absl::Time next_claim_ = absl::InfinitePast();

  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  long long handled_total_ ABSL_GUARDED_BY(mu_) = 0;
  std::thread thread_;
};

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_REDIS_EVENT_CONSUMER_H_
