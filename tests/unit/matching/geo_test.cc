#include "matching/geo.h"

#include <gtest/gtest.h>

namespace renfort::matching {
namespace {

// Commune centres from data/communes.csv.
constexpr GeoPoint kParis{48.8589, 2.3469};
constexpr GeoPoint kLille{50.6311, 3.0469};
constexpr GeoPoint kMarseille{43.2803, 5.3806};
constexpr GeoPoint kSaintDenisReunion{-20.9434, 55.4444};

TEST(GreatCircleKm, IsZeroForTheSamePoint) { EXPECT_DOUBLE_EQ(GreatCircleKm(kLille, kLille), 0); }

TEST(GreatCircleKm, MatchesKnownDistancesBetweenFrenchCities) {
  EXPECT_NEAR(GreatCircleKm(kParis, kLille), 204, 2);
  EXPECT_NEAR(GreatCircleKm(kParis, kMarseille), 661, 3);
  EXPECT_NEAR(GreatCircleKm(kParis, kSaintDenisReunion), 9370, 30);
}

TEST(GreatCircleKm, IsSymmetric) {
  EXPECT_DOUBLE_EQ(GreatCircleKm(kParis, kMarseille), GreatCircleKm(kMarseille, kParis));
}

TEST(GreatCircleKm, StaysFiniteForAntipodalPoints) {
  const double distance = GreatCircleKm({0, 0}, {0, 180});
  EXPECT_NEAR(distance, std::numbers::pi * kEarthRadiusKm, 1e-6);
}

}  // namespace
}  // namespace renfort::matching
