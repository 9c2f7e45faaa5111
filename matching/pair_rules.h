#ifndef RENFORT_MATCHING_PAIR_RULES_H_
#define RENFORT_MATCHING_PAIR_RULES_H_

#include <cmath>

#include "matching/days.h"
#include "matching/records.h"
#include "matching/scoring.h"

namespace renfort::matching {

// The hard rules of DESIGN.md §5 that depend on one (volunteer, mission) pair: volunteer
// ACTIVE; old enough at the mission's start (16 when open to minors, else 18); format
// compatible (remote ⇒ accepts remote; in person or hybrid ⇒ accepts in person and
// `distance_km` ≤ max_travel_km); availability date range meets the schedule's dates and the
// weekly hours overlap. The mission-level rules (PUBLISHED, places left) and involvement (an
// active participation or a PROPOSED invitation) are checked by the callers. `distance_km` is
// to the nearest of the mission's addresses and ignored for a remote mission. `Mission` is
// MissionRecord or MissionFilter (its compact copy of the fields these rules read).
template <typename Mission>
inline bool PassesPairRules(const VolunteerRecord& v, const Mission& m, double distance_km) {
  if (!v.Has(kActive) || v.birth_day > m.latest_birth_day) return false;
  if (m.in_person) {
    if (!v.Has(kAcceptsInPerson) || !(distance_km <= v.max_travel_km)) return false;
  } else if (!v.Has(kAcceptsRemote)) {
    return false;
  }
  if (v.available_from > m.end_day || v.available_until < m.start_day) return false;
  return v.hours.Intersects(m.hours);
}

// What the factors of one query need besides the pair.
struct ScoringContext {
  const ScoringWeights* weights;
  const RecencyCurve* recency;
  DayNumber today;   // UtcDayNumber(now)
  int month_number;  // UtcMonthNumber(now)
};

// Fills every factor's normalised and raw value for the pair (PROXIMITY is 0 for a remote
// mission; ORGANISATION_RESPONSIVENESS is `responsiveness` and its raw value
// `answered_share`). Which of them count is the EffectiveWeights' business.
inline void ComputeFactors(const VolunteerRecord& v, const MissionRecord& m, double distance_km,
                           double responsiveness, double answered_share,
                           const ScoringContext& context, FactorValues& values) {
  auto set = [&values](Factor factor, double normalised, double raw) {
    values.normalised[static_cast<int>(factor)] = normalised;
    values.raw[static_cast<int>(factor)] = raw;
  };
  if (m.in_person) {
    set(Factor::kProximity, ProximityValue(distance_km, v.max_travel_km), distance_km);
  } else {
    set(Factor::kProximity, 0, 0);
  }
  const int covered = std::popcount(v.skills & m.skills);
  set(Factor::kSkillCoverage, SkillCoverageValue(covered, m.skill_count), covered);
  const double domain = DomainInterestValue(v.domains, m.main_domain, m.secondary_domain);
  set(Factor::kDomainInterest, domain, domain);
  const int common_hours = v.hours.CommonCount(m.hours);
  set(Factor::kAvailabilityOverlap, AvailabilityValue(common_hours, m.hour_count),
      common_hours * 60.0);
  set(Factor::kReliability, ReliabilityValue(v.done_count, v.no_show_count, *context.weights),
      v.no_show_count);
  const int days = static_cast<int>(context.today) - static_cast<int>(v.last_active_day);
  set(Factor::kRecency, context.recency->Value(days), days);
  const int invitations = v.InvitationsIn(context.month_number);
  set(Factor::kFairness, FairnessValue(invitations, context.weights->monthly_invitation_cap),
      invitations);
  set(Factor::kOrganisationResponsiveness, responsiveness, answered_share);
}

// A cheap upper bound of the pair's score (EffectiveWeights::Score over ComputeFactors), for
// skipping candidates that cannot reach a top-k before paying for the full factors and their
// explanation values: the same normalisations, summed straight into one double, with the
// reliability and organisation responsiveness replaced by bounds the caller knows, plus a
// slack far above the few ulps by which this differently rounded sum may differ from Score.
// A candidate is skipped only when this bound is below the threshold, so answers are exactly
// those of a full scan. `distance_km` as for PassesPairRules (ignored for remote missions).
inline constexpr double kQuickBoundSlack = 1e-9;
template <typename Mission>
inline double QuickScoreBound(const VolunteerRecord& v, const Mission& m,
                              double distance_km, double reliability_bound,
                              double responsiveness_bound, const EffectiveWeights& w,
                              const ScoringContext& context) {
  double score = 0;
  if (m.in_person) {
    score += w.weight(Factor::kProximity) * ProximityValue(distance_km, v.max_travel_km);
  }
  score += w.weight(Factor::kSkillCoverage) *
           SkillCoverageValue(std::popcount(v.skills & m.skills), m.skill_count);
  score += w.weight(Factor::kDomainInterest) *
           DomainInterestValue(v.domains, m.main_domain, m.secondary_domain);
  score += w.weight(Factor::kAvailabilityOverlap) *
           AvailabilityValue(v.hours.CommonCount(m.hours), m.hour_count);
  score += w.weight(Factor::kReliability) * reliability_bound;
  score += w.weight(Factor::kRecency) *
           context.recency->Value(static_cast<int>(context.today) -
                                  static_cast<int>(v.last_active_day));
  score += w.weight(Factor::kFairness) *
           FairnessValue(v.InvitationsIn(context.month_number),
                         context.weights->monthly_invitation_cap);
  score += w.weight(Factor::kOrganisationResponsiveness) * responsiveness_bound;
  return score + kQuickBoundSlack;
}

}  // namespace renfort::matching

#endif  // RENFORT_MATCHING_PAIR_RULES_H_
