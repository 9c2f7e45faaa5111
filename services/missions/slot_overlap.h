// Whether two missions' schedules share an instant, each schedule being in the local time of
// its own mission's time zone (Mission.time_zone): a Réunion mission at 09:00 is 09:00 in
// Réunion, i.e. 06:00 or 07:00 in Paris. Pure logic, no I/O, no clock.
#ifndef RENFORT_SERVICES_MISSIONS_SLOT_OVERLAP_H_
#define RENFORT_SERVICES_MISSIONS_SLOT_OVERLAP_H_

#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "renfort/v1/mission.pb.h"

namespace renfort::services {

// A half-open interval of instants [start, end).
struct TimeSlot {
  absl::Time start;
  absl::Time end;
};

// The first instant shared by `a` and `b`, if any. Slots are half-open, so back-to-back slots
// (one ends at 12:00, the other starts at 12:00) do not overlap. Reads from each mission its
// schedule (dated slots, or weekly slots inside date_range) and time_zone (an unknown zone
// is read as UTC; storage always fills a valid one). Recurring schedules are compared over
// the dates both missions run, capped at kOverlapHorizonDays from the later start: long enough
// for every weekday and daylight-saving combination of a year to occur.
std::optional<absl::Time> FirstSharedInstant(const renfort::v1::Mission& a,
                                             const renfort::v1::Mission& b);

inline constexpr int kOverlapHorizonDays = 400;

// OK when `mission` shares no instant with any of `accepted` (the volunteer's other ACCEPTED
// participations' missions); FAILED_PRECONDITION naming the first conflicting mission and the
// instant otherwise.
absl::Status CheckNoScheduleOverlap(const renfort::v1::Mission& mission,
                                    const std::vector<renfort::v1::Mission>& accepted);

// The instants of `mission`'s slots that fall on local dates [from, until], sorted by start.
// Exposed for tests.
std::vector<TimeSlot> SlotInstants(const renfort::v1::Mission& mission, absl::CivilDay from,
                                   absl::CivilDay until);

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_MISSIONS_SLOT_OVERLAP_H_
