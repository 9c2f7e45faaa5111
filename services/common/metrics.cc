#include "services/common/metrics.h"

#include "absl/strings/str_cat.h"
#include "services/common/status.h"

namespace renfort::services {
namespace {

// From half a millisecond (a cached read) to five seconds (a deadline).
const prometheus::Histogram::BucketBoundaries& LatencyBuckets() {
  static const auto* const kBuckets = new prometheus::Histogram::BucketBoundaries{
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
  return *kBuckets;
}

}  // namespace

absl::StatusOr<std::unique_ptr<ServerMetrics>> ServerMetrics::Start(const std::string& host,
                                                                    int port) {
  auto registry = std::make_shared<prometheus::Registry>();
  const std::string address = host.find(':') != std::string::npos
                                  ? absl::StrCat("[", host, "]:", port)
                                  : absl::StrCat(host, ":", port);
  std::unique_ptr<prometheus::Exposer> exposer;
  try {
    exposer = std::make_unique<prometheus::Exposer>(address, /*num_threads=*/1);
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat("cannot serve metrics on ", address, ": ", e.what(),
                                               "; choose another --metrics_port"));
  }
  exposer->RegisterCollectable(registry);
  const std::vector<int> ports = exposer->GetListeningPorts();
  const int bound = ports.empty() ? port : ports.front();
  return std::unique_ptr<ServerMetrics>(
      new ServerMetrics(std::move(registry), std::move(exposer), bound));
}

ServerMetrics::ServerMetrics(std::shared_ptr<prometheus::Registry> registry,
                             std::unique_ptr<prometheus::Exposer> exposer, int port)
    : registry_(std::move(registry)),
      exposer_(std::move(exposer)),
      port_(port),
      requests_(prometheus::BuildCounter()
                    .Name("renfort_rpc_requests_total")
                    .Help("RPCs answered, by method and gRPC status code")
                    .Register(*registry_)),
      latency_(prometheus::BuildHistogram()
                   .Name("renfort_rpc_latency_seconds")
                   .Help("Time from receiving an RPC to sending its status")
                   .Register(*registry_)),
      pool_(prometheus::BuildGauge()
                .Name("renfort_db_pool_connections")
                .Help("PostgreSQL connections of this process, by state")
                .Register(*registry_)),
      stream_lag_(prometheus::BuildGauge()
                      .Name("renfort_event_stream_lag")
                      .Help("Entries of renfort:events a consumer group has not read yet")
                      .Register(*registry_)),
      outbox_backlog_(prometheus::BuildGauge()
                          .Name("renfort_outbox_backlog")
                          .Help("Committed outbox events not yet published to Redis")
                          .Register(*registry_)
                          .Add({})),
      relay_leader_(prometheus::BuildGauge()
                        .Name("renfort_relay_leader")
                        .Help("1 when this process's outbox relay is the active one")
                        .Register(*registry_)
                        .Add({})),
      relay_published_(prometheus::BuildGauge()
                           .Name("renfort_relay_published_total")
                           .Help("Events this process's relay has published since start")
                           .Register(*registry_)
                           .Add({})) {}

void ServerMetrics::RecordCall(absl::string_view method, grpc::StatusCode code,
                               double latency_seconds) {
  const std::string method_label(method);
  requests_.Add({{"method", method_label}, {"code", std::string(StatusCodeName(code))}})
      .Increment();
  latency_.Add({{"method", method_label}}, LatencyBuckets()).Observe(latency_seconds);
}

void ServerMetrics::SetPool(int size, int in_use) {
  pool_.Add({{"state", "in_use"}}).Set(in_use);
  pool_.Add({{"state", "idle"}}).Set(size - in_use);
}

void ServerMetrics::SetOutboxBacklog(long long rows) {
  outbox_backlog_.Set(static_cast<double>(rows));
}

void ServerMetrics::SetStreamLags(const std::vector<std::pair<std::string, long long>>& lags) {
  absl::MutexLock lock(&stream_lag_mu_);
  absl::flat_hash_map<std::string, prometheus::Gauge*> current;
  for (const auto& [group, lag] : lags) {
    prometheus::Gauge& gauge = stream_lag_.Add({{"group", group}});
    gauge.Set(static_cast<double>(lag));
    current.emplace(group, &gauge);
  }
  for (const auto& [group, gauge] : stream_lag_by_group_) {
    if (!current.contains(group)) stream_lag_.Remove(gauge);
  }
  stream_lag_by_group_ = std::move(current);
}

void ServerMetrics::SetRelay(bool leader, long long published_total) {
  relay_leader_.Set(leader ? 1 : 0);
  relay_published_.Set(static_cast<double>(published_total));
}

}  // namespace renfort::services
