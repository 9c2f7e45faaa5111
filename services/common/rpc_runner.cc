#include "services/common/rpc_runner.h"

#include "absl/time/clock.h"
#include "services/common/status.h"
#include "storage/pg/call_deadline.h"

namespace renfort::services {

absl::StatusOr<Caller> RpcRunner::Authenticate(grpc::CallbackServerContext* context,
                                               absl::string_view method) const {
  return authenticator_.Authenticate(context->client_metadata(), method, absl::Now());
}

absl::Time RpcRunner::DeadlineOf(const grpc::CallbackServerContext& context) {
  const std::chrono::system_clock::time_point deadline = context.deadline();
  if (deadline == std::chrono::system_clock::time_point::max()) return absl::InfiniteFuture();
  return absl::FromChrono(deadline);
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
      executor_.Submit([reactor, caller = *std::move(caller), deadline = DeadlineOf(*context),
                        handler = std::move(handler)]() mutable {
        const storage::ScopedCallDeadline call_deadline(deadline);
        reactor->Finish(ToGrpcStatus(std::move(handler)(caller)));
      });
  if (!accepted) {
    reactor->Finish(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                 "the server is overloaded; retry with backoff"));
  }
  return reactor;
}

}  // namespace renfort::services
