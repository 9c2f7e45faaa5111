// Template definitions of RpcRunner::ServerStream; include rpc_runner.h instead.
#ifndef RENFORT_SERVICES_COMMON_RPC_RUNNER_STREAM_H_
#define RENFORT_SERVICES_COMMON_RPC_RUNNER_STREAM_H_

#include "absl/synchronization/mutex.h"
#include "services/common/status.h"
#include "storage/pg/call_deadline.h"

namespace renfort::services {
namespace internal {

// Bridges a blocking handler running on the executor to gRPC's callback writer: each Write
// starts one gRPC write and waits for OnWriteDone. Deletes itself in OnDone, which gRPC calls
// only after Finish, so the handler never touches a dead reactor.
template <typename Message>
class BlockingWriteReactor : public grpc::ServerWriteReactor<Message> {
 public:
  bool Write(const Message& message) {
    absl::MutexLock lock(&mu_);
    if (failed_) return false;
    write_pending_ = true;
    this->StartWrite(&message);
    mu_.Await(absl::Condition(
        +[](bool* pending) { return !*pending; }, &write_pending_));
    return !failed_;
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&mu_);
    if (!ok) failed_ = true;
    write_pending_ = false;
  }

  void OnCancel() override {
    absl::MutexLock lock(&mu_);
    failed_ = true;
  }

  void OnDone() override { delete this; }

 private:
  absl::Mutex mu_;
  bool write_pending_ ABSL_GUARDED_BY(mu_) = false;
  bool failed_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace internal

template <typename Message>
grpc::ServerWriteReactor<Message>* RpcRunner::ServerStream(grpc::CallbackServerContext* context,
                                                           absl::string_view method,
                                                           StreamHandler<Message> handler) const {
  auto* reactor = new internal::BlockingWriteReactor<Message>();
  absl::StatusOr<Caller> caller = Authenticate(context, method);
  if (!caller.ok()) {
    reactor->Finish(ToGrpcStatus(caller.status()));
    return reactor;
  }
  const bool accepted =
      executor_.Submit([reactor, caller = *std::move(caller), deadline = DeadlineOf(*context),
                        handler = std::move(handler)]() mutable {
        const storage::ScopedCallDeadline call_deadline(deadline);
        const std::function<bool(const Message&)> write = [reactor](const Message& message) {
          return reactor->Write(message);
        };
        reactor->Finish(ToGrpcStatus(std::move(handler)(caller, write)));
      });
  if (!accepted) {
    reactor->Finish(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                 "the server is overloaded; retry with backoff"));
  }
  return reactor;
}

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_COMMON_RPC_RUNNER_STREAM_H_
