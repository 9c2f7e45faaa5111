#ifndef RENFORT_MATCHING_STAFFING_H_
#define RENFORT_MATCHING_STAFFING_H_

#include <vector>

#include "absl/status/statusor.h"

namespace renfort::matching {

// Assigning many volunteers to many missions at once (StaffEvent), independent of how the
// candidates were found: missions with a number of places, volunteers, and the scored pairs
// allowed (those passing the hard rules).
struct StaffingProblem {
  struct Pair {
    int mission;    // index into capacities
    int volunteer;  // 0 … volunteer_count − 1
    double score;   // in [0, 1]
  };
  std::vector<int> capacities;  // places per mission, ≥ 0
  int volunteer_count = 0;
  std::vector<Pair> pairs;      // at most one pair per (mission, volunteer)
};

struct StaffingSolution {
  std::vector<int> assigned;  // indices into StaffingProblem::pairs, ascending
  double total_score = 0;     // Σ score of the assigned pairs
};

// An assignment of maximum total score in which every mission receives at most its capacity
// and every volunteer at most one mission. Solved exactly as a min-cost flow with LEMON's
// network simplex: source → mission (capacity, cost 0) → volunteer (1, −score) → sink (1, 0),
// plus a source → sink bypass so unfilled places cost nothing. Scores are scaled to integers
// (1e-9 resolution), so the total is optimal to within pairs × 1e-9. INVALID_ARGUMENT for
// pairs referring outside the problem; INTERNAL if the solver fails (it cannot on a valid
// problem).
absl::StatusOr<StaffingSolution> SolveOptimalStaffing(const StaffingProblem& problem);

// The greedy assignment, for comparison: pairs by descending score (ties by mission, then
// volunteer), each taken when its mission has a place and its volunteer is free.
StaffingSolution SolveGreedyStaffing(const StaffingProblem& problem);

}  // namespace renfort::matching

#endif  // RENFORT_MATCHING_STAFFING_H_
