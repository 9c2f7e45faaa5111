// The matching engine on a realistic generated France (tools/datagen): index build, ranking,
// recommendation, event staffing and incremental updates, and, with --database_url, the same
// ranking as one PostgreSQL query side by side. Built by scripts/build, run by hand (see
// bench/README.md):
//   build/bench/matching/matching_bench                       # 1,000,000 volunteers
//   build/bench/matching/matching_bench --volunteers=5000000  # how cost grows
//   build/bench/matching/matching_bench --database_url=postgresql://...   # + SQL baseline
#include <cstdio>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "bench/matching/bench_world.h"
#include "bench/matching/latency.h"
#include "bench/matching/sql_baseline.h"
#include "benchmark/benchmark.h"

ABSL_FLAG(int64_t, volunteers, 1000000, "Generated volunteers.");
ABSL_FLAG(int64_t, missions, 100000, "Generated missions.");
ABSL_FLAG(uint64_t, seed, 1, "Generator seed.");
ABSL_FLAG(std::string, communes_csv, RENFORT_BENCH_COMMUNES_CSV, "data/communes.csv.");
ABSL_FLAG(int, calls, 2000, "Calls per latency benchmark (missions or volunteers cycled).");
ABSL_FLAG(std::string, database_url, "",
          "PostgreSQL URL (scripts/stack start bench prints one): runs the SQL baseline too.");
ABSL_FLAG(int, slowest, 0,
          "Prints the N slowest calls (CPU time) of each ranking benchmark with what they asked.");
ABSL_FLAG(int, build_threads, 2,
          "Threads loading the volunteers (each compiles its batches; inserts take turns).");
ABSL_FLAG(int, sql_calls, 5, "Queries per SQL baseline benchmark (each takes seconds at 1M).");

namespace renfort::bench {
namespace {

BenchWorld* g_world = nullptr;
std::unique_ptr<SqlBaseline> g_sql;

// Per-kind engine results, kept for the comparison with SQL.
struct EngineRun {
  double p50_us = 0;
  double p99_us = 0;
  double cpu_p50_us = 0;
  double cpu_p99_us = 0;
};
EngineRun g_engine_runs[3];

const char* KindName(MissionKind kind) {
  switch (kind) {
    case MissionKind::kParis: return "in person, Paris (dense)";
    case MissionKind::kLozere: return "in person, Lozère (sparse)";
    case MissionKind::kRemote: return "remote";
  }
  return "";
}

std::string DescribeMission(int64_t index) {
  const renfort::v1::Mission m = g_world->world.Mission(index);
  const renfort::v1::Schedule& schedule = m.schedule();
  return absl::StrFormat(
      "mission %lld: %s, dept %s, %d address(es), %d required skill(s) [%s], domain %d/%d, "
      "%s %d slot(s), minors %s",
      static_cast<long long>(index), renfort::v1::Format_Name(m.format()), m.department_code(),
      m.addresses_size(), m.required_skills_size(), absl::StrJoin(m.required_skills(), ","),
      m.domain(), m.secondary_domain(),
      schedule.kind() == renfort::v1::SCHEDULE_KIND_RECURRING ? "weekly" : "dated",
      schedule.weekly_slots_size() + schedule.dated_slots_size(), m.open_to_minors() ? "yes" : "no");
}

std::string DescribeVolunteer(int64_t index) {
  const renfort::v1::Volunteer v = g_world->world.Volunteer(index).volunteer;
  return absl::StrFormat(
      "volunteer %lld: dept %s, in person %s (%d km), remote %s, %d domain(s), %d skill(s), "
      "%d weekly slot(s)",
      static_cast<long long>(index), v.home_commune().department_code(),
      v.accepts_in_person() ? "yes" : "no", v.max_travel_km(), v.accepts_remote() ? "yes" : "no",
      v.domains_size(), v.skills_size(), v.availability().weekly_slots_size());
}

// The slowest calls of a benchmark, for finding what costs at p99 (--slowest).
template <typename Describe>
void ReportSlowest(const Latencies& latencies, const std::vector<int64_t>& asked,
                   const std::vector<int>& returned, Describe describe) {
  const int n = absl::GetFlag(FLAGS_slowest);
  if (n <= 0) return;
  for (size_t call : latencies.SlowestCpu(n)) {
    AddSummaryLine(absl::StrFormat("    %8.1f us cpu, %3d returned: %s",
                                   latencies.cpu_nanos(call) / 1000.0, returned[call],
                                   describe(asked[call])));
  }
}

const std::vector<int64_t>& MissionsOf(MissionKind kind) {
  switch (kind) {
    case MissionKind::kParis: return g_world->paris_missions;
    case MissionKind::kLozere: return g_world->lozere_missions;
    case MissionKind::kRemote: return g_world->remote_missions;
  }
  return g_world->remote_missions;
}

void BM_RankVolunteers(benchmark::State& state, MissionKind kind) {
  const std::vector<int64_t>& missions = MissionsOf(kind);
  if (missions.empty()) {
    state.SkipWithError("no mission of this kind in the generated world");
    return;
  }
  Latencies latencies;
  size_t next = 0, returned = 0;
  std::vector<int64_t> asked;
  std::vector<int> returned_by_call;
  renfort::v1::RankVolunteersRequest request;
  request.set_limit(50);
  for (auto _ : state) {
    asked.push_back(missions[next++ % missions.size()]);
    request.set_mission_id(g_world->world.MissionId(asked.back()));
    auto response = Timed(latencies, [&] {
      return g_world->engine->RankVolunteers(request, g_world->world.spec().now);
    });
    if (!response.ok()) {
      state.SkipWithError(response.status().ToString().c_str());
      return;
    }
    returned += response->volunteers_size();
    returned_by_call.push_back(response->volunteers_size());
    benchmark::DoNotOptimize(response);
  }
  state.counters["avg_returned"] = static_cast<double>(returned) / state.iterations();
  EngineRun& run = g_engine_runs[static_cast<int>(kind)];
  run.p50_us = latencies.QuantileMicros(0.5);
  run.p99_us = latencies.QuantileMicros(0.99);
  run.cpu_p50_us = latencies.CpuQuantileMicros(0.5);
  run.cpu_p99_us = latencies.CpuQuantileMicros(0.99);
  latencies.Report(state, absl::StrFormat("RankVolunteers top 50, %s (%zu missions)",
                                          KindName(kind), missions.size()));
  ReportSlowest(latencies, asked, returned_by_call, DescribeMission);
}

void BM_RecommendMissions(benchmark::State& state) {
  const std::vector<int64_t>& volunteers = g_world->recommend_volunteers;
  Latencies latencies;
  size_t next = 0, returned = 0;
  std::vector<int64_t> asked;
  std::vector<int> returned_by_call;
  renfort::v1::RecommendMissionsRequest request;
  request.set_limit(20);
  for (auto _ : state) {
    asked.push_back(volunteers[next++ % volunteers.size()]);
    request.set_volunteer_id(g_world->world.VolunteerId(asked.back()));
    auto response = Timed(latencies, [&] {
      return g_world->engine->RecommendMissions(request, g_world->world.spec().now);
    });
    if (!response.ok()) {
      state.SkipWithError(response.status().ToString().c_str());
      return;
    }
    returned += response->missions_size();
    returned_by_call.push_back(response->missions_size());
  }
  state.counters["avg_returned"] = static_cast<double>(returned) / state.iterations();
  latencies.Report(state, "RecommendMissions top 20 (active volunteers)");
  ReportSlowest(latencies, asked, returned_by_call, DescribeVolunteer);
}

// A food-bank drive: 500 in-person missions of Paris and its inner ring, 4,000 volunteers
// of the same area who signed up, each assigned at most once.
void BM_StaffEvent(benchmark::State& state) {
  renfort::v1::StaffEventRequest request;
  for (size_t i = 0; i < 500 && i < g_world->idf_missions.size(); ++i) {
    request.add_mission_ids(g_world->world.MissionId(g_world->idf_missions[i]));
  }
  for (int64_t v : g_world->idf_volunteers) request.add_volunteer_ids(g_world->world.VolunteerId(v));
  request.set_dry_run(true);
  Latencies latencies;
  renfort::v1::StaffEventResponse last;
  for (auto _ : state) {
    auto response = Timed(latencies, [&] {
      return g_world->engine->StaffEvent(request, g_world->world.spec().now);
    });
    if (!response.ok()) {
      state.SkipWithError(response.status().ToString().c_str());
      return;
    }
    last = *std::move(response);
  }
  state.counters["exact_total"] = last.total_score();
  state.counters["greedy_total"] = last.greedy_total_score();
  state.counters["assigned"] = last.assignments_size();
  latencies.Report(state, absl::StrFormat("StaffEvent %d missions x %d volunteers",
                                          request.mission_ids_size(),
                                          request.volunteer_ids_size()));
  AddSummaryLine(absl::StrFormat(
      "  StaffEvent totals: exact %.4f (%d assignments), greedy %.4f (%d assignments), "
      "gain %.2f %%",
      last.total_score(), last.assignments_size(), last.greedy_total_score(),
      last.greedy_assignment_count(),
      100.0 * (last.total_score() - last.greedy_total_score()) /
          std::max(1e-9, last.greedy_total_score())));
}

// An availability change of one volunteer: the delta the event stream applies.
void BM_UpsertVolunteer(benchmark::State& state) {
  Latencies latencies;
  int64_t next = 0;
  const int64_t count = g_world->world.spec().volunteers;
  for (auto _ : state) {
    state.PauseTiming();
    datagen::GeneratedVolunteer v = g_world->world.Volunteer((next++ * 7919) % count);
    renfort::v1::WeeklySlot& slot = *v.volunteer.mutable_availability()->add_weekly_slots();
    slot.set_weekday(renfort::v1::WEEKDAY_SUNDAY);
    slot.set_start_minute(21 * 60);
    slot.set_end_minute(22 * 60);
    state.ResumeTiming();
    absl::Status status = Timed(latencies, [&] {
      return g_world->engine->UpsertVolunteer(v.volunteer, v.activity, g_world->world.spec().now);
    });
    if (!status.ok()) {
      state.SkipWithError(status.ToString().c_str());
      return;
    }
  }
  latencies.Report(state, "UpsertVolunteer (existing, changed slots)");
}

void BM_RemoveAndReinsertVolunteer(benchmark::State& state) {
  Latencies remove_latencies, insert_latencies;
  int64_t next = 0;
  const int64_t count = g_world->world.spec().volunteers;
  for (auto _ : state) {
    const datagen::GeneratedVolunteer v = g_world->world.Volunteer((next++ * 104729) % count);
    absl::Status removed = Timed(remove_latencies, [&] {
      return g_world->engine->RemoveVolunteer(v.volunteer.id());
    });
    absl::Status inserted = Timed(insert_latencies, [&] {
      return g_world->engine->UpsertVolunteer(v.volunteer, v.activity, g_world->world.spec().now);
    });
    if (!removed.ok() || !inserted.ok()) {
      state.SkipWithError("remove or insert failed");
      return;
    }
  }
  remove_latencies.Report(state, "RemoveVolunteer");
  insert_latencies.Report(state, "UpsertVolunteer (new)");
}

void BM_SqlRankVolunteers(benchmark::State& state, MissionKind kind) {
  const std::vector<int64_t>& missions = MissionsOf(kind);
  Latencies latencies;
  SqlComparison comparison;
  size_t next = 0;
  renfort::v1::RankVolunteersRequest request;
  request.set_limit(50);
  for (auto _ : state) {
    const std::string mission_id = g_world->world.MissionId(missions[next++ % missions.size()]);
    absl::StatusOr<std::vector<SqlRanked>> sql =
        Timed(latencies, [&] { return g_sql->Rank(mission_id, 50); });
    if (!sql.ok()) {
      state.SkipWithError(sql.status().ToString().c_str());
      return;
    }
    state.PauseTiming();
    request.set_mission_id(mission_id);
    auto engine = g_world->engine->RankVolunteers(request, g_world->world.spec().now);
    if (engine.ok()) comparison.Compare(*engine, *sql);
    state.ResumeTiming();
  }
  const EngineRun& run = g_engine_runs[static_cast<int>(kind)];
  latencies.Report(state, absl::StrFormat("SQL one query top 50, %s", KindName(kind)));
  const double sql_p50 = latencies.QuantileMicros(0.5), sql_p99 = latencies.QuantileMicros(0.99);
  state.counters["ratio_p50"] = run.p50_us > 0 ? sql_p50 / run.p50_us : 0;
  state.counters["same_top_k"] = comparison.identical;
  state.counters["compared"] = comparison.compared;
  AddSummaryLine(absl::StrFormat(
      "  SQL / engine, %s: p50 %.0fx, p99 %.0fx; identical top 50 in %d of %d queries%s",
      KindName(kind), run.p50_us > 0 ? sql_p50 / run.p50_us : 0,
      run.p99_us > 0 ? sql_p99 / run.p99_us : 0, comparison.identical, comparison.compared,
      comparison.Details().c_str()));
}

void PrintBuild() {
  const matching::IndexStats stats = g_world->engine->Stats();
  const double build = g_world->volunteer_upsert_seconds + g_world->compact_seconds;
  AddSummaryLine(absl::StrFormat(
      "Index build: %lld volunteers upserted on %d thread(s) in %.2f s + Compact %.2f s = "
      "%.2f s wall (%.2f s CPU, all threads; %.2f us per upsert); %lld missions in %.2f s; "
      "generation (not counted) %.1f s",
      static_cast<long long>(stats.volunteers), g_world->build_threads,
      g_world->volunteer_upsert_seconds,
      g_world->compact_seconds, build,
      g_world->volunteer_upsert_cpu_seconds + g_world->compact_cpu_seconds,
      1e6 * g_world->volunteer_upsert_seconds / stats.volunteers,
      static_cast<long long>(stats.missions), g_world->mission_upsert_seconds,
      g_world->generation_seconds));
  AddSummaryLine(absl::StrFormat(
      "Index size: %.2f bytes per volunteer (%.0f MB), missions %.0f MB",
      static_cast<double>(stats.volunteer_bytes) / stats.volunteers, stats.volunteer_bytes / 1e6,
      stats.mission_bytes / 1e6));
  AddSummaryLine(absl::StrFormat(
      "Samples: %zu Paris, %zu Lozère, %zu remote rankable missions; %zu / %zu IdF missions / "
      "volunteers for StaffEvent",
      g_world->paris_missions.size(), g_world->lozere_missions.size(),
      g_world->remote_missions.size(), g_world->idf_missions.size(),
      g_world->idf_volunteers.size()));
}

}  // namespace
}  // namespace renfort::bench

int main(int argc, char** argv) {
  using namespace renfort::bench;
  benchmark::Initialize(&argc, argv);
  absl::ParseCommandLine(argc, argv);

  renfort::datagen::WorldSpec spec;
  spec.seed = absl::GetFlag(FLAGS_seed);
  spec.volunteers = absl::GetFlag(FLAGS_volunteers);
  spec.missions = absl::GetFlag(FLAGS_missions);
  std::printf("Generating %lld volunteers and %lld missions (seed %llu) into the engine...\n",
              static_cast<long long>(spec.volunteers), static_cast<long long>(spec.missions),
              static_cast<unsigned long long>(spec.seed));
  std::fflush(stdout);
  absl::StatusOr<std::unique_ptr<BenchWorld>> world =
      BuildBenchWorld(spec, absl::GetFlag(FLAGS_communes_csv), absl::GetFlag(FLAGS_build_threads));
  if (!world.ok()) {
    std::fprintf(stderr, "%s\n", world.status().ToString().c_str());
    return 1;
  }
  g_world = world->get();
  PrintBuild();

  const std::string database_url = absl::GetFlag(FLAGS_database_url);
  if (!database_url.empty()) {
    absl::StatusOr<std::unique_ptr<SqlBaseline>> sql =
        SqlBaseline::Connect(database_url, g_world->world, absl::GetFlag(FLAGS_communes_csv));
    if (!sql.ok()) {
      std::fprintf(stderr, "SQL baseline: %s\n", sql.status().ToString().c_str());
      return 1;
    }
    g_sql = *std::move(sql);
    AddSummaryLine(g_sql->LoadSummary());
  }

  const int calls = absl::GetFlag(FLAGS_calls);
  for (MissionKind kind : {MissionKind::kParis, MissionKind::kLozere, MissionKind::kRemote}) {
    benchmark::RegisterBenchmark(absl::StrFormat("RankVolunteers/%s", KindName(kind)).c_str(),
                                 BM_RankVolunteers, kind)
        ->Iterations(calls)
        ->Unit(benchmark::kMicrosecond);
  }
  benchmark::RegisterBenchmark("RecommendMissions", BM_RecommendMissions)
      ->Iterations(calls)
      ->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("StaffEvent/500x4000", BM_StaffEvent)
      ->Iterations(3)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("UpsertVolunteer", BM_UpsertVolunteer)
      ->Iterations(calls)
      ->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("RemoveAndReinsertVolunteer", BM_RemoveAndReinsertVolunteer)
      ->Iterations(calls)
      ->Unit(benchmark::kMicrosecond);
  if (g_sql) {
    for (MissionKind kind : {MissionKind::kParis, MissionKind::kLozere, MissionKind::kRemote}) {
      benchmark::RegisterBenchmark(absl::StrFormat("SqlRankVolunteers/%s", KindName(kind)).c_str(),
                                   BM_SqlRankVolunteers, kind)
          ->Iterations(absl::GetFlag(FLAGS_sql_calls))
          ->Unit(benchmark::kMillisecond);
    }
  }
  benchmark::RunSpecifiedBenchmarks();
  PrintSummary();
  benchmark::Shutdown();
  return 0;
}
