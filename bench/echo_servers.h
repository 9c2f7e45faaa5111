// The two gRPC C++ server models compared by server_model_bench, each serving the same trivial
// EchoService so that only the model differs.
#ifndef RENFORT_BENCH_ECHO_SERVERS_H_
#define RENFORT_BENCH_ECHO_SERVERS_H_

#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/service_type.h>

#include "absl/status/statusor.h"

namespace renfort::bench {

// The callback API: Echo runs on one of gRPC's own threads and finishes inline through the
// context's default reactor, so no thread ever blocks on a call.
std::unique_ptr<grpc::Service> MakeCallbackEchoService();

// The synchronous API: gRPC hands each call to a thread from the server's sync thread pool,
// which returns the status from Echo.
std::unique_ptr<grpc::Service> MakeSyncEchoService();

// A server listening on 127.0.0.1, owning the service it serves. Shuts down when destroyed,
// failing calls still in flight after a short grace period.
class LoopbackServer {
 public:
  // Binds an ephemeral port, so several benchmarks (or tests) can run side by side.
  // Unavailable if the server cannot start.
  static absl::StatusOr<std::unique_ptr<LoopbackServer>> Start(
      std::unique_ptr<grpc::Service> service);

  ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  // "127.0.0.1:<port>", ready for grpc::CreateChannel.
  const std::string& address() const { return address_; }

 private:
  LoopbackServer(std::unique_ptr<grpc::Service> service, std::unique_ptr<grpc::Server> server,
                 std::string address);

  // Declared before server_ so it is destroyed after it: the server refers to the service.
  std::unique_ptr<grpc::Service> service_;
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
};

}  // namespace renfort::bench

#endif  // RENFORT_BENCH_ECHO_SERVERS_H_
