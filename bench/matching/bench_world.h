#ifndef RENFORT_BENCH_MATCHING_BENCH_WORLD_H_
#define RENFORT_BENCH_MATCHING_BENCH_WORLD_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "matching/engine.h"
#include "tools/datagen/world.h"

namespace renfort::bench {

// A generated world loaded into a matching engine, with the samples the benchmarks query.
struct BenchWorld {
  explicit BenchWorld(datagen::World w) : world(std::move(w)) {}

  datagen::World world;
  std::unique_ptr<matching::MatchingEngine> engine;

  // Indexes (World::Mission(i)) of rankable missions (PUBLISHED, places left) by kind.
  std::vector<int64_t> paris_missions;   // in person or hybrid, first address in Paris (75)
  std::vector<int64_t> lozere_missions;  // in person or hybrid, in Lozère (48)
  std::vector<int64_t> remote_missions;
  std::vector<int64_t> idf_missions;     // in person, in Paris and its inner ring (75, 92–94)
  // Indexes (World::Volunteer(i)) of ACTIVE volunteers spread over the whole population, and
  // of ACTIVE in-person ones living in Paris or its inner ring.
  std::vector<int64_t> recommend_volunteers;
  std::vector<int64_t> idf_volunteers;

  // Time spent in UpsertVolunteers / UpsertMission (generation excluded) and in Compact().
  double volunteer_upsert_seconds = 0;
  double mission_upsert_seconds = 0;
  double compact_seconds = 0;
  // The same on the CPU clocks of the loading threads, summed (what the work costs on one
  // core, whatever the load and however many threads loaded).
  double volunteer_upsert_cpu_seconds = 0;
  int build_threads = 1;
  double compact_cpu_seconds = 0;
  double generation_seconds = 0;
};

// Generates the world and feeds the engine as a snapshot load does: volunteers in batches
// (MatchingEngine::UpsertVolunteers), each chunk of the generator split between
// `build_threads` threads that compile their batches in parallel and insert them in turn;
// missions one by one; then compacts.
absl::StatusOr<std::unique_ptr<BenchWorld>> BuildBenchWorld(const datagen::WorldSpec& spec,
                                                            const std::string& communes_csv,
                                                            int build_threads);

}  // namespace renfort::bench

#endif  // RENFORT_BENCH_MATCHING_BENCH_WORLD_H_
