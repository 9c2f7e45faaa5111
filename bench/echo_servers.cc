#include "bench/echo_servers.h"

#include <chrono>
#include <utility>

#include "absl/status/status.h"
#include "bench/v1/echo.grpc.pb.h"

namespace renfort::bench {
namespace {

using ::renfort::bench::v1::EchoRequest;
using ::renfort::bench::v1::EchoResponse;
using ::renfort::bench::v1::EchoService;

// Long enough for calls in flight when a run ends to finish, short enough not to pad the run.
constexpr std::chrono::milliseconds kShutdownGrace(500);

void FillEcho(const EchoRequest& request, EchoResponse* response) {
  response->set_id(request.id());
  response->set_value(request.value());
}

class CallbackEchoService final : public EchoService::CallbackService {
 public:
  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* context, const EchoRequest* request,
                                 EchoResponse* response) override {
    FillEcho(*request, response);
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

class SyncEchoService final : public EchoService::Service {
 public:
  grpc::Status Echo(grpc::ServerContext* /*context*/, const EchoRequest* request,
                    EchoResponse* response) override {
    FillEcho(*request, response);
    return grpc::Status::OK;
  }
};

}  // namespace

std::unique_ptr<grpc::Service> MakeCallbackEchoService() {
  return std::make_unique<CallbackEchoService>();
}

std::unique_ptr<grpc::Service> MakeSyncEchoService() { return std::make_unique<SyncEchoService>(); }

absl::StatusOr<std::unique_ptr<LoopbackServer>> LoopbackServer::Start(
    std::unique_ptr<grpc::Service> service) {
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(service.get());
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    return absl::UnavailableError("echo server: could not listen on 127.0.0.1");
  }
  std::string address = "127.0.0.1:" + std::to_string(port);
  return std::unique_ptr<LoopbackServer>(
      new LoopbackServer(std::move(service), std::move(server), std::move(address)));
}

LoopbackServer::LoopbackServer(std::unique_ptr<grpc::Service> service,
                               std::unique_ptr<grpc::Server> server, std::string address)
    : service_(std::move(service)), server_(std::move(server)), address_(std::move(address)) {}

LoopbackServer::~LoopbackServer() {
  server_->Shutdown(std::chrono::system_clock::now() + kShutdownGrace);
  server_->Wait();
}

}  // namespace renfort::bench
