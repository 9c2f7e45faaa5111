#include "storage/redis/event_consumer.h"

#include "storage/status_macros.h"

namespace renfort::storage {
namespace {

constexpr absl::Duration kRedisTimeout = absl::Seconds(5);
constexpr absl::Duration kFirstBackoff = absl::Milliseconds(100);

}  // namespace

EventConsumer::EventConsumer(RedisEndpoint redis, EventConsumerOptions options,
                             EventBatchHandler handler)
    : redis_endpoint_(std::move(redis)),
      options_(std::move(options)),
      handler_(std::move(handler)) {}

EventConsumer::~EventConsumer() { Stop(); }

long long EventConsumer::handled_total() const {
  absl::MutexLock lock(&mu_);
  return handled_total_;
}

absl::Status EventConsumer::EnsureConnection() {
  if (redis_ == nullptr) {
    // The read blocks up to options_.block: the socket timeout must be longer.
    ASSIGN_OR_RETURN(redis_, RedisConnection::Connect(redis_endpoint_, kRedisTimeout + options_.block));
    group_ready_ = false;
  }
  if (!group_ready_) {
    RETURN_IF_ERROR(EventStream(*redis_, options_.stream).CreateGroup(options_.group));
    group_ready_ = true;
  }
  return absl::OkStatus();
}

absl::StatusOr<int> EventConsumer::Handle(const std::vector<Event>& events) {
  if (events.empty()) return 0;
  std::vector<Event> live;
  std::vector<std::string> ids;
  for (const Event& event : events) {
    ids.push_back(event.stream_id);
    // An entry trimmed away while pending comes back without fields: nothing to process.
    if (!event.event_id.empty()) live.push_back(event);
  }
  if (!live.empty()) {
    if (absl::Status handled = handler_(live); !handled.ok()) {
      retry_own_pending_ = true;
      return handled;
    }
  }
  RETURN_IF_ERROR(EventStream(*redis_, options_.stream).Acknowledge(options_.group, ids));
  absl::MutexLock lock(&mu_);
  handled_total_ += static_cast<long long>(live.size());
  return static_cast<int>(live.size());
}

absl::StatusOr<int> EventConsumer::PollOnce() {
  absl::Status connected = EnsureConnection();
  if (!connected.ok()) {
    redis_.reset();
    return connected;
  }
  EventStream stream(*redis_, options_.stream);
  absl::StatusOr<std::vector<Event>> events = std::vector<Event>();
  if (retry_own_pending_) {
    events = stream.ReadGroup(options_.group, options_.consumer, options_.batch_size,
                              absl::ZeroDuration(), "0");
    if (events.ok() && events->empty()) retry_own_pending_ = false;
  } else if (absl::Now() >= next_claim_) {
    next_claim_ = absl::Now() + options_.claim_idle / 2;
    events = stream.ClaimAbandoned(options_.group, options_.consumer, options_.claim_idle,
                                   options_.batch_size);
  }
  if (events.ok() && events->empty()) {
    events = stream.ReadGroup(options_.group, options_.consumer, options_.batch_size,
                              options_.block);
  }
  if (!events.ok()) {
    redis_.reset();
    return events.status();
  }
  absl::StatusOr<int> handled = Handle(*events);
  if (!handled.ok() && handled.status().code() == absl::StatusCode::kUnavailable) redis_.reset();
  return handled;
}

void EventConsumer::Start() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] {
    absl::Duration backoff = kFirstBackoff;
    while (SleepUnlessStopping(absl::ZeroDuration())) {
      absl::StatusOr<int> handled = PollOnce();
      if (handled.ok()) {
        backoff = kFirstBackoff;
        continue;
      }
      if (options_.observer) options_.observer("consumer_failed", handled.status());
      if (!SleepUnlessStopping(backoff)) break;
      backoff = std::min(backoff * 2, options_.max_backoff);
    }
    redis_.reset();
  });
}

void EventConsumer::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

bool EventConsumer::SleepUnlessStopping(absl::Duration duration) {
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithTimeout(absl::Condition(&stopping_), duration);
  return !stopping_;
}

}  // namespace renfort::storage
