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
  RequestLogInterceptor(const char* method, ServerMetrics* metrics)
      : method_(method == nullptr ? "" : method), metrics_(metrics), start_(absl::Now()) {}

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
  const absl::Time start_;
};

class RequestLogInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit RequestLogInterceptorFactory(ServerMetrics* metrics) : metrics_(metrics) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    // gRPC owns and deletes interceptors.
    return new RequestLogInterceptor(info->method(), metrics_);
  }

 private:
  ServerMetrics* const metrics_;
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeRequestLogInterceptor(
    ServerMetrics* metrics) {
  return std::make_unique<RequestLogInterceptorFactory>(metrics);
}

}  // namespace renfort::services
