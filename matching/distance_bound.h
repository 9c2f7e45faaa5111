#ifndef RENFORT_MATCHING_DISTANCE_BOUND_H_
#define RENFORT_MATCHING_DISTANCE_BOUND_H_

#include <algorithm>
#include <cmath>
#include <numbers>

#include "matching/geo.h"
#include "matching/records.h"

namespace renfort::matching {

// A lower bound of DistanceKm without a trigonometric call, for ordering and pruning candidates
// before paying for the exact distance (a haversine costs four sines and cosines and an arc
// sine; ranking a Paris mission meets thousands of home groups, most of them never visited).
//
// Haversine: θ = 2 asin(√h), h = sin²(Δφ/2) + cos φa cos φb sin²(Δλ/2). Since asin y ≥ y,
// θ ≥ 2√h; h is bounded below with sin s ≥ s − s³/6 (s ≥ 0) and
// cos φ ≥ 1 − φ²/2 + φ⁴/24 − φ⁶/720 (every real φ), each clamped at 0. Within 200 km the bound
// is a few metres short of the distance (the first neglected terms are θ²/24 relative); a
// margin far above the rounding of either computation keeps it a bound.
struct BoundPoint {
  double latitude = 0;   // radians
  double longitude = 0;  // radians
  double cos_latitude_lower = 0;

  static BoundPoint Of(GeoPointF point) {
    constexpr double kRadiansPerDegree = std::numbers::pi / 180.0;
    BoundPoint bound;
    bound.latitude = point.latitude * kRadiansPerDegree;
    bound.longitude = point.longitude * kRadiansPerDegree;
    const double x2 = bound.latitude * bound.latitude;
    bound.cos_latitude_lower =
        std::max(0.0, 1 - x2 / 2 * (1 - x2 / 12 * (1 - x2 / 30)));
    return bound;
  }
};

inline double DistanceLowerBoundKm(const BoundPoint& a, const BoundPoint& b) {
  auto sin_lower = [](double s) { return std::max(0.0, s - s * s * s / 6); };
  const double half_dlat = sin_lower(std::abs(a.latitude - b.latitude) / 2);
  const double half_dlon = sin_lower(std::abs(a.longitude - b.longitude) / 2);
  const double h = half_dlat * half_dlat +
                   a.cos_latitude_lower * b.cos_latitude_lower * half_dlon * half_dlon;
  return std::max(0.0, 2 * kEarthRadiusKm * std::sqrt(h) * (1 - 1e-9) - 1e-9);
}

}  // namespace renfort::matching

#endif  // RENFORT_MATCHING_DISTANCE_BOUND_H_
