#ifndef RENFORT_MATCHING_SCORING_H_
#define RENFORT_MATCHING_SCORING_H_

#include <array>
#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "matching/activity.h"
#include "renfort/v1/matching.pb.h"

namespace renfort::matching {

// The soft score of DESIGN.md §5: a weighted sum of factors, each normalised to [0, 1]. The
// meaning and raw unit of every factor are documented on renfort.v1.ScoreFactor; the functions
// below are the one definition of each normalisation, shared by the index, the explanations,
// the tests' reference implementation and the SQL baseline's formulas.

// Factors in the order of the ScoreFactor enum (Factor i is ScoreFactor i + 1).
enum class Factor : int {
  kProximity = 0,
  kSkillCoverage,
  kDomainInterest,
  kAvailabilityOverlap,
  kReliability,
  kRecency,
  kFairness,
  kOrganisationResponsiveness,
};
inline constexpr int kFactorCount = 8;
using FactorMask = uint32_t;
constexpr FactorMask FactorBit(Factor factor) { return FactorMask{1} << static_cast<int>(factor); }

// Configured weights and the parameters of the normalisations. Config parsing is not
// matching's job: the service fills this struct. Weights are relative (≥ 0, not all zero for
// the factors of a query); the weights of the factors that apply to a pair are renormalised to
// sum to 1, so the score stays in [0, 1].
struct ScoringWeights {
  double proximity = 0.25;
  double skill_coverage = 0.20;
  double domain_interest = 0.15;
  double availability_overlap = 0.15;
  double reliability = 0.10;
  double recency = 0.05;
  double fairness = 0.10;
  double organisation_responsiveness = 0.10;

  // Reliability = (done + prior_done) / (done + no_show + prior_done + prior_no_show): a newcomer
  // starts at 0.75, about what a typical volunteer earns, so having no history is not punished.
  double reliability_prior_done = 3;
  double reliability_prior_no_show = 1;
  // Recency = 0.5 ^ (days since last active / half life), days counted in whole UTC days and
  // capped at kMaxRecencyDays.
  double recency_half_life_days = 30;
  // Fairness = max(0, 1 - invitations this month / cap); InviteVolunteers skips volunteers at
  // the cap (RankOptions::skip_at_invitation_cap).
  int monthly_invitation_cap = 2;
  // Responsiveness = 0.7 × answered share (smoothed by the prior below) + 0.3 × 0.5 ^ (median
  // answer hours / half life). An organisation without applications scores 0.7 × 0.8 + 0.3.
  double responsiveness_prior_answered = 4;
  double responsiveness_prior_received = 5;
  double answer_time_half_life_hours = 72;

  double weight(Factor factor) const;
};

// INVALID_ARGUMENT naming the field when a weight is negative or not finite, a prior is not
// positive, a half-life is not positive or the cap is below 1.
absl::Status Validate(const ScoringWeights& weights);

inline constexpr int kMaxRecencyDays = 365;

// --- Normalisations ---------------------------------------------------------------------
// 1 − distance / max_travel_km, clamped to [0, 1]: 1 at home, 0 at the volunteer's limit.
double ProximityValue(double distance_km, int max_travel_km);
// covered / required; 1 when the mission requires no skill.
double SkillCoverageValue(int covered, int required);
// 1 when the main domain is among the volunteer's interests, else 0.5 for the secondary one,
// else 0. `main_bit` / `secondary_bit` are domain bits (0 when absent).
double DomainInterestValue(uint16_t volunteer_domains, uint16_t main_bit, uint16_t secondary_bit);
// Common hours over the mission's hours (see WeekHours).
double AvailabilityValue(int common_hours, int mission_hours);
// (done + prior_done) / (done + no_show + prior_done + prior_no_show).
inline double ReliabilityValue(int done, int no_show, const ScoringWeights& weights) {
  return (done + weights.reliability_prior_done) /
         (done + no_show + weights.reliability_prior_done + weights.reliability_prior_no_show);
}
double FairnessValue(int invitations_this_month, int cap);
double ResponsivenessValue(const OrganisationActivity& activity, const ScoringWeights& weights);
// The answered share reported as raw value: answered / received, 0 without applications.
double AnsweredShare(const OrganisationActivity& activity);

// 0.5 ^ (days / half life) for days in [0, kMaxRecencyDays], precomputed; larger or negative
// day counts are clamped into that range.
class RecencyCurve {
 public:
  explicit RecencyCurve(double half_life_days);
  double Value(int days) const {
    return table_[days < 0 ? 0 : (days > kMaxRecencyDays ? kMaxRecencyDays : days)];
  }

 private:
  std::array<double, kMaxRecencyDays + 1> table_;
};

// --- Combining ---------------------------------------------------------------------------
// Normalised and raw values of the factors for one (volunteer, mission) pair. Entries of
// factors that do not apply are ignored.
struct FactorValues {
  std::array<double, kFactorCount> normalised{};
  std::array<double, kFactorCount> raw{};
};

// The configured weights renormalised over the factors that apply to one query (e.g. no
// PROXIMITY for a remote mission). Cheap to copy; immutable.
class EffectiveWeights {
 public:
  // All applicable weights zero leaves every effective weight zero (every score is then 0).
  EffectiveWeights(const ScoringWeights& weights, FactorMask applicable);

  double weight(Factor factor) const { return weights_[static_cast<int>(factor)]; }
  FactorMask applicable() const { return applicable_; }

  // Σ weight × value over the factors, in Factor order. This exact summation order is the
  // definition of the score: the explanation's contributions, added in the same order, give
  // the same double.
  double Score(const std::array<double, kFactorCount>& normalised) const {
    double score = 0;
    for (int i = 0; i < kFactorCount; ++i) score += weights_[i] * normalised[i];
    return score;
  }

  // Fills `breakdown` with one FactorScore per applicable factor and the score.
  void Explain(const FactorValues& values, renfort::v1::ScoreBreakdown& breakdown) const;

 private:
  std::array<double, kFactorCount> weights_{};
  FactorMask applicable_;
};

// The factors of RankVolunteers and StaffEvent for a mission (PROXIMITY only when it is in
// person or hybrid), and of RecommendMissions (no volunteer-only factor: reliability, recency
// and fairness would be the same for every mission of one volunteer; responsiveness added).
FactorMask RankFactors(bool mission_in_person);
FactorMask RecommendFactors(bool mission_in_person);

}  // namespace renfort::matching

#endif  // RENFORT_MATCHING_SCORING_H_
