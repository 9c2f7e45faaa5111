#include "bench/unary_load.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <thread>
#include <utility>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "bench/v1/echo.grpc.pb.h"

namespace renfort::bench {
namespace {

using ::renfort::bench::v1::EchoRequest;
using ::renfort::bench::v1::EchoResponse;
using ::renfort::bench::v1::EchoService;
using Clock = std::chrono::steady_clock;

// A UUID in text form: the size of the ids renfort's real calls carry.
constexpr char kRequestId[] = "3f2b8c1e-7d4a-4e9b-a0c5-6f1d2e3b4a59";

// The span of completion times that counts, shared read-only by every client thread.
struct Window {
  Clock::time_point start;
  Clock::time_point end;
};

// One outstanding call. Owned by the completion queue while in flight: its address is the tag.
struct PendingCall {
  EchoRequest request;
  EchoResponse response;
  grpc::ClientContext context;
  grpc::Status status;
  std::unique_ptr<grpc::ClientAsyncResponseReader<EchoResponse>> reader;
  Clock::time_point started;
};

// Keeps `calls_in_flight` calls outstanding on one channel until the window closes, polling its
// own completion queue. Run() on one thread; read the result after that thread is joined.
class ChannelDriver {
 public:
  ChannelDriver(std::shared_ptr<grpc::Channel> channel, int calls_in_flight, Window window,
                absl::Duration call_deadline)
      : stub_(EchoService::NewStub(std::move(channel))),
        calls_in_flight_(calls_in_flight),
        window_(window),
        call_deadline_(absl::ToChronoNanoseconds(call_deadline)) {}

  void Run() {
    for (int i = 0; i < calls_in_flight_; ++i) StartCall();
    int outstanding = calls_in_flight_;
    void* tag = nullptr;
    bool ok = false;
    while (outstanding > 0 && queue_.Next(&tag, &ok)) {
      std::unique_ptr<PendingCall> call(static_cast<PendingCall*>(tag));
      const Clock::time_point now = Clock::now();
      Record(*call, now);
      if (now < window_.end) {
        StartCall();
      } else {
        --outstanding;
      }
    }
    // Every call has completed by now; a completion queue must still be shut down and drained
    // before it is destroyed.
    queue_.Shutdown();
    while (queue_.Next(&tag, &ok)) {
    }
  }

  LoadResult& result() { return result_; }

 private:
  void StartCall() {
    auto call = std::make_unique<PendingCall>();
    call->request.set_id(kRequestId);
    call->request.set_value(next_value_++);
    call->context.set_deadline(std::chrono::system_clock::now() + call_deadline_);
    call->started = Clock::now();
    call->reader = stub_->AsyncEcho(&call->context, call->request, &queue_);
    PendingCall* tag = call.release();
    tag->reader->Finish(&tag->response, &tag->status, tag);
  }

  void Record(const PendingCall& call, Clock::time_point completed) {
    if (completed < window_.start || completed >= window_.end) return;
    if (!call.status.ok()) {
      Fail(absl::StrCat("status ", static_cast<int>(call.status.error_code()), ": ",
                        call.status.error_message()));
    } else if (call.response.id() != call.request.id() ||
               call.response.value() != call.request.value()) {
      Fail("response is not the echo of its request");
    } else {
      result_.latencies.push_back(completed - call.started);
    }
  }

  void Fail(std::string error) {
    if (result_.failed_calls++ == 0) result_.first_error = std::move(error);
  }

  const std::unique_ptr<EchoService::Stub> stub_;
  const int calls_in_flight_;
  const Window window_;
  const std::chrono::nanoseconds call_deadline_;
  grpc::CompletionQueue queue_;
  int64_t next_value_ = 0;
  LoadResult result_;
};

// Gives every channel its own subchannel pool: channels with identical arguments would otherwise
// share one TCP connection, and the load would not be spread as the options say.
absl::StatusOr<std::shared_ptr<grpc::Channel>> ConnectChannel(const std::string& address,
                                                              absl::Duration timeout) {
  grpc::ChannelArguments arguments;
  arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  std::shared_ptr<grpc::Channel> channel =
      grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), arguments);
  if (!channel->WaitForConnected(absl::ToChronoTime(absl::Now() + timeout))) {
    return absl::UnavailableError(absl::StrCat("load: could not connect to ", address));
  }
  return channel;
}

}  // namespace

absl::Status ValidateLoadOptions(const LoadOptions& options) {
  if (options.channels < 1 || options.calls_in_flight < options.channels) {
    return absl::InvalidArgumentError(absl::StrCat(
        "load: channels must be between 1 and calls_in_flight, got channels=", options.channels,
        " calls_in_flight=", options.calls_in_flight));
  }
  if (options.measure <= absl::ZeroDuration() || options.warmup < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("load: measure must be positive and warmup not negative");
  }
  return absl::OkStatus();
}

double LoadResult::CallsPerSecond() const {
  return static_cast<double>(ok_calls()) / absl::ToDoubleSeconds(measured);
}

double LoadResult::LatencyMicros(double fraction) const {
  if (latencies.empty()) return 0;
  const auto rank =
      static_cast<size_t>(std::ceil(fraction * static_cast<double>(latencies.size())));
  const size_t index = std::clamp<size_t>(rank, 1, latencies.size()) - 1;
  return std::chrono::duration<double, std::micro>(latencies[index]).count();
}

absl::StatusOr<LoadResult> RunClosedLoopLoad(const std::string& address,
                                             const LoadOptions& options) {
  if (absl::Status valid = ValidateLoadOptions(options); !valid.ok()) return valid;
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < options.channels; ++i) {
    absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
        ConnectChannel(address, options.call_deadline);
    if (!channel.ok()) return channel.status();
    channels.push_back(*std::move(channel));
  }

  Window window;
  window.start = Clock::now() + absl::ToChronoNanoseconds(options.warmup);
  window.end = window.start + absl::ToChronoNanoseconds(options.measure);
  std::vector<std::unique_ptr<ChannelDriver>> drivers;
  for (int i = 0; i < options.channels; ++i) {
    // The first (calls_in_flight % channels) channels take one call more than the others.
    const int extra = i < options.calls_in_flight % options.channels ? 1 : 0;
    const int share = options.calls_in_flight / options.channels + extra;
    drivers.push_back(
        std::make_unique<ChannelDriver>(channels[i], share, window, options.call_deadline));
  }
  std::vector<std::thread> threads;
  for (auto& driver : drivers) threads.emplace_back([&driver] { driver->Run(); });
  for (std::thread& thread : threads) thread.join();

  LoadResult total;
  total.measured = options.measure;
  for (auto& driver : drivers) {
    LoadResult& part = driver->result();
    total.latencies.insert(total.latencies.end(), part.latencies.begin(), part.latencies.end());
    if (total.failed_calls == 0) total.first_error = std::move(part.first_error);
    total.failed_calls += part.failed_calls;
  }
  std::sort(total.latencies.begin(), total.latencies.end());
  return total;
}

}  // namespace renfort::bench
