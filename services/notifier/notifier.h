#ifndef RENFORT_SERVICES_NOTIFIER_NOTIFIER_H_
#define RENFORT_SERVICES_NOTIFIER_NOTIFIER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "storage/events.h"
#include "storage/pg/connection_pool.h"
#include "storage/redis/event_consumer.h"
#include "storage/redis/redis_client.h"

namespace renfort::services {

// One group for every notifier process: each event needs handling once, by any of them.
inline constexpr char kNotifierGroup[] = "notifier";
// The name the notifier records handled events under in processed_events.
inline constexpr char kNotifierConsumerName[] = "notifier";

struct NotifierOptions {
  std::string stream = storage::kEventStream;
  std::string group = kNotifierGroup;
  std::string consumer;  // unique per process; "<host>-<pid>" when empty
  // Entries left pending this long by a dead notifier are taken over.
  absl::Duration claim_idle = absl::Seconds(30);
  int batch_size = 100;
  // Longest wait for new entries in one poll; also bounds Stop() latency.
  absl::Duration block = absl::Milliseconds(500);
};

// The notifier of DESIGN.md §4: a member of the `notifier` consumer group of the event stream
// that writes, for each event, the notifications it calls for (storage/notifications/). Each
// event is written in one PostgreSQL transaction with its processed_events row, and a batch is
// acknowledged only after every event of it committed: redeliveries, retries and entries taken
// over from a dead notifier (XAUTOCLAIM) write nothing twice. `pool` must outlive the notifier.
class Notifier {
 public:
  Notifier(storage::ConnectionPool& pool, storage::RedisEndpoint redis, NotifierOptions options);
  ~Notifier();  // Stop()
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;

  // One round of the consumer (tests drive the notifier with it instead of the thread).
  absl::StatusOr<int> PollOnce() { return consumer_.PollOnce(); }

  void Start() { consumer_.Start(); }
  void Stop() { consumer_.Stop(); }

 private:
  absl::Status Apply(const std::vector<storage::Event>& events);

  storage::ConnectionPool& pool_;
  storage::EventConsumer consumer_;
};

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_NOTIFIER_NOTIFIER_H_
