#ifndef RENFORT_MATCHING_GEO_H_
#define RENFORT_MATCHING_GEO_H_

namespace renfort::matching {

// A point on the Earth in decimal degrees (WGS 84): latitude in [-90, 90], longitude in
// [-180, 180].
struct GeoPoint {
  double latitude;
  double longitude;
};

// Mean Earth radius used for every distance in renfort, in kilometres (IUGG).
inline constexpr double kEarthRadiusKm = 6371.0088;

// Great-circle distance between two points, in kilometres (haversine formula, accurate to well
// under 0.5% anywhere on Earth, which is far below the precision of a commune's centre).
double GreatCircleKm(const GeoPoint& a, const GeoPoint& b);

}  // namespace renfort::matching

#endif  // RENFORT_MATCHING_GEO_H_
