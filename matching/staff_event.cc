#include "matching/staff_event.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <tuple>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "matching/geo.h"
#include "matching/ranker.h"
#include "matching/staffing.h"

namespace renfort::matching {
namespace {

constexpr int kMaxMissions = 1000;
constexpr int kMaxPool = 100000;
constexpr int kMaxCandidatesPerMission = 5000;
constexpr int kMinDefaultCandidates = 50;
// Great-circle distance is never below the latitude difference times this (km per degree).
constexpr double kKmPerDegreeLatitude = std::numbers::pi * kEarthRadiusKm / 180.0;

absl::Status ValidateRequest(const renfort::v1::StaffEventRequest& request) {
  if (request.mission_ids().empty() || request.mission_ids_size() > kMaxMissions) {
    return absl::InvalidArgumentError(absl::StrCat(
        "mission_ids: between 1 and ", kMaxMissions, " ids, got ", request.mission_ids_size()));
  }
  if (request.volunteer_ids_size() > kMaxPool) {
    return absl::InvalidArgumentError(absl::StrCat("volunteer_ids: at most ", kMaxPool,
                                                   " ids, got ", request.volunteer_ids_size()));
  }
  if (request.candidates_per_mission() < 0 ||
      request.candidates_per_mission() > kMaxCandidatesPerMission) {
    return absl::InvalidArgumentError(
        absl::StrCat("candidates_per_mission: must be between 0 and ", kMaxCandidatesPerMission,
                     ", got ", request.candidates_per_mission()));
  }
  if (!(request.min_score() >= 0 && request.min_score() <= 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("min_score: must be between 0 and 1, got ", request.min_score()));
  }
  return absl::OkStatus();
}

// The request's shape (ids well formed, none twice) is checked before any mission's state, so
// a malformed request gets INVALID_ARGUMENT whatever the index holds.
absl::StatusOr<std::vector<uint32_t>> ResolveMissions(const renfort::v1::StaffEventRequest& request,
                                                      const MissionIndex& missions) {
  std::vector<Uuid> ids;
  absl::flat_hash_set<Uuid> seen;
  for (const std::string& text : request.mission_ids()) {
    absl::StatusOr<Uuid> id = Uuid::Parse(text, "mission_ids");
    if (!id.ok()) return id.status();
    if (!seen.insert(*id).second) {
      return absl::InvalidArgumentError(absl::StrCat("mission_ids: ", text, " appears twice"));
    }
    ids.push_back(*id);
  }
  std::vector<uint32_t> slots;
  for (int i = 0; i < request.mission_ids_size(); ++i) {
    const std::string& text = request.mission_ids(i);
    std::optional<uint32_t> slot = missions.Find(ids[i]);
    if (!slot) return absl::NotFoundError(absl::StrCat("mission ", text, " is not indexed"));
    if (!missions.record(*slot).published) {
      return absl::FailedPreconditionError(
          absl::StrCat("mission_ids: mission ", text, " is not PUBLISHED"));
    }
    slots.push_back(*slot);
  }
  return slots;
}

// Volunteers of the problem: dense indices for the slots that appear in pairs.
class VolunteerNumbering {
 public:
  int IndexOf(uint32_t slot) {
    auto [it, inserted] = index_.try_emplace(slot, static_cast<int>(slots_.size()));
    if (inserted) slots_.push_back(slot);
    return it->second;
  }
  uint32_t slot(int index) const { return slots_[index]; }
  int size() const { return static_cast<int>(slots_.size()); }

 private:
  absl::flat_hash_map<uint32_t, int> index_;
  std::vector<uint32_t> slots_;
};

// Pairs of every mission with every pool volunteer who passes the hard rules.
absl::Status AddPoolPairs(const renfort::v1::StaffEventRequest& request,
                          const std::vector<uint32_t>& mission_slots,
                          const VolunteerIndex& volunteers, const MissionIndex& missions,
                          const InvolvementSet& involvement, const ScoringContext& context,
                          VolunteerNumbering& numbering, StaffingProblem& problem) {
  std::vector<uint32_t> pool;
  absl::flat_hash_set<uint32_t> seen;
  for (const std::string& text : request.volunteer_ids()) {
    absl::StatusOr<Uuid> id = Uuid::Parse(text, "volunteer_ids");
    if (!id.ok()) return id.status();
    std::optional<uint32_t> slot = volunteers.Find(*id);
    if (slot && seen.insert(*slot).second) pool.push_back(*slot);
  }
  FactorValues values;
  for (size_t m = 0; m < mission_slots.size(); ++m) {
    const MissionRecord& mission = missions.record(mission_slots[m]);
    if (mission.PlacesLeft() == 0) continue;
    const EffectiveWeights weights(*context.weights, RankFactors(mission.in_person));
    for (uint32_t slot : pool) {
      const VolunteerRecord& volunteer = volunteers.record(slot);
      double distance = std::numeric_limits<double>::quiet_NaN();
      if (mission.in_person) {
        const std::optional<GeoPointF> home = volunteers.home(slot);
        if (!home) continue;
        distance = std::numeric_limits<double>::infinity();
        for (const GeoPointF& address : mission.addresses) {
          // Cheap lower bound first: most pool members are far from most shops.
          if (std::abs(address.latitude - home->latitude) * kKmPerDegreeLatitude >
              volunteer.max_travel_km + 1.0) {
            continue;
          }
          distance = std::min(distance, DistanceKm(address, *home));
        }
      }
      if (!PassesPairRules(volunteer, mission, distance) ||
          involvement.Contains(mission.id, volunteers.id(slot))) {
        continue;
      }
      ComputeFactors(volunteer, mission, distance, 0, 0, context, values);
      const double score = weights.Score(values.normalised);
      if (score < request.min_score()) continue;
      problem.pairs.push_back({static_cast<int>(m), numbering.IndexOf(slot), score});
    }
  }
  return absl::OkStatus();
}

// Pairs of every mission with its top-ranked volunteers.
void AddRankedPairs(const renfort::v1::StaffEventRequest& request,
                    const std::vector<uint32_t>& mission_slots, const VolunteerIndex& volunteers,
                    const MissionIndex& missions, const InvolvementSet& involvement,
                    const ScoringContext& context, VolunteerNumbering& numbering,
                    StaffingProblem& problem) {
  for (size_t m = 0; m < mission_slots.size(); ++m) {
    const MissionRecord& mission = missions.record(mission_slots[m]);
    if (mission.PlacesLeft() == 0) continue;
    RankOptions options;
    options.limit = request.candidates_per_mission() > 0
                        ? request.candidates_per_mission()
                        : std::max(3 * mission.PlacesLeft(), kMinDefaultCandidates);
    for (const ScoredCandidate& candidate :
         RankVolunteersFor(mission, volunteers, involvement, context, options)) {
      if (candidate.score < request.min_score()) continue;
      problem.pairs.push_back(
          {static_cast<int>(m), numbering.IndexOf(candidate.slot), candidate.score});
    }
  }
}

}  // namespace

absl::StatusOr<renfort::v1::StaffEventResponse> StaffEventOn(
    const renfort::v1::StaffEventRequest& request, const VolunteerIndex& volunteers,
    const MissionIndex& missions, const InvolvementSet& involvement,
    const ScoringContext& context) {
  if (absl::Status status = ValidateRequest(request); !status.ok()) return status;
  absl::StatusOr<std::vector<uint32_t>> mission_slots = ResolveMissions(request, missions);
  if (!mission_slots.ok()) return mission_slots.status();

  StaffingProblem problem;
  for (uint32_t slot : *mission_slots) problem.capacities.push_back(missions.record(slot).PlacesLeft());
  VolunteerNumbering numbering;
  if (!request.volunteer_ids().empty()) {
    if (absl::Status status = AddPoolPairs(request, *mission_slots, volunteers, missions,
                                           involvement, context, numbering, problem);
        !status.ok()) {
      return status;
    }
  } else {
    AddRankedPairs(request, *mission_slots, volunteers, missions, involvement, context,
                   numbering, problem);
  }
  problem.volunteer_count = numbering.size();

  absl::StatusOr<StaffingSolution> optimal = SolveOptimalStaffing(problem);
  if (!optimal.ok()) return optimal.status();
  const StaffingSolution greedy = SolveGreedyStaffing(problem);
  // Integer costs make the flow optimal to 1e-9 per pair; never report less than greedy.
  const StaffingSolution& best = greedy.total_score > optimal->total_score ? greedy : *optimal;

  renfort::v1::StaffEventResponse response;
  std::vector<int> assigned_count(problem.capacities.size(), 0);
  std::vector<std::tuple<Uuid, double, Uuid>> assignments;  // mission, score, volunteer
  for (int i : best.assigned) {
    const StaffingProblem::Pair& pair = problem.pairs[i];
    ++assigned_count[pair.mission];
    assignments.emplace_back(missions.record((*mission_slots)[pair.mission]).id, pair.score,
                             volunteers.id(numbering.slot(pair.volunteer)));
  }
  std::sort(assignments.begin(), assignments.end(), [](const auto& a, const auto& b) {
    if (std::get<0>(a) != std::get<0>(b)) return std::get<0>(a) < std::get<0>(b);
    if (std::get<1>(a) != std::get<1>(b)) return std::get<1>(a) > std::get<1>(b);
    return std::get<2>(a) < std::get<2>(b);
  });
  for (const auto& [mission_id, score, volunteer_id] : assignments) {
    renfort::v1::StaffingAssignment& out = *response.add_assignments();
    out.set_mission_id(mission_id.ToString());
    out.set_volunteer_id(volunteer_id.ToString());
    out.set_score(score);
  }
  for (size_t m = 0; m < mission_slots->size(); ++m) {
    renfort::v1::MissionStaffing& out = *response.add_missions();
    out.set_mission_id(request.mission_ids(static_cast<int>(m)));
    out.set_places_left(problem.capacities[m]);
    out.set_assigned_count(assigned_count[m]);
  }
  response.set_total_score(best.total_score);
  response.set_greedy_total_score(greedy.total_score);
  response.set_greedy_assignment_count(static_cast<int>(greedy.assigned.size()));
  return response;
}

}  // namespace renfort::matching
