#include <gtest/gtest.h>
#include <cstdio>
#include "matching/geo.h"
#include "matching/records.h"
TEST(Debug, Distance) {
  using namespace renfort::matching;
  GeoPointF a{48.9f, 2.35f}, b{48.7f, 2.5f};
  double d1 = DistanceKm(a, b);
  double d2 = GreatCircleKm({a.latitude, a.longitude}, {b.latitude, b.longitude});
  GeoPoint pa{static_cast<float>(48.9), static_cast<float>(2.35)};
  GeoPoint pb{static_cast<float>(48.7), static_cast<float>(2.5)};
  double d3 = GreatCircleKm(pa, pb);
  printf("%.17g %.17g %.17g\n", d1, d2, d3);
}
