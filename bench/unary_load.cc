#include "bench/unary_load.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <thread>
#include <utility>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace renfort::bench {
namespace {

using Clock = std::chrono::steady_clock;

// The span of completion times that counts, shared read-only by every client thread.
struct Window {
  Clock::time_point start;
  Clock::time_point end;
};

// The tag of one outstanding call: owned by the completion queue while the call is in flight.
struct PendingCall {
  std::unique_ptr<UnaryCall> call;
  Clock::time_point started;
};

// Keeps `calls_in_flight` calls from `source` outstanding on one channel until the window
// closes, polling its own completion queue. Run() on one thread; read the result after that
// thread is joined.
class ChannelDriver {
 public:
  ChannelDriver(std::unique_ptr<CallSource> source, int calls_in_flight, Window window,
                absl::Duration call_deadline)
      : source_(std::move(source)),
        calls_in_flight_(calls_in_flight),
        window_(window),
        call_deadline_(absl::ToChronoNanoseconds(call_deadline)) {}

  void Run() {
    int outstanding = 0;
    for (int i = 0; i < calls_in_flight_; ++i) {
      if (StartCall(Clock::now())) ++outstanding;
    }
    void* tag = nullptr;
    bool ok = false;
    while (outstanding > 0 && queue_.Next(&tag, &ok)) {
      std::unique_ptr<PendingCall> pending(static_cast<PendingCall*>(tag));
      const Clock::time_point now = Clock::now();
      Record(*pending, now);
      if (now >= window_.end || !StartCall(now)) --outstanding;
    }
    // Every call has completed by now; a completion queue must still be shut down and drained
    // before it is destroyed.
    queue_.Shutdown();
    while (queue_.Next(&tag, &ok)) {
    }
  }

  LoadResult& result() { return result_; }

 private:
  // False when the source has no more calls.
  bool StartCall(Clock::time_point now) {
    std::unique_ptr<UnaryCall> call = source_->Next();
    if (call == nullptr) {
      if (!out_of_requests_ && now < window_.end) {
        Fail("OUT_OF_REQUESTS", "the request source ran out before the window closed");
      }
      out_of_requests_ = true;
      return false;
    }
    auto pending = std::make_unique<PendingCall>();
    pending->call = std::move(call);
    pending->call->context().set_deadline(std::chrono::system_clock::now() + call_deadline_);
    pending->started = Clock::now();
    PendingCall* tag = pending.release();
    tag->call->Start(queue_, tag);
    return true;
  }

  void Record(const PendingCall& pending, Clock::time_point completed) {
    if (completed < window_.start || completed >= window_.end) return;
    const grpc::Status& status = pending.call->status();
    if (!status.ok()) {
      const auto code = static_cast<absl::StatusCode>(status.error_code());
      Fail(absl::StatusCodeToString(code),
           absl::StrCat("status ", absl::StatusCodeToString(code), ": ", status.error_message()));
      return;
    }
    if (std::string wrong = pending.call->CheckResponse(); !wrong.empty()) {
      Fail("WRONG_RESPONSE", std::move(wrong));
      return;
    }
    result_.latencies.push_back(completed - pending.started);
  }

  void Fail(const std::string& kind, std::string error) {
    ++result_.failures_by_kind[kind];
    if (result_.failed_calls++ == 0) result_.first_error = std::move(error);
  }

  const std::unique_ptr<CallSource> source_;
  const int calls_in_flight_;
  const Window window_;
  const std::chrono::nanoseconds call_deadline_;
  grpc::CompletionQueue queue_;
  bool out_of_requests_ = false;
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
                                             const LoadOptions& options,
                                             const CallSourceFactory& make_source) {
  if (absl::Status valid = ValidateLoadOptions(options); !valid.ok()) return valid;
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < options.channels; ++i) {
    absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
        ConnectChannel(address, options.call_deadline);
    if (!channel.ok()) return channel.status();
    channels.push_back(*std::move(channel));
  }

  // Sources are built before the window is placed: whatever they prepare is not warm-up time.
  std::vector<std::unique_ptr<CallSource>> sources;
  for (int i = 0; i < options.channels; ++i) sources.push_back(make_source(channels[i], i));
  Window window;
  window.start = Clock::now() + absl::ToChronoNanoseconds(options.warmup);
  window.end = window.start + absl::ToChronoNanoseconds(options.measure);
  std::vector<std::unique_ptr<ChannelDriver>> drivers;
  for (int i = 0; i < options.channels; ++i) {
    // The first (calls_in_flight % channels) channels take one call more than the others.
    const int extra = i < options.calls_in_flight % options.channels ? 1 : 0;
    const int share = options.calls_in_flight / options.channels + extra;
    drivers.push_back(std::make_unique<ChannelDriver>(std::move(sources[i]), share, window,
                                                      options.call_deadline));
  }
  std::thread window_timer([&options, window] {
    std::this_thread::sleep_until(window.start);
    if (options.on_window_open) options.on_window_open();
    std::this_thread::sleep_until(window.end);
    if (options.on_window_close) options.on_window_close();
  });
  std::vector<std::thread> threads;
  for (auto& driver : drivers) threads.emplace_back([&driver] { driver->Run(); });
  for (std::thread& thread : threads) thread.join();
  window_timer.join();

  LoadResult total;
  total.measured = options.measure;
  for (auto& driver : drivers) {
    LoadResult& part = driver->result();
    total.latencies.insert(total.latencies.end(), part.latencies.begin(), part.latencies.end());
    if (total.failed_calls == 0) total.first_error = std::move(part.first_error);
    total.failed_calls += part.failed_calls;
    for (const auto& [kind, count] : part.failures_by_kind) total.failures_by_kind[kind] += count;
  }
  std::sort(total.latencies.begin(), total.latencies.end());
  return total;
}

}  // namespace renfort::bench
