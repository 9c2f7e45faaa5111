#include "matching/geo.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace renfort::matching {
namespace {

constexpr double kRadiansPerDegree = std::numbers::pi / 180.0;

}  // namespace

double GreatCircleKm(const GeoPoint& a, const GeoPoint& b) {
  const double lat_a = a.latitude * kRadiansPerDegree;
  const double lat_b = b.latitude * kRadiansPerDegree;
  const double half_dlat = (lat_b - lat_a) / 2;
  const double half_dlon = (b.longitude - a.longitude) * kRadiansPerDegree / 2;
  const double h = std::sin(half_dlat) * std::sin(half_dlat) +
                   std::cos(lat_a) * std::cos(lat_b) * std::sin(half_dlon) * std::sin(half_dlon);
  // Rounding can push h a hair above 1 for antipodal points.
  return 2 * kEarthRadiusKm * std::asin(std::sqrt(std::min(1.0, h)));
}

}  // namespace renfort::matching
