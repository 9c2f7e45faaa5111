#include "services/common/rpc_runner.h"

#include "absl/time/clock.h"
#include "services/common/status.h"

namespace renfort::services {

absl::StatusOr<Caller> RpcRunner::Authenticate(grpc::CallbackServerContext* context,
                                               absl::string_view method) const {
  return authenticator_.Authenticate(context->client_metadata(), method, absl::Now());
}

grpc::ServerUnaryReactor* RpcRunner::Unary(grpc::CallbackServerContext* context,
                                           absl::string_view method, UnaryHandler handler) const {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<Caller> caller = Authenticate(context, method);
  if (!caller.ok()) {
    reactor->Finish(ToGrpcStatus(caller.status()));
    return reactor;
  }
  const bool accepted =
      executor_.Submit([reactor, caller = *std::move(caller), handler = std::move(handler)]() mutable {
        reactor->Finish(ToGrpcStatus(std::move(handler)(caller)));
      });
  if (!accepted) {
    reactor->Finish(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                 "the server is overloaded; retry with backoff"));
  }
  return reactor;
}

}  // namespace renfort::services
