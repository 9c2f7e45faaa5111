#ifndef RENFORT_TOOLS_DATAGEN_COMMUNES_H_
#define RENFORT_TOOLS_DATAGEN_COMMUNES_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "tools/datagen/random.h"

namespace renfort::datagen {

struct CommuneRow {
  std::string insee_code;
  std::string name;
  std::string department_code;
  double latitude = 0;
  double longitude = 0;
  int population = 0;
};

// The communes of metropolitan France (data/communes.csv) with their population, to place
// people where people live. Overseas communes are left out: they would need their own time
// zone in the SQL baseline, and the benchmarks compare the two rankings exactly.
class CommuneTable {
 public:
  // INVALID_ARGUMENT naming the file and line for a malformed file; NOT_FOUND when absent.
  static absl::StatusOr<CommuneTable> Load(const std::string& csv_path);

  const std::vector<CommuneRow>& rows() const { return rows_; }
  // A commune drawn with probability proportional to its population.
  const CommuneRow& Pick(Rng& rng) const { return rows_[by_population_.Sample(rng)]; }
  // A commune of `department_code` drawn by population (the département must exist).
  const CommuneRow& PickIn(const std::string& department_code, Rng& rng) const;
  const CommuneRow* Find(const std::string& insee_code) const;
  int64_t total_population() const { return total_population_; }

 private:
  std::vector<CommuneRow> rows_;
  Weighted by_population_;
  struct Department {
    std::vector<size_t> rows;
    Weighted by_population;
  };
  absl::flat_hash_map<std::string, Department> departments_;
  absl::flat_hash_map<std::string, size_t> by_code_;
  int64_t total_population_ = 0;
};

}  // namespace renfort::datagen

#endif  // RENFORT_TOOLS_DATAGEN_COMMUNES_H_
