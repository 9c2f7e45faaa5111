#ifndef RENFORT_SERVICES_COMMON_METRICS_SAMPLER_H_
#define RENFORT_SERVICES_COMMON_METRICS_SAMPLER_H_

#include <memory>
#include <string>
#include <thread>

#include <pqxx/connection>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/backends.h"
#include "services/common/metrics.h"
#include "storage/outbox_relay.h"
#include "storage/redis/redis_client.h"

namespace renfort::services {

// Samples the gauges no request updates (pool use, outbox backlog, stream lag per group, relay
// state, and those of Backends::metric_samplers) every few seconds on its own thread and
// connections. Failures leave the last values.
class MetricsSampler {
 public:
  MetricsSampler(ServerMetrics& metrics, const Backends& backends, std::string database_url,
                 const storage::OutboxRelay* relay);
  ~MetricsSampler();  // stops the thread

  void Start();

 private:
  void SampleOnce();

  ServerMetrics& metrics_;
  const Backends& backends_;
  const std::string database_url_;
  const storage::OutboxRelay* const relay_;  // may be null
  std::unique_ptr<pqxx::connection> database_;
  std::unique_ptr<storage::RedisConnection> redis_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_COMMON_METRICS_SAMPLER_H_
