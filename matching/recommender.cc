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
  std::array<double, kFactorCount> best;
  best.fill(1);
  auto farther_may_enter = [&] {
    if (!top.full()) return true;
    best[static_cast<int>(Factor::kProximity)] = ProximityValue(inner_km, volunteer.max_travel_km);
    return in_person_weights.Score(best) + kQuickBoundSlack >= top.threshold();
  };
  // The distance beyond which no in-person mission can enter, as far as the current threshold
  // tells: the proximity at which a perfect value of every other factor just reaches it, a
  // little farther for rounding (farther_may_enter, exact, decides whether to go on after it).
  // A volunteer who travels 200 km from a dense area usually has a full top whose threshold
  // leaves only the inner half of the disc in reach: its outer ring, three quarters of the
  // disc's area, is then never read.
  auto reach_km = [&] {
    const double weight = in_person_weights.weight(Factor::kProximity);
    if (!top.full() || weight <= 0) return travel_km;
    best[static_cast<int>(Factor::kProximity)] = 0;
    const double proximity =
        (top.threshold() - kQuickBoundSlack - in_person_weights.Score(best)) / weight;
    return std::clamp(travel_km * (1 - proximity) * (1 + 1e-9) + 1e-6, 0.0, travel_km);
  };
  if (in_person) visit_ring(travel_km / 8);
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
    for (double fraction : {0.25, 0.5, 1.0}) {
      if (!farther_may_enter()) break;
      const double outer_km = std::min(travel_km * fraction, reach_km());
      // Below the inner radius only by rounding: the ring of the fraction, as without a reach.
      visit_ring(outer_km > inner_km ? outer_km : travel_km * fraction);
    }
    if (inner_km < travel_km && farther_may_enter()) visit_ring(travel_km);
  }
  return top.TakeSorted();
}

}  // namespace renfort::matching
