// load_bench: sustained calls/s and latency of renfort's services over loopback, on a seeded
// database, with the CPU and memory of each server process.
//
// For each RPC in turn (GetMission, SearchMissions, RankVolunteers, Apply, RegisterVolunteer),
// a closed-loop async client (bench/unary_load.h) keeps a fixed number of calls in flight
// against the running servers for a fixed time, with requests made from ids read in the
// database and bearer tokens minted with the development key. Only calls that return OK with a
// response that fits their request count toward throughput and latency; the others are counted
// by gRPC status code, the first one is printed, and the exit status is 1. Over each measured
// window, the server processes named by --server_pids are sampled from /proc: CPU used (utime +
// stime, as a percentage of one core) and resident memory (VmRSS now, VmHWM peak).
//
// bench/README.md ("load") says how to seed the database and start the servers.
#include <sys/types.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "bench/load/process_stats.h"
#include "bench/load/seeded_dataset.h"
#include "bench/load/workloads.h"
#include "bench/unary_load.h"

ABSL_FLAG(std::string, database_url, "",
          "libpq URL of the seeded database the servers use (default: $RENFORT_DATABASE_URL); "
          "read for ids only, before the load starts.");
ABSL_FLAG(std::string, signing_key, "",
          "Private PEM key the servers trust, to mint tokens (default: $RENFORT_DEV_SIGNING_KEY, "
          "e.g. build/dev-keys/renfort-dev.private.pem).");
ABSL_FLAG(std::string, address, "127.0.0.1:50051",
          "host:port of the all-in-one renfort server; the per-service flags override it.");
ABSL_FLAG(std::string, missions_address, "", "host:port of renfort-missions (default: --address).");
ABSL_FLAG(std::string, volunteers_address, "",
          "host:port of renfort-volunteers (default: --address).");
ABSL_FLAG(std::string, matching_address, "", "host:port of renfort-matching (default: --address).");
ABSL_FLAG(std::string, server_pids, "",
          "Server processes to sample over each window, as name=pid pairs, comma-separated "
          "(e.g. renfort=1234, or missions=1,volunteers=2,matching=3); name=pid+ sums the "
          "process and its children (postgres=PID_OF_POSTMASTER+).");
ABSL_FLAG(std::string, rpcs, "GetMission,SearchMissions,RankVolunteers,Apply,RegisterVolunteer",
          "RPCs to measure, in this order, comma-separated.");
ABSL_FLAG(double, seconds, 10.0, "Measured duration per RPC, in seconds.");
ABSL_FLAG(double, warmup_seconds, 2.0, "Load applied before measuring each RPC; not counted.");
ABSL_FLAG(int, in_flight, 64, "Calls kept in flight at all times, across all channels.");
ABSL_FLAG(int, channels, 4, "Client channels (TCP connections), each with its own thread.");
ABSL_FLAG(int, apply_pairs, 10000,
          "Single-use (mission, volunteer) pairs read for Apply, each with a token minted "
          "before the load (about 2 ms each here); the run fails with OUT_OF_REQUESTS if "
          "they run out.");
ABSL_FLAG(uint64_t, seed, 42, "Sample seed: which missions and volunteers the requests name.");

namespace renfort::bench {
namespace {

struct NamedProcess {
  std::string name;
  pid_t pid;
  bool with_children;  // "name=pid+": the process and its direct children, summed
};

// The published targets (issue "Proof under load"), for the two RPCs that have one.
struct Target {
  double calls_per_second;
  double p99_ms;
};
const std::map<std::string, Target>& Targets() {
  static const auto* const targets = new std::map<std::string, Target>{
      {"RankVolunteers", {30000, 5}}, {"GetMission", {10000, 10}}};
  return *targets;
}

std::string LoadAverage() {
  std::ifstream file("/proc/loadavg");
  std::string one, five, fifteen;
  file >> one >> five >> fifteen;
  return absl::StrCat(one, " ", five, " ", fifteen);
}

absl::StatusOr<std::vector<NamedProcess>> ParseServerPids(const std::string& flag) {
  std::vector<NamedProcess> processes;
  for (absl::string_view item : absl::StrSplit(flag, ',', absl::SkipEmpty())) {
    const std::vector<absl::string_view> parts = absl::StrSplit(item, '=');
    absl::string_view pid_text = parts.size() == 2 ? parts[1] : absl::string_view();
    const bool with_children = absl::ConsumeSuffix(&pid_text, "+");
    int pid = 0;
    if (parts.size() != 2 || parts[0].empty() || !absl::SimpleAtoi(pid_text, &pid) || pid <= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("--server_pids: expected name=pid or name=pid+ items, got '", item, "'"));
    }
    processes.push_back({std::string(parts[0]), pid, with_children});
  }
  return processes;
}

std::string EnvOr(const std::string& flag, const char* variable) {
  if (!flag.empty()) return flag;
  const char* value = std::getenv(variable);
  return value == nullptr ? std::string() : std::string(value);
}

std::string AddressOf(Server server) {
  const std::string fallback = absl::GetFlag(FLAGS_address);
  std::string specific;
  switch (server) {
    case Server::kMissions: specific = absl::GetFlag(FLAGS_missions_address); break;
    case Server::kVolunteers: specific = absl::GetFlag(FLAGS_volunteers_address); break;
    case Server::kMatching: specific = absl::GetFlag(FLAGS_matching_address); break;
  }
  return specific.empty() ? fallback : specific;
}

// Samples every process when the window opens and when it closes.
class ProcessWatch {
 public:
  explicit ProcessWatch(const std::vector<NamedProcess>& processes) : processes_(processes) {}

  void Open() { Sample(before_); }
  void Close() { Sample(after_); }

  // `ok_calls`: the calls that succeeded in the window, to divide CPU time by. On a shared
  // machine CPU per call is the steadier figure: it does not count time spent waiting for a core.
  void Print(int64_t ok_calls) {
    absl::MutexLock lock(&mutex_);
    for (const NamedProcess& process : processes_) {
      const auto before = before_.find(process.name);
      const auto after = after_.find(process.name);
      if (before == before_.end() || after == after_.end()) {
        std::printf("    %-12s pid %-7d not sampled (process gone?)\n", process.name.c_str(),
                    static_cast<int>(process.pid));
        continue;
      }
      const double cpu_ms = absl::ToDoubleMilliseconds(after->second.cpu - before->second.cpu);
      std::printf(
          "    %-12s pid %-7d cpu %6.1f%% (%6.3f ms/call)  rss %7.1f MiB  peak rss %7.1f MiB\n",
          process.name.c_str(), static_cast<int>(process.pid),
          CpuPercent(before->second, after->second),
          ok_calls > 0 ? cpu_ms / static_cast<double>(ok_calls) : 0.0,
                  static_cast<double>(after->second.rss_kib) / 1024,
                  static_cast<double>(after->second.peak_rss_kib) / 1024);
    }
  }

 private:
  void Sample(std::map<std::string, ProcessSample>& into) {
    absl::MutexLock lock(&mutex_);
    into.clear();
    for (const NamedProcess& process : processes_) {
      absl::StatusOr<ProcessSample> sample = process.with_children
                                                 ? SampleProcessWithChildren(process.pid)
                                                 : SampleProcess(process.pid);
      if (sample.ok()) into[process.name] = *sample;
    }
  }

  const std::vector<NamedProcess> processes_;
  absl::Mutex mutex_;
  std::map<std::string, ProcessSample> before_ ABSL_GUARDED_BY(mutex_);
  std::map<std::string, ProcessSample> after_ ABSL_GUARDED_BY(mutex_);
};

void PrintRow(const std::string& rpc, const LoadResult& load, const std::string& load_average) {
  std::printf("%-18s %9.0f %8.2f %8.2f %8.2f %8lld   %s\n", rpc.c_str(), load.CallsPerSecond(),
              load.LatencyMicros(0.5) / 1000, load.LatencyMicros(0.99) / 1000,
              load.LatencyMicros(0.999) / 1000, static_cast<long long>(load.failed_calls),
              load_average.c_str());
  if (load.failed_calls > 0) {
    std::vector<std::string> kinds;
    for (const auto& [kind, count] : load.failures_by_kind) {
      kinds.push_back(absl::StrCat(kind, " ", count));
    }
    std::printf("    errors by code: %s\n    first error: %s\n",
                absl::StrJoin(kinds, ", ").c_str(), load.first_error.c_str());
  }
  const auto target = Targets().find(rpc);
  if (target != Targets().end()) {
    const bool met = load.failed_calls == 0 &&
                     load.CallsPerSecond() >= target->second.calls_per_second &&
                     load.LatencyMicros(0.99) / 1000 <= target->second.p99_ms;
    std::printf("    target >= %.0f calls/s with p99 <= %.0f ms: %s\n",
                target->second.calls_per_second, target->second.p99_ms, met ? "met" : "MISSED");
  }
}

int Run() {
  const std::string database_url = EnvOr(absl::GetFlag(FLAGS_database_url), "RENFORT_DATABASE_URL");
  const std::string key_file = EnvOr(absl::GetFlag(FLAGS_signing_key), "RENFORT_DEV_SIGNING_KEY");
  if (database_url.empty() || key_file.empty()) {
    std::fprintf(stderr, "load_bench: --database_url and --signing_key are required\n");
    return 2;
  }
  LoadOptions options;
  options.measure = absl::Seconds(absl::GetFlag(FLAGS_seconds));
  options.warmup = absl::Seconds(absl::GetFlag(FLAGS_warmup_seconds));
  options.calls_in_flight = absl::GetFlag(FLAGS_in_flight);
  options.channels = absl::GetFlag(FLAGS_channels);
  absl::StatusOr<std::vector<NamedProcess>> processes =
      ParseServerPids(absl::GetFlag(FLAGS_server_pids));
  absl::Status valid = processes.ok() ? ValidateLoadOptions(options) : processes.status();
  // The client shares the cores with the servers: what it uses is shown beside theirs.
  if (processes.ok()) processes->push_back({"load_bench", getpid(), false});
  const std::vector<std::string> rpcs =
      absl::StrSplit(absl::GetFlag(FLAGS_rpcs), ',', absl::SkipEmpty());
  if (!valid.ok()) {
    std::fprintf(stderr, "load_bench: %s\n", valid.ToString().c_str());
    return 2;
  }
  absl::StatusOr<TokenMinter> minter = TokenMinter::FromPrivateKeyFile(key_file);
  if (!minter.ok()) {
    std::fprintf(stderr, "load_bench: --signing_key: %s\n", minter.status().ToString().c_str());
    return 2;
  }

  DatasetSizes sizes;
  sizes.apply_pairs = absl::GetFlag(FLAGS_apply_pairs);
  sizes.seed = absl::GetFlag(FLAGS_seed);
  std::printf("load_bench: reading ids from the database and minting tokens...\n");
  std::fflush(stdout);
  absl::StatusOr<SeededDataset> read = ReadSeededDataset(database_url, sizes);
  if (!read.ok()) {
    std::fprintf(stderr, "load_bench: %s\n", read.status().ToString().c_str());
    return 1;
  }
  auto dataset = std::make_shared<const SeededDataset>(*std::move(read));
  const std::string run_tag = absl::StrCat(absl::ToUnixSeconds(absl::Now()));

  std::printf(
      "load_bench: %lld active volunteers in the database; requests drawn from %zu published\n"
      "missions, %zu volunteers, %zu communes, %zu apply pairs. %d calls in flight on %d\n"
      "channels, %.1f s measured per RPC after %.1f s warm-up; %u cores, client on the same "
      "machine.\n\n",
      static_cast<long long>(dataset->volunteer_total), dataset->missions.size(),
      dataset->volunteers.size(), dataset->commune_codes.size(), dataset->apply_pairs.size(),
      options.calls_in_flight, options.channels, absl::ToDoubleSeconds(options.measure),
      absl::ToDoubleSeconds(options.warmup), std::thread::hardware_concurrency());
  std::printf("%-18s %9s %8s %8s %8s %8s   %s\n", "rpc", "calls/s", "p50 ms", "p99 ms",
              "p999 ms", "errors", "load average (1 5 15 min) at the end");
  std::fflush(stdout);

  int64_t failed = 0;
  for (const std::string& rpc : rpcs) {
    absl::StatusOr<Workload> workload = MakeWorkload(rpc, dataset, *minter, run_tag);
    if (!workload.ok()) {
      std::fprintf(stderr, "load_bench: %s\n", workload.status().ToString().c_str());
      return 2;
    }
    ProcessWatch watch(*processes);
    options.on_window_open = [&watch] { watch.Open(); };
    options.on_window_close = [&watch] { watch.Close(); };
    absl::StatusOr<LoadResult> load =
        RunClosedLoopLoad(AddressOf(workload->server), options, workload->calls);
    if (!load.ok()) {
      std::fprintf(stderr, "load_bench: %s: %s\n", rpc.c_str(), load.status().ToString().c_str());
      return 1;
    }
    PrintRow(rpc, *load, LoadAverage());
    watch.Print(load->ok_calls());
    std::fflush(stdout);
    failed += load->failed_calls;
  }
  if (failed > 0) {
    std::printf("\n%lld calls failed: the figures above are not valid.\n",
                static_cast<long long>(failed));
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace renfort::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Measures renfort's RPCs under closed-loop load over loopback (bench/README.md, load).");
  absl::ParseCommandLine(argc, argv);
  return renfort::bench::Run();
}
