#include "matching/recommender.h"

#include <algorithm>
#include <array>
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

  // In-person missions by rings of growing radius: after the missions within r, every other
  // one is farther than r, so its proximity is below 1 − r / max_travel_km; once even that
  // proximity with a perfect value of every other factor cannot reach the threshold, the
  // farther rings are skipped. For a volunteer who travels 200 km from a dense area, most of
  // the disc's 20,000 missions are then never read.
  const std::optional<GeoPointF> home = volunteers.home(volunteer_slot);
  const bool in_person = volunteer.Has(kAcceptsInPerson) && home.has_value();
  const double travel_km = volunteer.max_travel_km;
  // Kept by each thread between calls: a 200 km disc holds tens of thousands of missions.
  thread_local std::vector<uint32_t> near;
  double inner_km = -1;  // missions at or within this distance were visited
  auto visit_ring = [&](double outer_km) {
    near.clear();
    missions.CollectInPersonNear(*home, outer_km, near);
    const double nearest_km = std::max(0.0, inner_km);
    for (uint32_t slot : near) {
      // Every rule and bound that does not need the distance first, on the compact filter:
      // most missions in a 100–200 km radius fail on hours, dates or age, and the distance
      // costs trigonometry.
      // The distance is not known yet, but every mission this ring considers is farther than
      // the inner radius (the nearer ones were visited), so the proximity at that radius
      // bounds its proximity.
      const MissionFilter& mission = missions.filter(slot);
      if (!PassesPairRules(volunteer, mission, 0)) continue;
      if (top.full() && QuickScoreBound(volunteer, mission, nearest_km, 1, 1, in_person_weights,
                                        context) < top.threshold()) {
        continue;
      }
      double distance = std::numeric_limits<double>::infinity();
      for (const GeoPointF& address : missions.record(slot).addresses) {
        distance = std::min(distance, DistanceKm(address, *home));
      }
      // Each mission in the one ring that holds its distance (beyond the outer radius: not
      // in reach, or a later ring's).
      if (distance <= inner_km || distance > outer_km) continue;
      consider(slot, distance);
    }
    inner_km = outer_km;
  };
  // Whether an in-person mission farther than `inner_km` could still enter.
  auto farther_may_enter = [&] {
    if (!top.full()) return true;
    std::array<double, kFactorCount> best;
    best.fill(1);
    best[static_cast<int>(Factor::kProximity)] = ProximityValue(inner_km, volunteer.max_travel_km);
    return in_person_weights.Score(best) + kQuickBoundSlack >= top.threshold();
  };
  constexpr double kRingFractions[] = {0.125, 0.25, 0.5};
  if (in_person) visit_ring(travel_km * kRingFractions[0]);
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
  if (in_person) {
    for (double fraction : kRingFractions) {
      if (fraction == kRingFractions[0]) continue;
      if (!farther_may_enter()) break;
      visit_ring(travel_km * fraction);
    }
    if (farther_may_enter()) visit_ring(travel_km);
  }
  return top.TakeSorted();
}

}  // namespace renfort::matching
