// A closed-loop load generator for EchoService: a fixed number of calls always in flight, each
// replaced by a new one as soon as it completes. The offered load therefore adapts to the server,
// and calls/s measures how fast the server (and the client beside it) can turn calls around.
#ifndef RENFORT_BENCH_UNARY_LOAD_H_
#define RENFORT_BENCH_UNARY_LOAD_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

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
};

// What happened to the calls that completed inside the measurement window.
struct LoadResult {
  absl::Duration measured;
  // One per call that returned OK with the request's own echo, sorted ascending.
  std::vector<std::chrono::nanoseconds> latencies;
  // Calls with a non-OK status or a response that is not the echo of their request.
  int64_t failed_calls = 0;
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

// Drives the EchoService at `address` ("host:port") with `options`, blocking for about
// options.warmup + options.measure. Unavailable if a channel does not connect within
// call_deadline; InvalidArgument as ValidateLoadOptions.
absl::StatusOr<LoadResult> RunClosedLoopLoad(const std::string& address,
                                             const LoadOptions& options);

}  // namespace renfort::bench

#endif  // RENFORT_BENCH_UNARY_LOAD_H_
