#include "bench/matching/latency.h"

#include <cstdio>

#include "absl/strings/str_format.h"

namespace renfort::bench {
namespace {

std::vector<std::string>& SummaryLines() {
  static std::vector<std::string> lines;
  return lines;
}

}  // namespace

void Latencies::Report(benchmark::State& state, const std::string& name) {
  const double p50 = QuantileMicros(0.50), p99 = QuantileMicros(0.99), max = QuantileMicros(1);
  const double cpu50 = CpuQuantileMicros(0.50), cpu99 = CpuQuantileMicros(0.99);
  state.counters["p50_us"] = p50;
  state.counters["p99_us"] = p99;
  state.counters["max_us"] = max;
  state.counters["cpu_p50_us"] = cpu50;
  state.counters["cpu_p99_us"] = cpu99;
  state.counters["calls"] = static_cast<double>(size());
  AddSummaryLine(absl::StrFormat(
      "%-46s wall p50 %9.1f p99 %9.1f max %9.1f us | cpu p50 %9.1f p99 %9.1f us (%zu calls)",
      name, p50, p99, max, cpu50, cpu99, size()));
}

std::vector<size_t> Latencies::SlowestCpu(size_t n) const {
  std::vector<size_t> calls(cpu_.size());
  for (size_t i = 0; i < calls.size(); ++i) calls[i] = i;
  n = std::min(n, calls.size());
  std::partial_sort(calls.begin(), calls.begin() + n, calls.end(),
                    [this](size_t a, size_t b) { return cpu_[a] > cpu_[b]; });
  calls.resize(n);
  return calls;
}

void AddSummaryLine(const std::string& line) { SummaryLines().push_back(line); }

void PrintSummary() {
  std::printf("\n=== Summary ===\n");
  for (const std::string& line : SummaryLines()) std::printf("%s\n", line.c_str());
  std::fflush(stdout);
}

}  // namespace renfort::bench
