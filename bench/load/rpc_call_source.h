// A CallSource for one renfort RPC: the n-th request of a run, numbered across all channels,
// comes from a function of n, and is sent with its caller's bearer token.
#ifndef RENFORT_BENCH_LOAD_RPC_CALL_SOURCE_H_
#define RENFORT_BENCH_LOAD_RPC_CALL_SOURCE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include <grpcpp/grpcpp.h>

#include "bench/unary_load.h"

namespace renfort::bench {

// A request and the "authorization" metadata value to send it with.
template <typename Request>
struct AuthorizedRequest {
  Request request;
  std::string authorization;  // "Bearer <jwt>"
};

// Fills the run's n-th request (n = 0, 1, ... over all channels); false when there is none
// (a pool of single-use requests is used up). Called from every channel's thread at once.
template <typename Request>
using RequestMaker = std::function<bool(int64_t n, AuthorizedRequest<Request>& out)>;

template <typename Service, typename Request, typename Response>
class RpcCallSource : public CallSource {
 public:
  using Stub = typename Service::Stub;
  using AsyncMethod = std::unique_ptr<grpc::ClientAsyncResponseReader<Response>> (Stub::*)(
      grpc::ClientContext*, const Request&, grpc::CompletionQueue*);
  using Checker = typename StubCall<Request, Response>::Checker;

  // `counter` is shared by the sources of every channel of one run.
  RpcCallSource(const std::shared_ptr<grpc::Channel>& channel, AsyncMethod method,
                RequestMaker<Request> make, Checker check,
                std::shared_ptr<std::atomic<int64_t>> counter)
      : stub_(Service::NewStub(channel)),
        method_(method),
        make_(std::move(make)),
        check_(std::move(check)),
        counter_(std::move(counter)) {}

  std::unique_ptr<UnaryCall> Next() override {
    AuthorizedRequest<Request> next;
    if (!make_(counter_->fetch_add(1, std::memory_order_relaxed), next)) return nullptr;
    Stub* stub = stub_.get();
    const AsyncMethod method = method_;
    auto call = std::make_unique<StubCall<Request, Response>>(
        std::move(next.request),
        [stub, method](grpc::ClientContext* context, const Request& request,
                       grpc::CompletionQueue* queue) {
          return (stub->*method)(context, request, queue);
        },
        check_);
    call->context().AddMetadata("authorization", next.authorization);
    return call;
  }

 private:
  const std::unique_ptr<Stub> stub_;
  const AsyncMethod method_;
  const RequestMaker<Request> make_;
  const Checker check_;
  const std::shared_ptr<std::atomic<int64_t>> counter_;
};

// The factory RunClosedLoopLoad takes, for one RPC: every channel gets its own stub and shares
// one request counter.
template <typename Service, typename Request, typename Response>
CallSourceFactory RpcCalls(
    typename RpcCallSource<Service, Request, Response>::AsyncMethod method,
    RequestMaker<Request> make, typename RpcCallSource<Service, Request, Response>::Checker check) {
  auto counter = std::make_shared<std::atomic<int64_t>>(0);
  return [=](const std::shared_ptr<grpc::Channel>& channel, int) -> std::unique_ptr<CallSource> {
    return std::make_unique<RpcCallSource<Service, Request, Response>>(channel, method, make,
                                                                       check, counter);
  };
}

}  // namespace renfort::bench

#endif  // RENFORT_BENCH_LOAD_RPC_CALL_SOURCE_H_
