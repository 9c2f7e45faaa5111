#include "matching/staffing.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "lemon/list_graph.h"
#include "lemon/network_simplex.h"

namespace renfort::matching {
namespace {

constexpr double kCostScale = 1e9;

absl::Status CheckPairs(const StaffingProblem& problem) {
  const int missions = static_cast<int>(problem.capacities.size());
  for (const StaffingProblem::Pair& pair : problem.pairs) {
    if (pair.mission < 0 || pair.mission >= missions || pair.volunteer < 0 ||
        pair.volunteer >= problem.volunteer_count) {
      return absl::InvalidArgumentError(absl::StrCat("staffing: pair (", pair.mission, ", ",
                                                     pair.volunteer, ") outside the problem"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<StaffingSolution> SolveOptimalStaffing(const StaffingProblem& problem) {
  if (absl::Status status = CheckPairs(problem); !status.ok()) return status;
  using Graph = lemon::ListDigraph;
  Graph graph;
  const Graph::Node source = graph.addNode();
  const Graph::Node sink = graph.addNode();
  std::vector<Graph::Node> mission_nodes;
  for (size_t m = 0; m < problem.capacities.size(); ++m) mission_nodes.push_back(graph.addNode());
  std::vector<Graph::Node> volunteer_nodes(problem.volunteer_count, lemon::INVALID);

  Graph::ArcMap<int64_t> capacity(graph);
  Graph::ArcMap<int64_t> cost(graph);
  auto add_arc = [&](Graph::Node from, Graph::Node to, int64_t arc_capacity, int64_t arc_cost) {
    const Graph::Arc arc = graph.addArc(from, to);
    capacity[arc] = arc_capacity;
    cost[arc] = arc_cost;
    return arc;
  };

  int64_t places = 0;
  for (size_t m = 0; m < problem.capacities.size(); ++m) {
    const int64_t mission_capacity = std::max(problem.capacities[m], 0);
    places += mission_capacity;
    add_arc(source, mission_nodes[m], mission_capacity, 0);
  }
  std::vector<Graph::Arc> pair_arcs;
  pair_arcs.reserve(problem.pairs.size());
  for (const StaffingProblem::Pair& pair : problem.pairs) {
    Graph::Node& volunteer = volunteer_nodes[pair.volunteer];
    if (volunteer == lemon::INVALID) {
      volunteer = graph.addNode();
      add_arc(volunteer, sink, 1, 0);
    }
    pair_arcs.push_back(add_arc(mission_nodes[pair.mission], volunteer, 1,
                                -std::llround(pair.score * kCostScale)));
  }
  add_arc(source, sink, places, 0);  // places left empty

  lemon::NetworkSimplex<Graph, int64_t, int64_t> simplex(graph);
  simplex.upperMap(capacity).costMap(cost).stSupply(source, sink, places);
  if (simplex.run() != lemon::NetworkSimplex<Graph, int64_t, int64_t>::OPTIMAL) {
    return absl::InternalError("staffing: the network simplex found no optimal flow");
  }
  StaffingSolution solution;
  for (size_t i = 0; i < pair_arcs.size(); ++i) {
    if (simplex.flow(pair_arcs[i]) > 0) {
      solution.assigned.push_back(static_cast<int>(i));
      solution.total_score += problem.pairs[i].score;
    }
  }
  return solution;
}

StaffingSolution SolveGreedyStaffing(const StaffingProblem& problem) {
  std::vector<int> order(problem.pairs.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    const StaffingProblem::Pair& x = problem.pairs[a];
    const StaffingProblem::Pair& y = problem.pairs[b];
    if (x.score != y.score) return x.score > y.score;
    if (x.mission != y.mission) return x.mission < y.mission;
    return x.volunteer < y.volunteer;
  });
  std::vector<int> places = problem.capacities;
  std::vector<bool> taken(problem.volunteer_count, false);
  StaffingSolution solution;
  for (int i : order) {
    const StaffingProblem::Pair& pair = problem.pairs[i];
    if (pair.mission < 0 || pair.mission >= static_cast<int>(places.size()) ||
        pair.volunteer < 0 || pair.volunteer >= problem.volunteer_count) {
      continue;
    }
    if (places[pair.mission] <= 0 || taken[pair.volunteer]) continue;
    --places[pair.mission];
    taken[pair.volunteer] = true;
    solution.assigned.push_back(i);
    solution.total_score += pair.score;
  }
  std::sort(solution.assigned.begin(), solution.assigned.end());
  return solution;
}

}  // namespace renfort::matching
