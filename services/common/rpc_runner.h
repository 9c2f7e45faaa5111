#ifndef RENFORT_SERVICES_COMMON_RPC_RUNNER_H_
#define RENFORT_SERVICES_COMMON_RPC_RUNNER_H_

#include <functional>

#include <grpcpp/grpcpp.h>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/common/auth/authenticator.h"
#include "services/common/auth/caller.h"
#include "services/common/blocking_executor.h"

namespace renfort::services {

// Runs the RPCs of every service the same way, so no handler can skip a step:
//  1. on gRPC's callback thread: authenticate the bearer token and check the access policy for
//     `method` (UNAUTHENTICATED / PERMISSION_DENIED end the call here, cheaply);
//  2. on the blocking executor (handlers talk to PostgreSQL): run the handler with the Caller;
//  3. finish the call with the handler's status mapped by ToGrpcStatus.
// A full executor answers RESOURCE_EXHAUSTED. The handler runs under the call's deadline
// (storage::ScopedCallDeadline), so its SQL statements are cancelled in PostgreSQL when the
// client stops waiting. Thread-safe; borrows both arguments.
class RpcRunner {
 public:
  RpcRunner(const Authenticator& authenticator, BlockingExecutor& executor)
      : authenticator_(authenticator), executor_(executor) {}

  using UnaryHandler = absl::AnyInvocable<absl::Status(const Caller&) &&>;
  grpc::ServerUnaryReactor* Unary(grpc::CallbackServerContext* context, absl::string_view method,
                                  UnaryHandler handler) const;

  // A server-streaming handler gets a `write` function that sends one message and blocks until
  // gRPC has taken it (flow control: a slow client slows the handler down, memory stays
  // bounded). `write` returns false once the client has gone away; the handler should stop.
  template <typename Message>
  using StreamHandler =
      absl::AnyInvocable<absl::Status(const Caller&, const std::function<bool(const Message&)>&) &&>;
  template <typename Message>
  grpc::ServerWriteReactor<Message>* ServerStream(grpc::CallbackServerContext* context,
                                                  absl::string_view method,
                                                  StreamHandler<Message> handler) const;

 private:
  absl::StatusOr<Caller> Authenticate(grpc::CallbackServerContext* context,
                                      absl::string_view method) const;
  // The client's deadline, absl::InfiniteFuture() when it set none.
  static absl::Time DeadlineOf(const grpc::CallbackServerContext& context);

  const Authenticator& authenticator_;
  BlockingExecutor& executor_;
};

}  // namespace renfort::services


// Defines the override of unary RPC `Rpc` of `Service` inside a generated CallbackService
// subclass that has the members `rpc_` (const RpcRunner&) and `handlers_` (an object with
// `absl::Status Rpc(const Caller&, const v1::RpcRequest&, v1::RpcResponse&)`). The method name
// given to the access policy is spelled from the same tokens as the override, so the two cannot
// disagree.
#define RENFORT_UNARY_RPC(Service, Rpc)                                                        \
  grpc::ServerUnaryReactor* Rpc(grpc::CallbackServerContext* context,                          \
                                const ::renfort::v1::Rpc##Request* request,                    \
                                ::renfort::v1::Rpc##Response* response) override {             \
    return rpc_.Unary(context, "/renfort.v1." #Service "/" #Rpc,                               \
                      [this, request, response](const ::renfort::services::Caller& caller) {  \
                        return handlers_.Rpc(caller, *request, *response);                     \
                      });                                                                      \
  }

// The same for a server-streaming RPC whose handler is
// `absl::Status Rpc(const Caller&, const v1::RpcRequest&, const std::function<bool(const
// v1::RpcResponse&)>& write)`.
#define RENFORT_SERVER_STREAMING_RPC(Service, Rpc)                                             \
  grpc::ServerWriteReactor<::renfort::v1::Rpc##Response>* Rpc(                                 \
      grpc::CallbackServerContext* context, const ::renfort::v1::Rpc##Request* request)        \
      override {                                                                               \
    return rpc_.ServerStream<::renfort::v1::Rpc##Response>(                                    \
        context, "/renfort.v1." #Service "/" #Rpc,                                             \
        [this, request](const ::renfort::services::Caller& caller,                            \
                        const std::function<bool(const ::renfort::v1::Rpc##Response&)>& write) { \
          return handlers_.Rpc(caller, *request, write);                                       \
        });                                                                                    \
  }

#include "services/common/rpc_runner_stream.h"  // IWYU pragma: keep (template definitions)

#endif  // RENFORT_SERVICES_COMMON_RPC_RUNNER_H_
