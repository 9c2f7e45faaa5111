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
  explicit RequestLogInterceptor(const char* method)
      : method_(method == nullptr ? "" : method), start_(absl::Now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      const double latency_ms = absl::ToDoubleMilliseconds(absl::Now() - start_);
      Log(status.ok() ? LogLevel::kInfo : LogLevel::kWarning, "rpc",
          {{"method", method_},
           {"code", StatusCodeName(status.error_code())},
           {"latency_ms", latency_ms}});
    }
    methods->Proceed();
  }

 private:
  const std::string method_;
  const absl::Time start_;
};

class RequestLogInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new RequestLogInterceptor(info->method());  // gRPC owns and deletes interceptors
  }
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeRequestLogInterceptor() {
  return std::make_unique<RequestLogInterceptorFactory>();
}

}  // namespace renfort::services
