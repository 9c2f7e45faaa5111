// The ids the load benchmark's requests are made of, read from a seeded database, so every call
// names a mission, volunteer or commune that exists and is in the state the call needs.
#ifndef RENFORT_BENCH_LOAD_SEEDED_DATASET_H_
#define RENFORT_BENCH_LOAD_SEEDED_DATASET_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace renfort::bench {

struct PublishedMission {
  std::string id;
  std::string organisation_id;
};

struct VolunteerHome {
  std::string id;
  double latitude = 0;
  double longitude = 0;
};

// A volunteer who may apply to a mission (CheckCanApply of services/missions holds for the
// pair: mission PUBLISHED, volunteer ACTIVE and adult, format accepted) and has no
// participation yet, in any mission.
struct ApplyPair {
  std::string mission_id;
  std::string volunteer_id;
};

struct SeededDataset {
  std::vector<PublishedMission> missions;
  std::vector<VolunteerHome> volunteers;
  // INSEE codes of communes to register new volunteers in.
  std::vector<std::string> commune_codes;
  // Each volunteer appears in one pair at most, so no two pairs can collide.
  std::vector<ApplyPair> apply_pairs;
  int64_t volunteer_total = 0;  // ACTIVE volunteers in the database
};

struct DatasetSizes {
  int missions = 5000;
  int volunteers = 5000;
  int communes = 2000;
  int apply_pairs = 10000;
  uint64_t seed = 42;  // the same seed and database give the same sample
};

// Reads a sample of the seeded database at `database_url`. FAILED_PRECONDITION when it holds no
// published mission or no active volunteer (not seeded); UNAVAILABLE when it cannot connect.
absl::StatusOr<SeededDataset> ReadSeededDataset(const std::string& database_url,
                                                const DatasetSizes& sizes);

}  // namespace renfort::bench

#endif  // RENFORT_BENCH_LOAD_SEEDED_DATASET_H_
