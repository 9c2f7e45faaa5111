#ifndef RENFORT_SERVICES_COMMON_REQUEST_LOG_H_
#define RENFORT_SERVICES_COMMON_REQUEST_LOG_H_

#include <atomic>
#include <memory>

#include <grpcpp/support/server_interceptor.h>

#include "services/common/metrics.h"

namespace renfort::services {

// A server interceptor writing one structured log line per call when its status is sent:
// {"event":"rpc","method":"/renfort.v1.MissionService/GetMission","code":"OK","latency_ms":0.4}.
// It logs the method, the status code and the latency only: never request fields, metadata or
// status messages, which may carry personal data. Also counts the call in `metrics` when given,
// and keeps `in_flight` equal to the number of calls started and not yet finished (graceful
// shutdown waits for it to reach zero).
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeRequestLogInterceptor(
    ServerMetrics* metrics, std::atomic<int>& in_flight);

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_COMMON_REQUEST_LOG_H_
