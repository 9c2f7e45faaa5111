#ifndef RENFORT_SERVICES_COMMON_METRICS_H_
#define RENFORT_SERVICES_COMMON_METRICS_H_

#include <grpcpp/support/status.h>
#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace renfort::services {

// The Prometheus metrics of one server process (prometheus-cpp), served as text at
// http://<host>:<port>/metrics. Thread-safe.
//
//   renfort_rpc_requests_total{method,code}        calls answered
//   renfort_rpc_latency_seconds{method}            latency histogram
//   renfort_db_pool_connections{state=idle|in_use} PostgreSQL pool use
//   renfort_outbox_backlog                         committed events not yet relayed
//   renfort_event_stream_lag{group}                stream entries a consumer group has not read,
//                                                  for every group of renfort:events (the
//                                                  notifier's, each matching pod's indexer)
//   renfort_relay_leader, renfort_relay_published_total
// Services add their own families through registry(), from Backends::metric_samplers: the
// matching index size (services/matching/index_metrics.h).
class ServerMetrics {
 public:
  // Serves the metrics on host:port (0: any free port). UNAVAILABLE when the port is taken.
  static absl::StatusOr<std::unique_ptr<ServerMetrics>> Start(const std::string& host, int port);

  int port() const { return port_; }
  prometheus::Registry& registry() { return *registry_; }

  void RecordCall(absl::string_view method, grpc::StatusCode code, double latency_seconds);
  void SetPool(int size, int in_use);
  void SetOutboxBacklog(long long rows);
  // The lag of every consumer group the stream has now, by name; groups no longer listed
  // (e.g. the indexer group of a deleted pod, once removed) lose their series.
  void SetStreamLags(const std::vector<std::pair<std::string, long long>>& lags);
  void SetRelay(bool leader, long long published_total);

 private:
  ServerMetrics(std::shared_ptr<prometheus::Registry> registry,
                std::unique_ptr<prometheus::Exposer> exposer, int port);

  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<prometheus::Exposer> exposer_;
  int port_;
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& latency_;
  prometheus::Family<prometheus::Gauge>& pool_;
  prometheus::Family<prometheus::Gauge>& stream_lag_;
  absl::Mutex stream_lag_mu_;
  absl::flat_hash_map<std::string, prometheus::Gauge*> stream_lag_by_group_
      ABSL_GUARDED_BY(stream_lag_mu_);
  prometheus::Gauge& outbox_backlog_;
  prometheus::Gauge& relay_leader_;
  prometheus::Gauge& relay_published_;
};

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_COMMON_METRICS_H_
