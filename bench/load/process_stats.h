// CPU time and memory of a running process, read from /proc (Linux).
#ifndef RENFORT_BENCH_LOAD_PROCESS_STATS_H_
#define RENFORT_BENCH_LOAD_PROCESS_STATS_H_

#include <sys/types.h>

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace renfort::bench {

struct ProcessSample {
  absl::Time taken;
  // utime + stime of every thread of the process, from /proc/PID/stat.
  absl::Duration cpu;
  // Resident set now and its peak since the process started (VmRSS, VmHWM of /proc/PID/status).
  int64_t rss_kib = 0;
  int64_t peak_rss_kib = 0;
};

// NOT_FOUND when the process does not exist (or has exited).
absl::StatusOr<ProcessSample> SampleProcess(pid_t pid);

// The process and its direct children summed (CPU, VmRSS and VmHWM each added up): PostgreSQL
// serves each connection in a child of the postmaster, whose own figures leave them out. A
// child that exits between listing and reading is skipped.
absl::StatusOr<ProcessSample> SampleProcessWithChildren(pid_t pid);

// CPU time used between two samples of one process, as a percentage of one core over the
// time between them: 200 means two cores busy.
double CpuPercent(const ProcessSample& before, const ProcessSample& after);

}  // namespace renfort::bench

#endif  // RENFORT_BENCH_LOAD_PROCESS_STATS_H_
