// A closed-loop load generator for unary gRPC calls: a fixed number of calls always in flight,
// each replaced by a new one as soon as it completes. The offered load therefore adapts to the
// server, and calls/s measures how fast the server (and the client beside it) can turn calls
// around. What is called is up to the caller: a CallSource per channel makes each next call.
#ifndef RENFORT_BENCH_UNARY_LOAD_H_
#define RENFORT_BENCH_UNARY_LOAD_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace renfort::bench {

struct LoadOptions {
  // Each channel is its own TCP connection, driven by its own client thread.
  int channels = 4;
  // Spread over the channels as evenly as possible; at least one per channel.
  int calls_in_flight = 64;
  // Calls completing before the window opens are not counted: connection set-up and the servers'
  // thread pools growing to their working size are not what is being compared.
  absl::Duration warmup = absl::Seconds(1);
  absl::Duration measure = absl::Seconds(5);
  // Bounds each call, so a stalled server shows up as errors rather than as a hung benchmark.
  absl::Duration call_deadline = absl::Seconds(2);
  // Called from a timer thread when the measurement window opens and when it closes, e.g. to
  // sample the servers' CPU time over exactly the window. Optional.
  std::function<void()> on_window_open;
  std::function<void()> on_window_close;
};

// One call, built by a CallSource and owned by the load generator while in flight.
class UnaryCall {
 public:
  virtual ~UnaryCall() = default;

  // Sends the call on `queue`, asking for its completion under `tag`. The deadline and any
  // metadata are already set on context().
  virtual void Start(grpc::CompletionQueue& queue, void* tag) = 0;
  // After the call completed with OK: empty when the response is what the request should have
  // produced, else what is wrong with it (the call then counts as failed).
  virtual std::string CheckResponse() const { return {}; }

  grpc::ClientContext& context() { return context_; }
  const grpc::Status& status() const { return status_; }

 protected:
  grpc::ClientContext context_;
  grpc::Status status_;
};

// A call of one generated async stub method (e.g. Stub::AsyncGetMission), with its request and
// response kept alive for as long as the call is in flight.
template <typename Request, typename Response>
class StubCall : public UnaryCall {
 public:
  using Sender = std::function<std::unique_ptr<grpc::ClientAsyncResponseReader<Response>>(
      grpc::ClientContext*, const Request&, grpc::CompletionQueue*)>;
  // Empty when `response` is right for `request`, else why not.
  using Checker = std::function<std::string(const Request& request, const Response& response)>;

  StubCall(Request request, Sender send, Checker check = nullptr)
      : request_(std::move(request)), send_(std::move(send)), check_(std::move(check)) {}

  void Start(grpc::CompletionQueue& queue, void* tag) override {
    reader_ = send_(&context_, request_, &queue);
    reader_->Finish(&response_, &status_, tag);
  }
  std::string CheckResponse() const override {
    return check_ ? check_(request_, response_) : std::string();
  }

 private:
  Request request_;
  Response response_;
  Sender send_;
  Checker check_;
  std::unique_ptr<grpc::ClientAsyncResponseReader<Response>> reader_;
};

// Makes the calls of one channel, one at a time, on that channel's client thread.
class CallSource {
 public:
  virtual ~CallSource() = default;
  // The next call to send (its deadline is set by the load generator), or nullptr when the
  // source has run out of requests: the channel then stops, and a stop inside the measurement
  // window counts as a failure, since the window's calls/s would no longer mean anything.
  virtual std::unique_ptr<UnaryCall> Next() = 0;
};

// Builds the CallSource of one channel (0-based `channel_index`), before the load starts.
using CallSourceFactory = std::function<std::unique_ptr<CallSource>(
    const std::shared_ptr<grpc::Channel>& channel, int channel_index)>;

// What happened to the calls that completed inside the measurement window.
struct LoadResult {
  absl::Duration measured;
  // One per call that returned OK with a response its CheckResponse accepted, sorted ascending.
  std::vector<std::chrono::nanoseconds> latencies;
  // Calls with a non-OK status, a response CheckResponse refused, or a source that ran out.
  int64_t failed_calls = 0;
  // failed_calls by kind: the gRPC status code name ("UNAVAILABLE", ...), "WRONG_RESPONSE" or
  // "OUT_OF_REQUESTS".
  std::map<std::string, int64_t> failures_by_kind;
  // The first failure, for the reader to diagnose; empty when there was none.
  std::string first_error;

  int64_t ok_calls() const { return static_cast<int64_t>(latencies.size()); }
  double CallsPerSecond() const;
  // The latency within which `fraction` (in (0, 1]) of the OK calls completed, in microseconds,
  // by nearest rank; 0 when no call succeeded.
  double LatencyMicros(double fraction) const;
};

// InvalidArgument, naming the field, if `options` cannot describe a run.
absl::Status ValidateLoadOptions(const LoadOptions& options);

// Drives the server at `address` ("host:port") with the calls `make_source` makes, as
// `options` says, blocking for about options.warmup + options.measure. Unavailable if a channel
// does not connect within call_deadline; InvalidArgument as ValidateLoadOptions.
absl::StatusOr<LoadResult> RunClosedLoopLoad(const std::string& address,
                                             const LoadOptions& options,
                                             const CallSourceFactory& make_source);

}  // namespace renfort::bench

#endif  // RENFORT_BENCH_UNARY_LOAD_H_
