#include "matching/staffing.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "tests/support/status_matchers.h"

namespace renfort::matching {
namespace {

using ::renfort::testing::StatusIs;

// Best total over every assignment, by exhaustive search (volunteer by volunteer: no mission,
// or one of their pairs whose mission still has a place).
double BruteForceBest(const StaffingProblem& problem) {
  std::vector<std::vector<const StaffingProblem::Pair*>> pairs_of(problem.volunteer_count);
  for (const auto& pair : problem.pairs) pairs_of[pair.volunteer].push_back(&pair);
  std::vector<int> places = problem.capacities;
  double best = 0;
  auto search = [&](auto&& self, int volunteer, double total) -> void {
    if (volunteer == problem.volunteer_count) {
      best = std::max(best, total);
      return;
    }
    self(self, volunteer + 1, total);
    for (const StaffingProblem::Pair* pair : pairs_of[volunteer]) {
      if (places[pair->mission] == 0) continue;
      --places[pair->mission];
      self(self, volunteer + 1, total + pair->score);
      ++places[pair->mission];
    }
  };
  search(search, 0, 0);
  return best;
}

void ExpectFeasible(const StaffingProblem& problem, const StaffingSolution& solution) {
  std::vector<int> used(problem.capacities.size(), 0);
  std::vector<int> assignments(problem.volunteer_count, 0);
  double total = 0;
  for (int i : solution.assigned) {
    ++used[problem.pairs[i].mission];
    ++assignments[problem.pairs[i].volunteer];
    total += problem.pairs[i].score;
  }
  for (size_t m = 0; m < used.size(); ++m) EXPECT_LE(used[m], problem.capacities[m]);
  for (int count : assignments) EXPECT_LE(count, 1);
  EXPECT_NEAR(total, solution.total_score, 1e-12);
}

StaffingProblem RandomProblem(std::mt19937_64& rng) {
  std::uniform_int_distribution<int> missions(1, 4), volunteers(1, 7), capacity(0, 3);
  std::uniform_real_distribution<double> score(0, 1);
  StaffingProblem problem;
  problem.capacities.resize(missions(rng));
  for (int& places : problem.capacities) places = capacity(rng);
  problem.volunteer_count = volunteers(rng);
  for (int m = 0; m < static_cast<int>(problem.capacities.size()); ++m) {
    for (int v = 0; v < problem.volunteer_count; ++v) {
      if (score(rng) < 0.6) {
        // Coarse scores make ties, where greedy and optimal choices differ most.
        const double s = score(rng) < 0.3 ? std::round(score(rng) * 4) / 4 : score(rng);
        problem.pairs.push_back({m, v, s});
      }
    }
  }
  return problem;
}

TEST(SolveOptimalStaffing, EqualsTheBruteForceOptimumOnSmallInstances) {
  std::mt19937_64 rng(7);
  int greedy_was_worse = 0;
  for (int instance = 0; instance < 2000; ++instance) {
    const StaffingProblem problem = RandomProblem(rng);
    absl::StatusOr<StaffingSolution> optimal = SolveOptimalStaffing(problem);
    ASSERT_OK(optimal);
    ExpectFeasible(problem, *optimal);
    EXPECT_NEAR(optimal->total_score, BruteForceBest(problem), 1e-7) << "instance " << instance;
    const StaffingSolution greedy = SolveGreedyStaffing(problem);
    ExpectFeasible(problem, greedy);
    EXPECT_LE(greedy.total_score, optimal->total_score + 1e-7);
    greedy_was_worse += greedy.total_score < optimal->total_score - 1e-9;
  }
  EXPECT_GT(greedy_was_worse, 0);  // the instances exercise the difference
}

TEST(SolveOptimalStaffing, BeatsGreedyWhenTheBestPairBlocksTwoGoodOnes) {
  // Volunteer 0 fits both missions; volunteer 1 only mission 0. Greedy takes (m0, v0) = 0.9 and
  // leaves v1 without a mission; the optimum is (m1, v0) + (m0, v1) = 0.8 + 0.7.
  StaffingProblem problem;
  problem.capacities = {1, 1};
  problem.volunteer_count = 2;
  problem.pairs = {{0, 0, 0.9}, {1, 0, 0.8}, {0, 1, 0.7}};
  absl::StatusOr<StaffingSolution> optimal = SolveOptimalStaffing(problem);
  ASSERT_OK(optimal);
  EXPECT_NEAR(optimal->total_score, 1.5, 1e-12);
  EXPECT_NEAR(SolveGreedyStaffing(problem).total_score, 0.9, 1e-12);
}

TEST(SolveOptimalStaffing, RejectsPairsOutsideTheProblem) {
  StaffingProblem problem;
  problem.capacities = {1};
  problem.volunteer_count = 1;
  problem.pairs = {{0, 1, 0.5}};
  EXPECT_THAT(SolveOptimalStaffing(problem), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(SolveOptimalStaffing, HandlesAnEmptyProblem) {
  absl::StatusOr<StaffingSolution> solution = SolveOptimalStaffing(StaffingProblem{});
  ASSERT_OK(solution);
  EXPECT_TRUE(solution->assigned.empty());
}

}  // namespace
}  // namespace renfort::matching
