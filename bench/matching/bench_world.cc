#include "bench/matching/bench_world.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "absl/types/span.h"

#include "bench/matching/latency.h"

namespace renfort::bench {
namespace {

constexpr size_t kChunk = 1 << 16;
constexpr size_t kRecommendSample = 4000;
constexpr size_t kIdfVolunteers = 4000;

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool InnerIleDeFrance(const std::string& department) {
  return department == "75" || department == "92" || department == "93" || department == "94";
}

// Upserts `volunteers` as one batch; adds the calling thread's CPU time to `cpu_nanos`.
absl::Status UpsertBatch(matching::MatchingEngine& engine,
                         absl::Span<const datagen::GeneratedVolunteer> volunteers, absl::Time now,
                         int64_t& cpu_nanos) {
  const int64_t start = ThreadCpuNanos();
  std::vector<const renfort::v1::Volunteer*> protos;
  std::vector<matching::VolunteerActivity> activities;
  protos.reserve(volunteers.size());
  activities.reserve(volunteers.size());
  for (const datagen::GeneratedVolunteer& v : volunteers) {
    protos.push_back(&v.volunteer);
    activities.push_back(v.activity);
  }
  absl::Status status = engine.UpsertVolunteers(protos, activities, now);
  cpu_nanos += ThreadCpuNanos() - start;
  return status;
}

}  // namespace

absl::StatusOr<std::unique_ptr<BenchWorld>> BuildBenchWorld(const datagen::WorldSpec& spec,
                                                            const std::string& communes_csv,
                                                            int build_threads) {
  absl::StatusOr<datagen::World> world = datagen::World::Create(spec, communes_csv);
  if (!world.ok()) return world.status();
  auto bench = std::make_unique<BenchWorld>(*std::move(world));
  bench->build_threads = std::max(1, build_threads);
  absl::StatusOr<matching::SkillVocabulary> skills =
      matching::SkillVocabulary::Create(datagen::World::SkillSlugs());
  if (!skills.ok()) return skills.status();
  absl::TimeZone paris;
  if (!absl::LoadTimeZone("Europe/Paris", &paris)) {
    return absl::FailedPreconditionError("time zone Europe/Paris: tzdata is not installed");
  }
  absl::StatusOr<std::unique_ptr<matching::MatchingEngine>> engine =
      matching::MatchingEngine::Create(*skills, matching::DepartmentZones(paris),
                                       matching::ScoringWeights{});
  if (!engine.ok()) return engine.status();
  bench->engine = *std::move(engine);
  const absl::Time now = spec.now;

  const int64_t stride = std::max<int64_t>(1, spec.volunteers / kRecommendSample);
  std::vector<datagen::GeneratedVolunteer> chunk;
  for (int64_t first = 0; first < spec.volunteers; first += kChunk) {
    const int64_t last = std::min<int64_t>(spec.volunteers, first + kChunk);
    auto generation = std::chrono::steady_clock::now();
    chunk.clear();
    for (int64_t i = first; i < last; ++i) chunk.push_back(bench->world.Volunteer(i));
    bench->generation_seconds += SecondsSince(generation);

    auto upserts = std::chrono::steady_clock::now();
    // One part of the chunk per thread; the first on this thread.
    const size_t parts = static_cast<size_t>(bench->build_threads);
    const size_t per_part = (chunk.size() + parts - 1) / parts;
    std::vector<absl::Status> statuses(parts);
    std::vector<int64_t> cpu_nanos(parts, 0);
    auto load_part = [&](size_t part) {
      const size_t first_of_part = std::min(chunk.size(), part * per_part);
      const size_t size = std::min(chunk.size() - first_of_part, per_part);
      statuses[part] = UpsertBatch(*bench->engine,
                                   absl::MakeConstSpan(chunk).subspan(first_of_part, size), now,
                                   cpu_nanos[part]);
    };
    std::vector<std::thread> helpers;
    for (size_t part = 1; part < parts; ++part) helpers.emplace_back(load_part, part);
    load_part(0);
    for (std::thread& helper : helpers) helper.join();
    bench->volunteer_upsert_seconds += SecondsSince(upserts);
    for (size_t part = 0; part < parts; ++part) {
      if (!statuses[part].ok()) return statuses[part];
      bench->volunteer_upsert_cpu_seconds += cpu_nanos[part] / 1e9;
    }

    for (int64_t i = first; i < last; ++i) {
      const renfort::v1::Volunteer& v = chunk[i - first].volunteer;
      if (v.status() != renfort::v1::VOLUNTEER_STATUS_ACTIVE) continue;
      if (i % stride == 0 && bench->recommend_volunteers.size() < kRecommendSample) {
        bench->recommend_volunteers.push_back(i);
      }
      if (v.accepts_in_person() && InnerIleDeFrance(v.home_commune().department_code()) &&
          bench->idf_volunteers.size() < kIdfVolunteers) {
        bench->idf_volunteers.push_back(i);
      }
    }
  }

  for (int64_t i = 0; i < spec.missions; ++i) {
    auto generation = std::chrono::steady_clock::now();
    const renfort::v1::Mission m = bench->world.Mission(i);
    bench->generation_seconds += SecondsSince(generation);
    auto upsert = std::chrono::steady_clock::now();
    if (absl::Status status = bench->engine->UpsertMission(m, now); !status.ok()) return status;
    bench->mission_upsert_seconds += SecondsSince(upsert);
    if (m.status() != renfort::v1::MISSION_STATUS_PUBLISHED || m.places_held() >= m.places()) {
      continue;
    }
    if (m.format() == renfort::v1::FORMAT_REMOTE) {
      bench->remote_missions.push_back(i);
    } else if (m.department_code() == "75") {
      bench->paris_missions.push_back(i);
    } else if (m.department_code() == "48") {
      bench->lozere_missions.push_back(i);
    }
    if (m.format() == renfort::v1::FORMAT_IN_PERSON && InnerIleDeFrance(m.department_code())) {
      bench->idf_missions.push_back(i);
    }
  }

  auto compact = std::chrono::steady_clock::now();
  const int64_t compact_cpu = ThreadCpuNanos();
  bench->engine->Compact();
  bench->compact_seconds = SecondsSince(compact);
  bench->compact_cpu_seconds = (ThreadCpuNanos() - compact_cpu) / 1e9;
  return bench;
}

}  // namespace renfort::bench
