#include "matching/scoring.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"

namespace renfort::matching {
namespace {

absl::Status CheckNonNegative(double value, const char* field) {
  if (!std::isfinite(value) || value < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("scoring.", field, ": must be a finite number >= 0, got ", value));
  }
  return absl::OkStatus();
}

absl::Status CheckPositive(double value, const char* field) {
  if (!std::isfinite(value) || value <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("scoring.", field, ": must be a finite number > 0, got ", value));
  }
  return absl::OkStatus();
}

}  // namespace

double ScoringWeights::weight(Factor factor) const {
  switch (factor) {
    case Factor::kProximity: return proximity;
    case Factor::kSkillCoverage: return skill_coverage;
    case Factor::kDomainInterest: return domain_interest;
    case Factor::kAvailabilityOverlap: return availability_overlap;
    case Factor::kReliability: return reliability;
    case Factor::kRecency: return recency;
    case Factor::kFairness: return fairness;
    case Factor::kOrganisationResponsiveness: return organisation_responsiveness;
  }
  return 0;
}

absl::Status Validate(const ScoringWeights& w) {
  const std::pair<double, const char*> weights[] = {
      {w.proximity, "proximity"},
      {w.skill_coverage, "skill_coverage"},
      {w.domain_interest, "domain_interest"},
      {w.availability_overlap, "availability_overlap"},
      {w.reliability, "reliability"},
      {w.recency, "recency"},
      {w.fairness, "fairness"},
      {w.organisation_responsiveness, "organisation_responsiveness"}};
  for (const auto& [value, name] : weights) {
    if (absl::Status status = CheckNonNegative(value, name); !status.ok()) return status;
  }
  const std::pair<double, const char*> positives[] = {
      {w.reliability_prior_done, "reliability_prior_done"},
      {w.reliability_prior_no_show, "reliability_prior_no_show"},
      {w.recency_half_life_days, "recency_half_life_days"},
      {w.responsiveness_prior_answered, "responsiveness_prior_answered"},
      {w.responsiveness_prior_received, "responsiveness_prior_received"},
      {w.answer_time_half_life_hours, "answer_time_half_life_hours"}};
  for (const auto& [value, name] : positives) {
    if (absl::Status status = CheckPositive(value, name); !status.ok()) return status;
  }
  if (w.responsiveness_prior_answered > w.responsiveness_prior_received) {
    return absl::InvalidArgumentError(
        "scoring.responsiveness_prior_answered: must not exceed responsiveness_prior_received");
  }
  if (w.monthly_invitation_cap < 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "scoring.monthly_invitation_cap: must be >= 1, got ", w.monthly_invitation_cap));
  }
  return absl::OkStatus();
}

double ProximityValue(double distance_km, int max_travel_km) {
  if (max_travel_km <= 0) return 0;
  return std::clamp(1.0 - distance_km / max_travel_km, 0.0, 1.0);
}

double SkillCoverageValue(int covered, int required) {
  return required == 0 ? 1.0 : static_cast<double>(covered) / required;
}

double DomainInterestValue(uint16_t volunteer_domains, uint16_t main_bit, uint16_t secondary_bit) {
  if (volunteer_domains & main_bit) return 1.0;
  if (volunteer_domains & secondary_bit) return 0.5;
  return 0.0;
}

double AvailabilityValue(int common_hours, int mission_hours) {
  return mission_hours == 0 ? 0.0 : static_cast<double>(common_hours) / mission_hours;
}

double FairnessValue(int invitations_this_month, int cap) {
  if (cap <= 0) return 0;
  return std::max(0.0, 1.0 - static_cast<double>(invitations_this_month) / cap);
}

double AnsweredShare(const OrganisationActivity& activity) {
  if (activity.applications_received <= 0) return 0;
  return std::clamp(static_cast<double>(activity.applications_answered) /
                        activity.applications_received,
                    0.0, 1.0);
}

double ResponsivenessValue(const OrganisationActivity& a, const ScoringWeights& w) {
  const double received = std::max(a.applications_received, 0);
  const double answered = std::clamp<double>(a.applications_answered, 0, received);
  const double share = (answered + w.responsiveness_prior_answered) /
                       (received + w.responsiveness_prior_received);
  const double speed =
      answered > 0
          ? std::exp2(-std::max(a.median_answer_hours, 0.0) / w.answer_time_half_life_hours)
          : 1.0;
  return std::clamp(0.7 * share + 0.3 * speed, 0.0, 1.0);
}

RecencyCurve::RecencyCurve(double half_life_days) {
  for (int days = 0; days <= kMaxRecencyDays; ++days) {
    table_[days] = std::exp2(-days / half_life_days);
  }
}

EffectiveWeights::EffectiveWeights(const ScoringWeights& weights, FactorMask applicable)
    : applicable_(applicable) {
  double total = 0;
  for (int i = 0; i < kFactorCount; ++i) {
    if (applicable & (FactorMask{1} << i)) total += weights.weight(static_cast<Factor>(i));
  }
  if (total <= 0) return;
  for (int i = 0; i < kFactorCount; ++i) {
    if (applicable & (FactorMask{1} << i)) {
      weights_[i] = weights.weight(static_cast<Factor>(i)) / total;
    }
  }
}

void EffectiveWeights::Explain(const FactorValues& values,
                               renfort::v1::ScoreBreakdown& breakdown) const {
  breakdown.Clear();
  for (int i = 0; i < kFactorCount; ++i) {
    if (!(applicable_ & (FactorMask{1} << i))) continue;
    renfort::v1::FactorScore& factor = *breakdown.add_factors();
    factor.set_factor(static_cast<renfort::v1::ScoreFactor>(i + 1));
    factor.set_raw_value(values.raw[i]);
    factor.set_normalised_value(values.normalised[i]);
    factor.set_weight(weights_[i]);
    factor.set_contribution(weights_[i] * values.normalised[i]);
  }
  breakdown.set_score(Score(values.normalised));
}

FactorMask RankFactors(bool mission_in_person) {
  FactorMask mask = FactorBit(Factor::kSkillCoverage) | FactorBit(Factor::kDomainInterest) |
                    FactorBit(Factor::kAvailabilityOverlap) | FactorBit(Factor::kReliability) |
                    FactorBit(Factor::kRecency) | FactorBit(Factor::kFairness);
  if (mission_in_person) mask |= FactorBit(Factor::kProximity);
  return mask;
}

FactorMask RecommendFactors(bool mission_in_person) {
  FactorMask mask = FactorBit(Factor::kSkillCoverage) | FactorBit(Factor::kDomainInterest) |
                    FactorBit(Factor::kAvailabilityOverlap) |
                    FactorBit(Factor::kOrganisationResponsiveness);
  if (mission_in_person) mask |= FactorBit(Factor::kProximity);
  return mask;
}

}  // namespace renfort::matching
