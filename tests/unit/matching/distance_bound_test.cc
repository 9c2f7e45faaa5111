#include "matching/distance_bound.h"

#include <gtest/gtest.h>

#include <random>

namespace renfort::matching {
namespace {

double LowerBound(GeoPointF a, GeoPointF b) {
  return DistanceLowerBoundKm(BoundPoint::Of(a), BoundPoint::Of(b));
}

// The bound may only ever be below the distance, and within 200 km of a French point it must
// be close enough to order and prune home groups (a few metres short).
TEST(DistanceLowerBoundKm, NeverExceedsTheDistanceAndIsTightAtTravelScale) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> latitude(41, 51.5), longitude(-5, 9.6), offset(-2, 2);
  int close = 0;
  for (int i = 0; i < 200000; ++i) {
    const GeoPointF a{static_cast<float>(latitude(rng)), static_cast<float>(longitude(rng))};
    const GeoPointF b = i % 2 == 0 ? GeoPointF{static_cast<float>(a.latitude + offset(rng)),
                                              static_cast<float>(a.longitude + offset(rng))}
                                   : GeoPointF{static_cast<float>(latitude(rng)),
                                               static_cast<float>(longitude(rng))};
    const double distance = DistanceKm(a, b);
    const double bound = LowerBound(a, b);
    ASSERT_LE(bound, distance) << a.latitude << "," << a.longitude << " " << b.latitude << ","
                               << b.longitude;
    ASSERT_GE(bound, 0);
    if (distance <= 200) {
      EXPECT_GE(bound, distance - 0.05 - distance * 1e-4);
      ++close;
    }
  }
  EXPECT_GE(close, 50000);
}

TEST(DistanceLowerBoundKm, HoldsAcrossTheGlobeAndAtTheSamePoint) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> latitude(-90, 90), longitude(-180, 180);
  for (int i = 0; i < 200000; ++i) {
    const GeoPointF a{static_cast<float>(latitude(rng)), static_cast<float>(longitude(rng))};
    const GeoPointF b{static_cast<float>(latitude(rng)), static_cast<float>(longitude(rng))};
    ASSERT_LE(LowerBound(a, b), DistanceKm(a, b));
    ASSERT_EQ(LowerBound(a, a), 0);
  }
  // La Réunion and Guadeloupe, far from metropolitan France and from each other.
  const GeoPointF reunion{-20.9434f, 55.4444f}, guadeloupe{16.2411f, -61.5331f};
  EXPECT_LE(LowerBound(reunion, guadeloupe), DistanceKm(reunion, guadeloupe));
  EXPECT_GT(LowerBound(reunion, guadeloupe), 1000);
}

}  // namespace
}  // namespace renfort::matching
