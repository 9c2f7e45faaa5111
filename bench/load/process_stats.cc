#include "bench/load/process_stats.h"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"

namespace renfort::bench {
namespace {

absl::StatusOr<std::string> ReadProcFile(pid_t pid, const char* name) {
  const std::string path = absl::StrCat("/proc/", pid, "/", name);
  std::ifstream file(path);
  if (!file) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream content;
  content << file.rdbuf();
  return content.str();
}

// utime and stime are fields 14 and 15 of /proc/PID/stat; the command name (field 2) is in
// parentheses and may hold spaces, so fields are counted from its closing parenthesis.
absl::StatusOr<absl::Duration> CpuTime(pid_t pid) {
  absl::StatusOr<std::string> stat = ReadProcFile(pid, "stat");
  if (!stat.ok()) return stat.status();
  const size_t name_end = stat->rfind(')');
  if (name_end == std::string::npos) return absl::DataLossError("unreadable /proc stat line");
  const std::vector<std::string> fields =
      absl::StrSplit(stat->substr(name_end + 2), ' ', absl::SkipEmpty());
  // fields[0] is field 3 (state): utime is fields[11], stime fields[12].
  int64_t utime = 0;
  int64_t stime = 0;
  if (fields.size() < 13 || !absl::SimpleAtoi(fields[11], &utime) ||
      !absl::SimpleAtoi(fields[12], &stime)) {
    return absl::DataLossError("unreadable /proc stat times");
  }
  const double ticks_per_second = static_cast<double>(sysconf(_SC_CLK_TCK));
  return absl::Seconds(static_cast<double>(utime + stime) / ticks_per_second);
}

// The value in kB of a "Name:   1234 kB" line of /proc/PID/status, 0 when absent.
int64_t StatusKib(const std::string& status, const std::string& name) {
  for (absl::string_view line : absl::StrSplit(status, '\n')) {
    if (!absl::ConsumePrefix(&line, name + ":")) continue;
    const std::vector<absl::string_view> parts =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    int64_t kib = 0;
    if (!parts.empty() && absl::SimpleAtoi(parts[0], &kib)) return kib;
  }
  return 0;
}

}  // namespace

absl::StatusOr<ProcessSample> SampleProcess(pid_t pid) {
  ProcessSample sample;
  sample.taken = absl::Now();
  absl::StatusOr<absl::Duration> cpu = CpuTime(pid);
  if (!cpu.ok()) return cpu.status();
  sample.cpu = *cpu;
  absl::StatusOr<std::string> status = ReadProcFile(pid, "status");
  if (!status.ok()) return status.status();
  sample.rss_kib = StatusKib(*status, "VmRSS");
  sample.peak_rss_kib = StatusKib(*status, "VmHWM");
  return sample;
}

absl::StatusOr<ProcessSample> SampleProcessWithChildren(pid_t pid) {
  absl::StatusOr<ProcessSample> total = SampleProcess(pid);
  if (!total.ok()) return total.status();
  const std::string path = absl::StrCat("/proc/", pid, "/task/", pid, "/children");
  std::ifstream children(path);
  pid_t child = 0;
  while (children >> child) {
    absl::StatusOr<ProcessSample> sample = SampleProcess(child);
    if (!sample.ok()) continue;
    total->cpu += sample->cpu;
    total->rss_kib += sample->rss_kib;
    total->peak_rss_kib += sample->peak_rss_kib;
  }
  return total;
}

double CpuPercent(const ProcessSample& before, const ProcessSample& after) {
  const double elapsed = absl::ToDoubleSeconds(after.taken - before.taken);
  if (elapsed <= 0) return 0;
  return 100.0 * absl::ToDoubleSeconds(after.cpu - before.cpu) / elapsed;
}

}  // namespace renfort::bench
