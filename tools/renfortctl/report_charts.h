#ifndef RENFORT_TOOLS_RENFORTCTL_REPORT_CHARTS_H_
#define RENFORT_TOOLS_RENFORTCTL_REPORT_CHARTS_H_

// The coordinator report's charts as inline SVG (no script, no external resource), sized by a
// viewBox so they scale to the page and print sharp. Every text drawn is HTML-escaped; each
// mark carries a <title> with its figure for screen readers and hovering.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "renfort/v1/participation.pb.h"
#include "renfort/v1/stats.pb.h"
#include "tools/renfortctl/report_content.h"

namespace renfort::ctl {

// The colour of a participation status in the charts and their legends ("#16a34a").
std::string StatusColour(v1::ParticipationStatus status);

// The statuses with a non-zero count in at least one of `weeks`, in enum order.
std::vector<v1::ParticipationStatus> StatusesPresent(const std::vector<ReportWeek>& weeks);

// Top of the value axis and its step for values up to `largest`: the step is 1, 2 or 5 times a
// power of ten, with at most 5 steps up to the top. NiceAxis(7) = {8, 2}; NiceAxis(0) = {1, 1}.
struct Axis {
  int64_t top;
  int64_t step;
};
Axis NiceAxis(int64_t largest);

// Stacked bars: one per week (labelled with its start day in `zone`), one segment per status
// of `statuses`, the week's total above the bar.
std::string WeeklyStatusChart(const std::vector<ReportWeek>& weeks,
                              const std::vector<v1::ParticipationStatus>& statuses,
                              absl::TimeZone zone);

// Horizontal bars, one per group with places offered: fill rate, then "filled/offered".
std::string FillRateChart(const std::vector<v1::ParticipationStatsGroup>& domains);

// A ring: the remote share of participations against the rest, the share in its centre.
std::string RemoteShareChart(double remote_share);
// The ring's two colours, for its legend.
std::string RemoteColour();
std::string OnSiteColour();

}  // namespace renfort::ctl

#endif  // RENFORT_TOOLS_RENFORTCTL_REPORT_CHARTS_H_
