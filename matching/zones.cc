#include "matching/zones.h"

#include <cmath>

namespace renfort::matching {

int DepartmentZones::UtcOffsetHours(absl::string_view department_code, absl::Time at) const {
  const int offset_seconds = ZoneOf(department_code).At(at).offset;
  return static_cast<int>(std::lround(offset_seconds / 3600.0));
}

}  // namespace renfort::matching
