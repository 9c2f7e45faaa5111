#ifndef RENFORT_TESTS_UNIT_MATCHING_REFERENCE_MATCHER_H_
#define RENFORT_TESTS_UNIT_MATCHING_REFERENCE_MATCHER_H_

#include <iomanip>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"
#include "matching/activity.h"
#include "matching/scoring.h"
#include "matching/zones.h"
#include "renfort/v1/mission.pb.h"
#include "renfort/v1/volunteer.pb.h"

namespace renfort::matching::testing {

// A brute-force matcher written straight from DESIGN.md §5 and the proto comments, sharing
// nothing with the engine's index: it reads the proto messages, evaluates every pair, sorts
// everything. Only the documented normalisation formulas (scoring.h), GreatCircleKm and the
// zones' offsets are shared. The engine must return exactly what it returns.

struct ReferenceVolunteer {
  renfort::v1::Volunteer proto;
  VolunteerActivity activity;
};

struct ReferenceMission {
  renfort::v1::Mission proto;
  OrganisationActivity organisation;  // of the mission's organisation
};

struct ReferenceResult {
  std::string id;
  double score = 0;
  std::optional<double> distance_km;
  friend bool operator==(const ReferenceResult&, const ReferenceResult&) = default;
  friend void PrintTo(const ReferenceResult& result, std::ostream* out) {
    *out << result.id << " score=" << std::setprecision(17) << result.score;
    if (result.distance_km) *out << " km=" << *result.distance_km;
  }
};

class ReferenceMatcher {
 public:
  // `indexed_at` is the `now` the engine was fed the protos with (it fixes UTC offsets).
  ReferenceMatcher(const DepartmentZones& zones, const ScoringWeights& weights,
                   absl::Time indexed_at)
      : zones_(zones), weights_(weights), indexed_at_(indexed_at) {}

  // (mission id, volunteer id) pairs that are involved.
  using Involvement = std::set<std::pair<std::string, std::string>>;

  std::vector<ReferenceResult> Rank(const renfort::v1::Mission& mission,
                                    const std::vector<ReferenceVolunteer>& volunteers,
                                    const Involvement& involvement, absl::Time now, int limit,
                                    bool skip_at_invitation_cap) const;

  std::vector<ReferenceResult> Recommend(const ReferenceVolunteer& volunteer,
                                         const std::vector<ReferenceMission>& missions,
                                         const Involvement& involvement, absl::Time now,
                                         int limit) const;

  // Whether the pair passes every hard rule but the mission's status/places and involvement,
  // and its distance (in-person missions).
  bool PassesPairRules(const ReferenceVolunteer& volunteer, const renfort::v1::Mission& mission,
                       std::optional<double>& distance_km) const;
  // The pair's score with the given factors.
  double Score(const ReferenceVolunteer& volunteer, const ReferenceMission& mission,
               std::optional<double> distance_km, absl::Time now, FactorMask factors) const;

 private:
  std::set<int> VolunteerHours(const renfort::v1::Volunteer& volunteer) const;
  std::set<int> MissionHours(const renfort::v1::Mission& mission) const;

  const DepartmentZones& zones_;
  ScoringWeights weights_;
  absl::Time indexed_at_;
};

}  // namespace renfort::matching::testing

#endif  // RENFORT_TESTS_UNIT_MATCHING_REFERENCE_MATCHER_H_
