#ifndef RENFORT_BENCH_MATCHING_LATENCY_H_
#define RENFORT_BENCH_MATCHING_LATENCY_H_

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdint>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"

namespace renfort::bench {

// The CPU time this thread has used, in nanoseconds.
inline int64_t ThreadCpuNanos() {
  timespec now;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return int64_t{now.tv_sec} * 1000000000 + now.tv_nsec;
}

// Per-call latencies of one benchmark: Google Benchmark reports means; the targets are
// percentiles, so every call is timed on its own and the distribution kept. Each call is
// measured twice: wall-clock time (what a caller waits) and the thread's CPU time (what the
// call costs on one core). On a machine shared with other jobs the two differ by the time the
// thread waited for a core; the CPU figures are the ones that compare across runs.
class Latencies {
 public:
  void Add(int64_t wall_nanos, int64_t cpu_nanos) {
    wall_.push_back(wall_nanos);
    cpu_.push_back(cpu_nanos);
  }
  size_t size() const { return wall_.size(); }
  // The q-quantile (0 ≤ q ≤ 1) in microseconds, nearest rank.
  double QuantileMicros(double q) { return Quantile(wall_, q); }
  double CpuQuantileMicros(double q) { return Quantile(cpu_, q); }
  // p50, p99 and max as the benchmark's counters (µs), and a line for the final summary.
  void Report(benchmark::State& state, const std::string& name);
  // Positions (in call order) of the `n` calls that took the most CPU time, slowest first.
  std::vector<size_t> SlowestCpu(size_t n) const;
  int64_t cpu_nanos(size_t call) const { return cpu_[call]; }

 private:
  // Sorts a copy: the samples stay in call order for SlowestCpu.
  static double Quantile(std::vector<int64_t> samples, double q) {
    if (samples.empty()) return 0;
    std::sort(samples.begin(), samples.end());
    const size_t rank = std::min(samples.size() - 1,
                                 static_cast<size_t>(q * static_cast<double>(samples.size())));
    return samples[rank] / 1000.0;
  }
  std::vector<int64_t> wall_;
  std::vector<int64_t> cpu_;
};

// Times one call.
template <typename F>
auto Timed(Latencies& latencies, F&& call) {
  const int64_t cpu_start = ThreadCpuNanos();
  const auto start = std::chrono::steady_clock::now();
  auto result = call();
  const auto wall = std::chrono::steady_clock::now() - start;
  latencies.Add(std::chrono::duration_cast<std::chrono::nanoseconds>(wall).count(),
                ThreadCpuNanos() - cpu_start);
  return result;
}

// Lines printed after every benchmark ran: the figures of bench/README.md in one place.
void AddSummaryLine(const std::string& line);
void PrintSummary();

}  // namespace renfort::bench

#endif  // RENFORT_BENCH_MATCHING_LATENCY_H_
