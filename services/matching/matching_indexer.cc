#include "services/matching/matching_indexer.h"

#include <unistd.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "renfort/v1/volunteer_service.pb.h"
#include "services/common/log.h"
#include "storage/matching/abandoned_groups.h"

namespace renfort::services {
namespace {

// Written by bulk imports only (storage/import/volunteer_import.cc): one event names up to 1,000
// new volunteers, its payload a ListVolunteersResponse whose volunteers hold only their ids.
constexpr char kVolunteersImported[] = "volunteer.imported";

constexpr absl::Duration kFirstBackoff = absl::Milliseconds(100);
constexpr absl::Duration kMaxBackoff = absl::Seconds(5);

std::string HostName() {
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0 || host[0] == '\0') return "host";
  return host;
}

std::string ProcessConsumerName() { return absl::StrCat(HostName(), "-", getpid()); }

}  // namespace

RefreshSet RefreshSetOf(const std::vector<storage::Event>& events) {
  RefreshSet set;
  for (const storage::Event& event : events) {
    if (event.aggregate_type == "MISSION") {
      set.mission_ids.push_back(event.aggregate_id);
    } else if (event.aggregate_type == "VOLUNTEER") {
      set.volunteer_ids.push_back(event.aggregate_id);
      // A bulk import names its volunteers in the payload, up to 1,000 per event; the
      // aggregate id is only the first of them.
      renfort::v1::ListVolunteersResponse imported;
      if (event.type == kVolunteersImported && imported.ParseFromString(event.payload)) {
        for (const renfort::v1::Volunteer& volunteer : imported.volunteers()) {
          set.volunteer_ids.push_back(volunteer.id());
        }
      }
    } else if (event.aggregate_type == "PARTICIPATION") {
      set.participation_ids.push_back(event.aggregate_id);
    } else if (event.aggregate_type == "INVITATION") {
      set.invitation_ids.push_back(event.aggregate_id);
    }
  }
  return set;
}

MatchingIndexer::MatchingIndexer(storage::ConnectionPool& pool, storage::RedisEndpoint redis,
                                 LiveIndex& index, MatchingIndexerOptions options)
    : pool_(pool), redis_(std::move(redis)), index_(index), options_([&] {
        if (options.consumer.empty()) options.consumer = ProcessConsumerName();
        if (options.group.empty())
          options.group = absl::StrCat(kIndexerGroupPrefix, "-", HostName());
        return std::move(options);
      }()) {}

MatchingIndexer::~MatchingIndexer() { Stop(); }

void MatchingIndexer::Start() {
  thread_ = std::thread([this] { Run(); });
}

void MatchingIndexer::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
  if (consumer_ != nullptr) consumer_->Stop();
}

bool MatchingIndexer::SleepUnlessStopping(absl::Duration duration) {
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithTimeout(absl::Condition(&stopping_), duration);
  return !stopping_;
}

void MatchingIndexer::CreateGroupAtEnd() {
  absl::StatusOr<std::unique_ptr<storage::RedisConnection>> redis =
      storage::RedisConnection::Connect(redis_, absl::Seconds(2));
  absl::Status status = redis.status();
  if (redis.ok()) {
    absl::StatusOr<storage::RedisReply> reply =
        (*redis)->Run({"XGROUP", "CREATE", options_.stream, options_.group, "$", "MKSTREAM"});
    status = reply.status();
    if (reply.ok() && reply->type == storage::RedisReply::Type::kError &&
        reply->text.rfind("BUSYGROUP", 0) != 0) {
      status = absl::UnavailableError(reply->text);
    }
  }
  if (status.ok()) {
    absl::StatusOr<std::vector<std::string>> destroyed = storage::DestroyAbandonedGroups(
        **redis, options_.stream, kIndexerGroupPrefix, options_.group, kAbandonedGroupIdle);
    if (destroyed.ok()) {
      for (const std::string& group : *destroyed) {
        Log(LogLevel::kInfo, "matching_abandoned_group_removed", {{"group", group}});
      }
    }
  }
  // Without Redis now, the consumer creates the group later at the stream's start: replaying
  // what the snapshot already holds is harmless, only slower.
  if (!status.ok()) {
    Log(LogLevel::kWarning, "matching_group_not_created", {{"reason", status.message()}});
  }
}

void MatchingIndexer::Run() {
  CreateGroupAtEnd();
  absl::Duration backoff = kFirstBackoff;
  while (true) {
    const absl::Status loaded = index_.LoadSnapshot(pool_, absl::Now());
    if (loaded.ok()) break;
    Log(LogLevel::kWarning, "matching_snapshot_failed", {{"reason", loaded.message()}});
    if (!SleepUnlessStopping(backoff)) return;
    backoff = std::min(backoff * 2, kMaxBackoff);
  }
  storage::EventConsumerOptions consumer_options;
  consumer_options.stream = options_.stream;
  consumer_options.group = options_.group;
  consumer_options.consumer = options_.consumer;
  consumer_options.claim_idle = options_.claim_idle;
  consumer_options.observer = [](absl::string_view what, const absl::Status& status) {
    Log(LogLevel::kWarning, what, {{"reason", status.message()}});
  };
  absl::MutexLock lock(&mu_);
  if (stopping_) return;
  consumer_ = std::make_unique<storage::EventConsumer>(
      redis_, std::move(consumer_options),
      [this](const std::vector<storage::Event>& events) { return Apply(events); });
  consumer_->Start();
}

absl::Status MatchingIndexer::Apply(const std::vector<storage::Event>& events) {
  return index_.Refresh(pool_, RefreshSetOf(events), absl::Now());
}

}  // namespace renfort::services
