#include "services/common/request_log.h"

#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/log.h"
#include "services/common/status.h"

namespace renfort::services {
namespace {

using grpc::experimental::InterceptionHookPoints;

class RequestLogInterceptor : public grpc::experimental::Interceptor {
 public:
  RequestLogInterceptor(const char* method, ServerMetrics* metrics, std::atomic<int>& in_flight)
      : method_(method == nullptr ? "" : method),
        metrics_(metrics),
        in_flight_(in_flight),
        start_(absl::Now()) {
    in_flight_.fetch_add(1);
  }
  // gRPC destroys the interceptor when the call is over.
  ~RequestLogInterceptor() override { in_flight_.fetch_sub(1); }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      const absl::Duration latency = absl::Now() - start_;
      const double latency_ms = absl::ToDoubleMilliseconds(latency);
      if (metrics_ != nullptr) {
        metrics_->RecordCall(method_, status.error_code(), absl::ToDoubleSeconds(latency));
      }
      Log(status.ok() ? LogLevel::kInfo : LogLevel::kWarning, "rpc",
          {{"method", method_},
           {"code", StatusCodeName(status.error_code())},
           {"latency_ms", latency_ms}});
    }
    methods->Proceed();
  }

 private:
  const std::string method_;
  ServerMetrics* const metrics_;
  std::atomic<int>& in_flight_;
  const absl::Time start_;
};

class RequestLogInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  RequestLogInterceptorFactory(ServerMetrics* metrics, std::atomic<int>& in_flight)
      : metrics_(metrics), in_flight_(in_flight) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    // gRPC owns and deletes interceptors.
    return new RequestLogInterceptor(info->method(), metrics_, in_flight_);
  }

 private:
  ServerMetrics* const metrics_;
  std::atomic<int>& in_flight_;
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeRequestLogInterceptor(
    ServerMetrics* metrics, std::atomic<int>& in_flight) {
  return std::make_unique<RequestLogInterceptorFactory>(metrics, in_flight);
}

}  // namespace renfort::services
