#ifndef RENFORT_BENCH_MATCHING_SQL_BASELINE_H_
#define RENFORT_BENCH_MATCHING_SQL_BASELINE_H_

#include <memory>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/status/statusor.h"
#include "renfort/v1/matching_service.pb.h"
#include "tools/datagen/world.h"

namespace renfort::bench {

enum class MissionKind { kParis = 0, kLozere = 1, kRemote = 2 };

struct SqlRanked {
  std::string volunteer_id;
  double score = 0;
};

// The engine's ranking as ONE PostgreSQL query over the real schema (storage/migrations):
// every hard rule in WHERE, the same weighted score in SQL, ORDER BY score DESC, id LIMIT k.
// Connect loads the generated world once (COPY through pqxx::stream_to) and reuses it while
// the database holds the same seed and sizes.
class SqlBaseline {
 public:
  static absl::StatusOr<std::unique_ptr<SqlBaseline>> Connect(const std::string& url,
                                                             const datagen::World& world,
                                                             const std::string& communes_csv);
  // The top `k` volunteers for the mission, as RankVolunteers would rank them.
  absl::StatusOr<std::vector<SqlRanked>> Rank(const std::string& mission_id, int k);
  std::string LoadSummary() const { return load_summary_; }

 private:
  SqlBaseline(std::unique_ptr<pqxx::connection> connection, const datagen::World& world)
      : connection_(std::move(connection)), world_(world) {}
  absl::Status LoadIfNeeded(const std::string& communes_csv);
  absl::Status CreateIndexes();
  absl::Status Prepare();

  std::unique_ptr<pqxx::connection> connection_;
  const datagen::World& world_;
  std::string load_summary_;
};

// Compares the engine's answers with SQL's. Scores are doubles computed by two programs: the
// engine and PostgreSQL evaluate the same formulas in the same order on the same (float-
// rounded) coordinates, but pow() and exp2() may differ in the last bit, so scores are
// compared with a tolerance and two lists also count as equal when they differ only in the
// order or choice of candidates whose scores are within that tolerance (a tie for one, not for
// the other).
struct SqlComparison {
  static constexpr double kTolerance = 1e-9;
  int compared = 0;
  int identical = 0;        // same ids in the same order, scores within the tolerance
  int equal_up_to_ties = 0;  // differences only among scores within the tolerance
  double max_score_difference = 0;
  std::string first_mismatch;

  void Compare(const renfort::v1::RankVolunteersResponse& engine,
               const std::vector<SqlRanked>& sql);
  std::string Details() const;
};

}  // namespace renfort::bench

#endif  // RENFORT_BENCH_MATCHING_SQL_BASELINE_H_
