#ifndef RENFORT_SERVICES_MATCHING_MATCHING_INDEXER_H_
#define RENFORT_SERVICES_MATCHING_MATCHING_INDEXER_H_

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/matching/live_index.h"
#include "storage/events.h"
#include "storage/pg/connection_pool.h"
#include "storage/redis/event_consumer.h"
#include "storage/redis/redis_client.h"

namespace renfort::services {

// Every indexer group is named with this prefix; groups of it abandoned for longer than
// kAbandonedGroupIdle are removed by the next indexer that starts (they would stop the stream
// from being trimmed).
inline constexpr char kIndexerGroupPrefix[] = "matching-indexer";
inline constexpr absl::Duration kAbandonedGroupIdle = absl::Hours(24);

struct MatchingIndexerOptions {
  std::string stream = storage::kEventStream;
  // The consumer group. Every process serving MatchingService holds a whole index, so each
  // needs every event: processes must not share a group. Empty means
  // kIndexerGroupPrefix + the host name (a pod's name, kept across container restarts, so a
  // restarted indexer takes over its own pending entries).
  std::string group;
  std::string consumer;  // unique per process; "<host>-<pid>" when empty
  // Entries left pending this long by a dead consumer of the group are taken over.
  absl::Duration claim_idle = absl::Seconds(30);
};

// Which aggregates the events name: missions and volunteers directly (every volunteer of a
// volunteer.imported payload too); participations and invitations through their (mission,
// volunteer) pair. Other events are ignored.
RefreshSet RefreshSetOf(const std::vector<storage::Event>& events);

// The matching indexer of DESIGN.md §4: on its own thread, creates its consumer group at the
// stream's end (when it does not exist yet: the snapshot covers everything before), loads the
// snapshot into `index` (retrying with a backoff while PostgreSQL is away), then consumes the
// event stream and refreshes from PostgreSQL every aggregate an event names. A batch is
// acknowledged only once applied, so a crash loses nothing: the group's pending entries are
// retried or taken over. `pool` and `index` must outlive the indexer.
class MatchingIndexer {
 public:
  MatchingIndexer(storage::ConnectionPool& pool, storage::RedisEndpoint redis, LiveIndex& index,
                  MatchingIndexerOptions options);
  ~MatchingIndexer();  // Stop()
  MatchingIndexer(const MatchingIndexer&) = delete;
  MatchingIndexer& operator=(const MatchingIndexer&) = delete;

  void Start();
  void Stop();

 private:
  void Run();
  void CreateGroupAtEnd();
  absl::Status Apply(const std::vector<storage::Event>& events);
  bool SleepUnlessStopping(absl::Duration duration);

  storage::ConnectionPool& pool_;
  const storage::RedisEndpoint redis_;
  LiveIndex& index_;
  const MatchingIndexerOptions options_;
  std::unique_ptr<storage::EventConsumer> consumer_;

  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_MATCHING_MATCHING_INDEXER_H_
