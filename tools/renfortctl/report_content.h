#ifndef RENFORT_TOOLS_RENFORTCTL_REPORT_CONTENT_H_
#define RENFORT_TOOLS_RENFORTCTL_REPORT_CONTENT_H_

// What the coordinator report shows, as fetched from GetParticipationStats (report_fetch.h)
// and drawn by report_html.h. The figures are the API's messages, not copies of them.

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "renfort/v1/stats.pb.h"

namespace renfort::ctl {

// The figures of one week: participations created in [start, end), by status.
struct ReportWeek {
  absl::Time start;
  absl::Time end;
  v1::ParticipationStats stats;
};

struct CoordinatorReport {
  // Départements asked for; empty means the caller's whole scope.
  std::vector<std::string> department_codes;
  // The period [start, end) and the zone its dates are shown in.
  absl::Time period_start;
  absl::Time period_end;
  absl::TimeZone zone;
  absl::Time generated_at;
  // Figures over the whole period.
  v1::ParticipationStats total;
  // STATS_GROUPING_DOMAIN and STATS_GROUPING_COMMUNE groups over the period, as the server
  // orders them (domain enum order, INSEE code).
  std::vector<v1::ParticipationStatsGroup> domains;
  std::vector<v1::ParticipationStatsGroup> communes;
  // Oldest first, covering the period.
  std::vector<ReportWeek> weeks;
};

}  // namespace renfort::ctl

#endif  // RENFORT_TOOLS_RENFORTCTL_REPORT_CONTENT_H_
