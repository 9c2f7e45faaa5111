#include "storage/outbox_relay.h"

#include <pqxx/pqxx>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "storage/pg/connection_pool.h"
#include "storage/pg/errors.h"
#include "storage/pg/prepared_statement.h"
#include "storage/redis/event_stream.h"
#include "storage/status_macros.h"

namespace renfort::storage {
namespace {

// "relay" in ASCII; distinct from the migration lock.
constexpr long long kRelayLockKey = 0x72656c6179;
constexpr absl::Duration kRedisTimeout = absl::Seconds(2);
constexpr absl::Duration kFirstBackoff = absl::Milliseconds(100);

const PreparedStatement kTakeBatch("outbox_relay.take_batch", R"sql(
  SELECT id, event_id, type, aggregate_type, aggregate_id, payload,
         (extract(epoch FROM created_at) * 1000000)::bigint
  FROM outbox_events
  WHERE published_at IS NULL
  ORDER BY id
  LIMIT $1
  FOR UPDATE SKIP LOCKED)sql");

const PreparedStatement kMarkPublished("outbox_relay.mark_published", R"sql(
  UPDATE outbox_events SET published_at = now() WHERE id = ANY($1::bigint[]))sql");

const PreparedStatement kDeleteOldPublished("outbox_relay.delete_old_published", R"sql(
  DELETE FROM outbox_events
  WHERE published_at < now() - make_interval(secs => $1))sql");

// Wakes the relay when migration 0010's trigger signals new rows.
class OutboxListener final : public pqxx::notification_receiver {
 public:
  explicit OutboxListener(pqxx::connection_base& connection)
      : pqxx::notification_receiver(connection, "renfort_outbox") {}
  void operator()(const std::string& /*payload*/, int /*backend_pid*/) override {}
};

// Takes, publishes and marks one batch, all in one transaction.
absl::StatusOr<int> PublishOnce(pqxx::connection& database, RedisConnection& redis,
                                const OutboxRelayOptions& options) {
  try {
    pqxx::work txn(database);
    const pqxx::result rows = kTakeBatch.Exec(txn, options.batch_size);
    if (rows.empty()) return 0;
    std::vector<Event> events;
    std::vector<std::string> ids;
    events.reserve(rows.size());
    for (const pqxx::row& row : rows) {
      ids.push_back(row[0].as<std::string>());
      events.push_back(Event{.event_id = row[1].as<std::string>(),
                             .type = row[2].as<std::string>(),
                             .aggregate_type = row[3].as<std::string>(),
                             .aggregate_id = row[4].as<std::string>(),
                             .payload = pqxx::binarystring(row[5]).str(),
                             .created_at = absl::FromUnixMicros(row[6].as<int64_t>())});
    }
    EventStream stream(redis, options.stream);
    RETURN_IF_ERROR(stream.Append(events, options.max_stream_length));
    kMarkPublished.Exec(txn, absl::StrCat("{", absl::StrJoin(ids, ","), "}"));
    txn.commit();
    return static_cast<int>(rows.size());
  } catch (...) {
    return StatusFromCurrentException("publishing outbox events");
  }
}

}  // namespace

OutboxRelay::OutboxRelay(std::string database_url, RedisEndpoint redis, OutboxRelayOptions options)
    : database_url_(std::move(database_url)),
      redis_endpoint_(std::move(redis)),
      options_(std::move(options)) {}

OutboxRelay::~OutboxRelay() { Stop(); }

void OutboxRelay::Report(absl::string_view what, const absl::Status& status) const {
  if (options_.observer) options_.observer(what, status);
}

absl::Status OutboxRelay::EnsureConnections() {
  if (database_ == nullptr || !database_->is_open()) {
    database_.reset();
    ASSIGN_OR_RETURN(database_, OpenConnection(database_url_));
  }
  if (redis_ == nullptr) {
    ASSIGN_OR_RETURN(redis_, RedisConnection::Connect(redis_endpoint_, kRedisTimeout));
  }
  return absl::OkStatus();
}

void OutboxRelay::DropConnections() {
  redis_.reset();
  database_.reset();  // also releases the advisory lock, if held
  leader_.store(false);
}

absl::StatusOr<int> OutboxRelay::PublishBatch() {
  RETURN_IF_ERROR(EnsureConnections());
  absl::StatusOr<int> published = PublishOnce(*database_, *redis_, options_);
  if (!published.ok()) {
    DropConnections();  // reconnect next time; a failed hiredis context stays failed
    return published.status();
  }
  published_total_.fetch_add(*published);
  return published;
}

void OutboxRelay::Start() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { Loop(); });
}

void OutboxRelay::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

bool OutboxRelay::SleepUnlessStopping(absl::Duration duration) {
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithTimeout(absl::Condition(&stopping_), duration);
  return !stopping_;
}

void OutboxRelay::Loop() {
  absl::Duration backoff = kFirstBackoff;
  absl::Time next_housekeeping = absl::InfinitePast();
  std::unique_ptr<OutboxListener> listener;
  auto fail = [&](absl::string_view what, const absl::Status& status) {
    Report(what, status);
    listener.reset();  // it belongs to the connection about to be dropped
    DropConnections();
    const bool keep_going = SleepUnlessStopping(backoff);
    backoff = std::min(backoff * 2, options_.max_backoff);
    return keep_going;
  };

  while (SleepUnlessStopping(absl::ZeroDuration())) {
    if (absl::Status connected = EnsureConnections(); !connected.ok()) {
      if (!fail("relay_connect_failed", connected)) break;
      continue;
    }
    if (!leader_.load()) {
      try {
        pqxx::nontransaction txn(*database_);
        const bool acquired =
            txn.exec1(absl::StrCat("SELECT pg_try_advisory_lock(", kRelayLockKey, ")"))[0].as<bool>();
        if (!acquired) {
          if (!SleepUnlessStopping(absl::Seconds(1))) break;  // another process relays
          continue;
        }
        listener = std::make_unique<OutboxListener>(*database_);
      } catch (...) {
        if (!fail("relay_connect_failed", StatusFromCurrentException("taking relay leadership"))) break;
        continue;
      }
      leader_.store(true);
      Report("relay_leader", absl::OkStatus());
    }

    absl::StatusOr<int> published = PublishOnce(*database_, *redis_, options_);
    if (!published.ok()) {
      if (!fail("relay_publish_failed", published.status())) break;
      continue;
    }
    backoff = kFirstBackoff;
    published_total_.fetch_add(*published);
    if (*published == options_.batch_size) continue;  // more are waiting

    if (absl::Now() >= next_housekeeping) {
      next_housekeeping = absl::Now() + options_.housekeeping_interval;
      absl::StatusOr<long long> trimmed = EventStream(*redis_, options_.stream)
                                              .TrimAcknowledged(absl::Now() - options_.keep_acknowledged);
      if (!trimmed.ok()) Report("relay_trim_failed", trimmed.status());
      try {
        pqxx::nontransaction txn(*database_);
        kDeleteOldPublished.Exec(txn, absl::ToDoubleSeconds(options_.keep_published));
      } catch (...) {
        Report("relay_cleanup_failed", StatusFromCurrentException("deleting old outbox rows"));
      }
    }
    try {
      database_->await_notification(0, static_cast<long>(absl::ToInt64Microseconds(options_.idle_wait)));
    } catch (...) {
      if (!fail("relay_connect_failed", StatusFromCurrentException("waiting for events"))) break;
    }
  }
  listener.reset();
  DropConnections();
}

}  // namespace renfort::storage
