#ifndef RENFORT_BENCH_SEARCH_MISSION_CORPUS_H_
#define RENFORT_BENCH_SEARCH_MISSION_CORPUS_H_

// Loads a realistic set of published missions into a migrated database, for the SearchMissions
// benchmark: organisations at the most populated communes, missions at communes drawn by
// population (so Paris, Lyon and Marseille get their share), a fifth of them remote, titles and
// descriptions in French with accents, one-off and weekly schedules over the coming year, and
// places partly taken (about one mission in ten full). Deterministic for a given seed.

#include <cstdint>
#include <pqxx/connection>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"

namespace renfort::bench {

// A commune with its weight, as drawn for missions and for search centres.
struct WeightedCommune {
  std::string insee_code;
  std::string department_code;
  double latitude;
  double longitude;
  int64_t population;
};

struct CorpusOptions {
  int missions = 100000;
  int organisations = 3000;
  uint64_t seed = 42;
  absl::CivilDay today;  // schedules start around this day
};

// Communes of the `communes` table with their population (those with none weigh 1).
std::vector<WeightedCommune> ReadCommunes(pqxx::connection& connection);

// Inserts the organisations and missions. Takes a few seconds for 100,000 missions.
absl::Status LoadCorpus(pqxx::connection& connection, const std::vector<WeightedCommune>& communes,
                        const CorpusOptions& options);

}  // namespace renfort::bench

#endif  // RENFORT_BENCH_SEARCH_MISSION_CORPUS_H_
