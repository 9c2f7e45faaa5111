#ifndef RENFORT_TOOLS_RENFORTCTL_REPORT_PERIOD_H_
#define RENFORT_TOOLS_RENFORTCTL_REPORT_PERIOD_H_

// The weeks the coordinator report covers. Weeks are counted back from the end of the period
// in civil time of the report's zone, so every week starts at the same local hour (Monday
// midnight by default) across daylight-saving changes.

#include <vector>

#include "absl/time/time.h"

namespace renfort::ctl {

// Bounds of the report: weeks 1–104.
inline constexpr int kMinReportWeeks = 1;
inline constexpr int kMaxReportWeeks = 104;

// The zone the report's weeks and dates are in: Europe/Paris, or UTC where the machine has no
// time zone data.
absl::TimeZone ReportTimeZone();

// The end of the week containing `now`: the next Monday 00:00 in `zone` strictly after `now`.
absl::Time EndOfWeek(absl::Time now, absl::TimeZone zone);

// `weeks` + 1 instants: the start of each week, oldest first, then `end`. Week i is
// [bounds[i], bounds[i + 1]), each 7 civil days of `zone` long.
std::vector<absl::Time> WeekBounds(absl::Time end, int weeks, absl::TimeZone zone);

}  // namespace renfort::ctl

#endif  // RENFORT_TOOLS_RENFORTCTL_REPORT_PERIOD_H_
