#include "services/common/metrics_sampler.h"

#include <pqxx/pqxx>

#include "storage/events.h"
#include "storage/pg/connection_pool.h"
#include "storage/redis/event_stream.h"

namespace renfort::services {
namespace {

constexpr absl::Duration kInterval = absl::Seconds(5);

constexpr char kOutboxBacklog[] = "SELECT count(*) FROM outbox_events WHERE published_at IS NULL";

}  // namespace

MetricsSampler::MetricsSampler(ServerMetrics& metrics, const Backends& backends,
                               std::string database_url, const storage::OutboxRelay* relay)
    : metrics_(metrics),
      backends_(backends),
      database_url_(std::move(database_url)),
      relay_(relay) {}

MetricsSampler::~MetricsSampler() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void MetricsSampler::Start() {
  thread_ = std::thread([this] {
    absl::MutexLock lock(&mu_);
    do {
      mu_.Unlock();
      SampleOnce();
      mu_.Lock();
    } while (!mu_.AwaitWithTimeout(absl::Condition(&stopping_), kInterval));
  });
}

void MetricsSampler::SampleOnce() {
  for (const auto& sample : backends_.metric_samplers) sample(metrics_);
  metrics_.SetPool(backends_.database->size(), backends_.database->InUse());
  if (relay_ != nullptr) metrics_.SetRelay(relay_->is_leader(), relay_->published_total());

  if (database_ == nullptr || !database_->is_open()) {
    absl::StatusOr<std::unique_ptr<pqxx::connection>> connection =
        storage::OpenConnection(database_url_);
    if (connection.ok()) database_ = *std::move(connection);
  }
  if (database_ != nullptr) {
    try {
      pqxx::read_transaction txn(*database_);
      metrics_.SetOutboxBacklog(txn.exec1(kOutboxBacklog)[0].as<long long>());
    } catch (const std::exception&) {
      database_.reset();
    }
  }

  if (redis_ == nullptr) {
    absl::StatusOr<std::unique_ptr<storage::RedisConnection>> connection =
        storage::RedisConnection::Connect(backends_.redis, absl::Seconds(2));
    if (connection.ok()) redis_ = *std::move(connection);
  }
  if (redis_ != nullptr) {
    absl::StatusOr<std::vector<std::pair<std::string, long long>>> lags =
        storage::EventStream(*redis_, storage::kEventStream).GroupLags();
    if (!lags.ok()) {
      redis_.reset();
      return;
    }
    metrics_.SetStreamLags(*lags);
  }
}

}  // namespace renfort::services
