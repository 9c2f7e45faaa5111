#ifndef RENFORT_MATCHING_ZONES_H_
#define RENFORT_MATCHING_ZONES_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace renfort::matching {

// The time zone of each département, as absl::TimeZone values the caller has already loaded
// (absl::LoadTimeZone reads tzdata files; matching does no I/O). Used to put volunteers'
// availability and missions' schedules on one clock. Immutable once built; safe to share.
class DepartmentZones {
 public:
  // Départements not added use `default_zone` (metropolitan France: Europe/Paris).
  explicit DepartmentZones(absl::TimeZone default_zone) : default_zone_(default_zone) {}

  void Add(std::string department_code, absl::TimeZone zone) {
    zones_.insert_or_assign(std::move(department_code), zone);
  }

  absl::TimeZone ZoneOf(absl::string_view department_code) const {
    auto it = zones_.find(department_code);
    return it == zones_.end() ? default_zone_ : it->second;
  }

  // Whole hours the département's clock is ahead of UTC at `at` (rounded to the nearest hour;
  // every French zone is a whole number of hours from UTC).
  int UtcOffsetHours(absl::string_view department_code, absl::Time at) const;

 private:
  absl::TimeZone default_zone_;
  absl::flat_hash_map<std::string, absl::TimeZone> zones_;
};

}  // namespace renfort::matching

#endif  // RENFORT_MATCHING_ZONES_H_
