#ifndef RENFORT_SERVICES_VOLUNTEERS_CALENDAR_FEED_H_
#define RENFORT_SERVICES_VOLUNTEERS_CALENDAR_FEED_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "renfort/v1/mission.pb.h"

namespace renfort::services {

// The RFC 5545 VCALENDAR of GetCalendarResponse, built with libical, from (participation id,
// mission) pairs whose missions carry title, time_zone and schedule. One VEVENT per dated slot,
// one weekly-recurring VEVENT (RRULE FREQ=WEEKLY, UNTIL the end of the date range when it has
// one) per weekly slot; DTSTART/DTEND are local times with the mission's TZID, and the calendar
// holds one VTIMEZONE per zone used (from the system's tzdata). UIDs derive from the
// participation and the slot, so they are stable across calls; DTSTAMP is `now`. Thread-safe.
absl::StatusOr<std::string> BuildCalendarFeed(
    const std::vector<std::pair<std::string, renfort::v1::Mission>>& entries, absl::Time now);

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_VOLUNTEERS_CALENDAR_FEED_H_
