#include "matching/recommender.h"

#include <algorithm>
#include <limits>
#include <optional>

namespace renfort::matching {

std::vector<ScoredCandidate> RecommendMissionsFor(uint32_t volunteer_slot,
                                                  const VolunteerIndex& volunteers,
                                                  const MissionIndex& missions,
                                                  const InvolvementSet& involvement,
                                                  const ScoringContext& context, int limit) {
  const VolunteerRecord& volunteer = volunteers.record(volunteer_slot);
  const Uuid& volunteer_id = volunteers.id(volunteer_slot);
  const EffectiveWeights in_person_weights(*context.weights, RecommendFactors(true));
  const EffectiveWeights remote_weights(*context.weights, RecommendFactors(false));
  TopK top(limit);
  FactorValues values;

  auto consider = [&](uint32_t slot, double distance_km) {
    const MissionRecord& mission = missions.record(slot);
    const EffectiveWeights& weights = mission.in_person ? in_person_weights : remote_weights;
    if (!PassesPairRules(volunteer, mission, distance_km)) return;
    // Skips missions that cannot enter even with the most responsive organisation, before the
    // organisation lookup and the full factors.
    if (top.full() && QuickScoreBound(volunteer, mission, distance_km, 1, 1, weights, context) <
                          top.threshold()) {
      return;
    }
    const OrganisationScore& organisation = missions.organisation(mission.organisation_id);
    ComputeFactors(volunteer, mission, distance_km, organisation.responsiveness,
                   organisation.answered_share, context, values);
    const double score = weights.Score(values.normalised);
    if (!top.Accepts(score, mission.id) || involvement.Contains(mission.id, volunteer_id)) return;
    top.Push({score, mission.id, slot, distance_km});
  };

  const std::optional<GeoPointF> home = volunteers.home(volunteer_slot);
  if (volunteer.Has(kAcceptsInPerson) && home.has_value()) {
    std::vector<uint32_t> near;
    missions.CollectInPersonNear(*home, volunteer.max_travel_km, near);
    for (uint32_t slot : near) {
      // Every rule and bound that does not need the distance first, on the compact filter:
      // most missions in a 100–200 km radius fail on hours, dates or age, and the distance
      // costs trigonometry.
      const MissionFilter& mission = missions.filter(slot);
      if (!PassesPairRules(volunteer, mission, 0)) continue;
      if (top.full() && QuickScoreBound(volunteer, mission, 0, 1, 1, in_person_weights, context) <
                            top.threshold()) {
        continue;
      }
      double distance = std::numeric_limits<double>::infinity();
      for (const GeoPointF& address : missions.record(slot).addresses) {
        distance = std::min(distance, DistanceKm(address, *home));
      }
      consider(slot, distance);
    }
  }
  if (volunteer.Has(kAcceptsRemote)) {
    // The same checks first on the contiguous filters, before the records.
    const std::vector<uint32_t>& remote = missions.remote();
    const std::vector<MissionFilter>& filters = missions.remote_filters();
    const double no_distance = std::numeric_limits<double>::quiet_NaN();
    for (size_t i = 0; i < remote.size(); ++i) {
      if (!PassesPairRules(volunteer, filters[i], no_distance)) continue;
      if (top.full() && QuickScoreBound(volunteer, filters[i], no_distance, 1, 1, remote_weights,
                                        context) < top.threshold()) {
        continue;
      }
      consider(remote[i], no_distance);
    }
  }
  return top.TakeSorted();
}

}  // namespace renfort::matching
