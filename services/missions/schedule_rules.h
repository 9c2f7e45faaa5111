#ifndef RENFORT_SERVICES_MISSIONS_SCHEDULE_RULES_H_
#define RENFORT_SERVICES_MISSIONS_SCHEDULE_RULES_H_

// The rules of a mission's schedule (renfort.v1.Schedule), as pure functions: what a valid
// schedule is, and the first and last local dates it covers. Times are minutes after local
// midnight; which zone is local does not matter here.

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "renfort/v1/mission.pb.h"

namespace renfort::services {

namespace v1 = ::renfort::v1;

// OK for a valid schedule, else INVALID_ARGUMENT naming the field under `field` (e.g.
// "mission.schedule.dated_slots[2].end_minute"):
//  - ONE_OFF: 1–200 dated slots, no weekly slot, no date range;
//  - RECURRING: 1–50 weekly slots, no dated slot, a date range with a start and, when set, an
//    end on or after it;
//  - every slot inside one day (start 0–1439, end 1–1440, end after start), on a real date or
//    a weekday;
//  - no two slots overlap (slots that only touch, 10:00–12:00 and 12:00–14:00, are fine).
absl::Status ValidateSchedule(const v1::Schedule& schedule, absl::string_view field);

// First and last local dates of a valid schedule: the earliest and latest slot dates for
// ONE_OFF, the date range for RECURRING (end unset when open-ended).
void ScheduleDates(const v1::Schedule& schedule, v1::Date& start_date, v1::Date& end_date);

// The schedule with its dated slots sorted by date then start, as the API returns them.
void SortDatedSlots(v1::Schedule& schedule);

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_MISSIONS_SCHEDULE_RULES_H_
