// server_model_bench: which gRPC C++ server model should renfort's services use?
//
// Serves the same trivial EchoService (a 36-byte id and an integer, echoed back) first with the
// callback API, answering inline from the handler, then with the synchronous API, each on
// 127.0.0.1 port 0 in this process. A closed-loop async client keeps a fixed number of calls in
// flight against each for a fixed time and reports, per model, completed calls per second and
// latency percentiles of the calls that returned OK; failed calls are counted apart.
//
// The service does no work, so the figures measure what the model itself costs per small unary
// call: how requests reach handler threads and responses get back. Client and server share the
// machine's cores, so absolute numbers understate a dedicated server; the comparison between the
// two models, run under the same conditions, is what the benchmark is for.
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/status/status.h"
#include "absl/time/time.h"
#include "bench/echo_servers.h"
#include "bench/unary_load.h"
#include "bench/v1/echo.grpc.pb.h"

ABSL_FLAG(double, seconds, 5.0, "Measured duration per server model, in seconds.");
ABSL_FLAG(double, warmup_seconds, 1.0,
          "Load applied before measuring each model, in seconds; its calls are not counted.");
ABSL_FLAG(int, in_flight, 64, "Calls kept in flight at all times, across all channels.");
ABSL_FLAG(int, channels, 4, "Client channels (TCP connections), each with its own thread.");

namespace renfort::bench {
namespace {

using ::renfort::bench::v1::EchoRequest;
using ::renfort::bench::v1::EchoResponse;
using ::renfort::bench::v1::EchoService;

// A UUID in text form: the size of the ids renfort's real calls carry.
constexpr char kRequestId[] = "3f2b8c1e-7d4a-4e9b-a0c5-6f1d2e3b4a59";

// Echo calls numbered per channel; a response counts only if it is the echo of its request.
class EchoCallSource : public CallSource {
 public:
  explicit EchoCallSource(const std::shared_ptr<grpc::Channel>& channel)
      : stub_(EchoService::NewStub(channel)) {}

  std::unique_ptr<UnaryCall> Next() override {
    EchoRequest request;
    request.set_id(kRequestId);
    request.set_value(next_value_++);
    EchoService::Stub* stub = stub_.get();
    return std::make_unique<StubCall<EchoRequest, EchoResponse>>(
        std::move(request),
        [stub](grpc::ClientContext* context, const EchoRequest& sent,
               grpc::CompletionQueue* queue) { return stub->AsyncEcho(context, sent, queue); },
        [](const EchoRequest& sent, const EchoResponse& received) {
          return received.id() == sent.id() && received.value() == sent.value()
                     ? std::string()
                     : std::string("response is not the echo of its request");
        });
  }

 private:
  const std::unique_ptr<EchoService::Stub> stub_;
  int64_t next_value_ = 0;
};

// Differences in calls/s below this fraction are within run-to-run noise on a shared machine.
constexpr double kNoiseFraction = 0.05;

struct ServerModel {
  const char* name;
  std::unique_ptr<grpc::Service> (*make_service)();
};

struct ModelResult {
  const char* name;
  LoadResult load;
};

void PrintHeader(const LoadOptions& options) {
  std::printf(
      "server_model_bench: small unary Echo over 127.0.0.1, %d calls in flight on %d channels,\n"
      "%.1f s measured per model after %.1f s warm-up; client and servers share %u cores.\n\n",
      options.calls_in_flight, options.channels, absl::ToDoubleSeconds(options.measure),
      absl::ToDoubleSeconds(options.warmup), std::thread::hardware_concurrency());
  std::printf("%-9s %10s %9s %9s %9s %8s\n", "model", "calls/s", "p50 us", "p99 us", "p99.9 us",
              "errors");
}

void PrintRow(const ModelResult& result) {
  const LoadResult& load = result.load;
  std::printf("%-9s %10.0f %9.0f %9.0f %9.0f %8lld\n", result.name, load.CallsPerSecond(),
              load.LatencyMicros(0.5), load.LatencyMicros(0.99), load.LatencyMicros(0.999),
              static_cast<long long>(load.failed_calls));
  if (load.failed_calls > 0) {
    std::printf("%-9s first error: %s\n", "", load.first_error.c_str());
  }
}

// One line a reader can copy into a decision record: which model turned calls around faster,
// by how much, and at what tail latency.
void PrintConclusion(const ModelResult& first, const ModelResult& second) {
  if (first.load.failed_calls > 0 || second.load.failed_calls > 0) {
    std::printf("\nconclusion: none; a model had failed calls, so its figures do not compare.\n");
    return;
  }
  const bool first_faster = first.load.CallsPerSecond() >= second.load.CallsPerSecond();
  const ModelResult& faster = first_faster ? first : second;
  const ModelResult& slower = first_faster ? second : first;
  const double ratio = faster.load.CallsPerSecond() / slower.load.CallsPerSecond();
  if (ratio - 1.0 < kNoiseFraction) {
    std::printf(
        "\nconclusion: %s and %s are within %.0f%% in calls/s (p99 %.0f us vs %.0f us); "
        "throughput does not decide between them here.\n",
        faster.name, slower.name, kNoiseFraction * 100, faster.load.LatencyMicros(0.99),
        slower.load.LatencyMicros(0.99));
    return;
  }
  std::printf("\nconclusion: %s serves %.2fx the calls/s of %s (p99 %.0f us vs %.0f us).\n",
              faster.name, ratio, slower.name, faster.load.LatencyMicros(0.99),
              slower.load.LatencyMicros(0.99));
}

// Starts the model's server, loads it, and shuts it down before returning, so the next model
// runs alone.
absl::StatusOr<ModelResult> MeasureModel(const ServerModel& model, const LoadOptions& options) {
  absl::StatusOr<std::unique_ptr<LoopbackServer>> server =
      LoopbackServer::Start(model.make_service());
  if (!server.ok()) return server.status();
  absl::StatusOr<LoadResult> load = RunClosedLoopLoad(
      (*server)->address(), options,
      [](const std::shared_ptr<grpc::Channel>& channel, int) -> std::unique_ptr<CallSource> {
        return std::make_unique<EchoCallSource>(channel);
      });
  if (!load.ok()) return load.status();
  return ModelResult{model.name, *std::move(load)};
}

int Run() {
  LoadOptions options;
  options.measure = absl::Seconds(absl::GetFlag(FLAGS_seconds));
  options.warmup = absl::Seconds(absl::GetFlag(FLAGS_warmup_seconds));
  options.calls_in_flight = absl::GetFlag(FLAGS_in_flight);
  options.channels = absl::GetFlag(FLAGS_channels);

  const std::vector<ServerModel> models = {{"callback", &MakeCallbackEchoService},
                                           {"sync", &MakeSyncEchoService}};
  if (absl::Status valid = ValidateLoadOptions(options); !valid.ok()) {
    std::fprintf(stderr, "server_model_bench: %s\n", valid.ToString().c_str());
    return 2;
  }
  PrintHeader(options);
  std::vector<ModelResult> results;
  for (const ServerModel& model : models) {
    absl::StatusOr<ModelResult> result = MeasureModel(model, options);
    if (!result.ok()) {
      std::fprintf(stderr, "server_model_bench: %s: %s\n", model.name,
                   result.status().ToString().c_str());
      return 1;
    }
    PrintRow(*result);
    std::fflush(stdout);
    results.push_back(*std::move(result));
  }
  PrintConclusion(results[0], results[1]);
  return results[0].load.failed_calls + results[1].load.failed_calls == 0 ? 0 : 1;
}

}  // namespace
}  // namespace renfort::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return renfort::bench::Run();
}
