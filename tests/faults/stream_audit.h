#ifndef RENFORT_TESTS_FAULTS_STREAM_AUDIT_H_
#define RENFORT_TESTS_FAULTS_STREAM_AUDIT_H_

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "storage/redis/redis_client.h"

namespace renfort::testing {

// A consumer group of the test's own on the event stream that records the event id of every
// entry appended to it, so a test can count publications (an event published twice is two
// entries). It acknowledges what it read, so it never holds back the relay's trimming, and
// since the relay trims only what every group acknowledged, it sees every entry appended after
// its group exists.
class StreamAudit {
 public:
  static constexpr char kGroup[] = "fault-audit";

  // Creates the group at the stream's start and reads on a thread until destroyed.
  static absl::StatusOr<std::unique_ptr<StreamAudit>> Start(const storage::RedisEndpoint& redis);
  ~StreamAudit();

  // How many entries carried each event id so far.
  std::map<std::string, int> Seen() const;
  long long entries() const;

 private:
  explicit StreamAudit(std::unique_ptr<storage::RedisConnection> connection)
      : connection_(std::move(connection)) {}
  void Loop();

  std::unique_ptr<storage::RedisConnection> connection_;
  std::atomic<bool> stopping_{false};
  mutable absl::Mutex mu_;
  std::map<std::string, int> seen_ ABSL_GUARDED_BY(mu_);
  long long entries_ ABSL_GUARDED_BY(mu_) = 0;
  std::thread thread_;
};

// A consumer group as XINFO GROUPS describes it.
struct GroupState {
  std::string name;
  long long pending = 0;
  std::string last_delivered_id;
};

// Every group of the event stream, and the id of the stream's last entry ("0-0" when empty).
struct StreamState {
  std::vector<GroupState> groups;
  std::string last_entry_id;
  long long length = 0;

  // The group named `name`, or nullptr.
  const GroupState* Group(const std::string& name) const;
  // True when `name` exists, has nothing pending and was delivered the last entry.
  bool Consumed(const std::string& name) const;
};
absl::StatusOr<StreamState> ReadStreamState(const storage::RedisEndpoint& redis);

}  // namespace renfort::testing

#endif  // RENFORT_TESTS_FAULTS_STREAM_AUDIT_H_
