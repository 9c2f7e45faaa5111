#include "matching/scoring.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/status_matchers.h"

namespace renfort::matching {
namespace {

using ::renfort::testing::StatusIs;

TEST(ProximityValue, IsOneAtHomeZeroAtTheLimitAndNeverIncreasesWithDistance) {
  EXPECT_EQ(ProximityValue(0, 20), 1);
  EXPECT_EQ(ProximityValue(20, 20), 0);
  EXPECT_EQ(ProximityValue(35, 20), 0);
  double previous = 2;
  for (double km = 0; km <= 30; km += 0.01) {
    const double value = ProximityValue(km, 20);
    EXPECT_LE(value, previous) << km;
    previous = value;
  }
}

TEST(SkillCoverageValue, IsOneWhenNoSkillIsRequired) {
  EXPECT_EQ(SkillCoverageValue(0, 0), 1);
  EXPECT_EQ(SkillCoverageValue(1, 4), 0.25);
}

TEST(DomainInterestValue, CountsTheMainDomainFullyAndTheSecondaryHalf) {
  EXPECT_EQ(DomainInterestValue(0b101, 0b001, 0b100), 1);
  EXPECT_EQ(DomainInterestValue(0b100, 0b001, 0b100), 0.5);
  EXPECT_EQ(DomainInterestValue(0b010, 0b001, 0b100), 0);
  EXPECT_EQ(DomainInterestValue(0b010, 0b001, 0), 0);
}

TEST(ReliabilityValue, StartsNewcomersAtThePriorAndRewardsDoneOverNoShow) {
  const ScoringWeights weights;
  EXPECT_DOUBLE_EQ(ReliabilityValue(0, 0, weights), 0.75);
  EXPECT_GT(ReliabilityValue(10, 0, weights), ReliabilityValue(0, 0, weights));
  EXPECT_LT(ReliabilityValue(0, 2, weights), ReliabilityValue(0, 0, weights));
  EXPECT_LT(ReliabilityValue(5, 3, weights), ReliabilityValue(5, 2, weights));
}

TEST(RecencyCurve, HalvesEveryHalfLifeAndClampsOutOfRangeDays) {
  const RecencyCurve curve(30);
  EXPECT_EQ(curve.Value(0), 1);
  EXPECT_DOUBLE_EQ(curve.Value(30), 0.5);
  EXPECT_EQ(curve.Value(-3), 1);
  EXPECT_EQ(curve.Value(10000), curve.Value(kMaxRecencyDays));
}

TEST(FairnessValue, ReachesZeroAtTheMonthlyCap) {
  EXPECT_EQ(FairnessValue(0, 2), 1);
  EXPECT_EQ(FairnessValue(1, 2), 0.5);
  EXPECT_EQ(FairnessValue(2, 2), 0);
  EXPECT_EQ(FairnessValue(5, 2), 0);
}

TEST(ResponsivenessValue, RewardsAnsweringMoreAndFaster) {
  const ScoringWeights weights;
  OrganisationActivity slow{20, 10, 200};
  OrganisationActivity more{20, 20, 200};
  OrganisationActivity faster{20, 20, 5};
  EXPECT_LT(ResponsivenessValue(slow, weights), ResponsivenessValue(more, weights));
  EXPECT_LT(ResponsivenessValue(more, weights), ResponsivenessValue(faster, weights));
  EXPECT_LE(ResponsivenessValue(faster, weights), 1);
}

TEST(EffectiveWeights, RenormaliseOverTheFactorsThatApply) {
  const ScoringWeights weights;
  const EffectiveWeights remote(weights, RankFactors(false));
  EXPECT_EQ(remote.weight(Factor::kProximity), 0);
  EXPECT_EQ(remote.weight(Factor::kOrganisationResponsiveness), 0);
  double sum = 0;
  for (int i = 0; i < kFactorCount; ++i) sum += remote.weight(static_cast<Factor>(i));
  EXPECT_NEAR(sum, 1, 1e-15);
  EXPECT_DOUBLE_EQ(remote.weight(Factor::kSkillCoverage), 0.20 / 0.75);
}

TEST(EffectiveWeights, ExplainListsApplicableFactorsWhoseContributionsSumToTheScore) {
  const EffectiveWeights weights(ScoringWeights{}, RankFactors(true));
  FactorValues values;
  for (int i = 0; i < kFactorCount; ++i) {
    values.normalised[i] = 0.1 * (i + 1);
    values.raw[i] = i;
  }
  renfort::v1::ScoreBreakdown breakdown;
  weights.Explain(values, breakdown);
  ASSERT_EQ(breakdown.factors_size(), 7);
  EXPECT_EQ(breakdown.factors(0).factor(), renfort::v1::SCORE_FACTOR_PROXIMITY);
  EXPECT_EQ(breakdown.factors(6).factor(), renfort::v1::SCORE_FACTOR_FAIRNESS);
  double sum = 0;
  for (const auto& factor : breakdown.factors()) {
    EXPECT_EQ(factor.contribution(), factor.weight() * factor.normalised_value());
    sum += factor.contribution();
  }
  EXPECT_EQ(sum, breakdown.score());
  EXPECT_EQ(breakdown.score(), weights.Score(values.normalised));
}

TEST(Validate, RejectsNegativeWeightsAndAZeroCap) {
  ScoringWeights weights;
  EXPECT_OK(Validate(weights));
  weights.proximity = -1;
  EXPECT_THAT(Validate(weights), StatusIs(absl::StatusCode::kInvalidArgument));
  weights = ScoringWeights();
  weights.monthly_invitation_cap = 0;
  EXPECT_THAT(Validate(weights), StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace renfort::matching
