#include "tools/renfortctl/report_charts.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tools/renfortctl/report_text.h"

namespace renfort::ctl {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr char kTrackColour[] = "#e5e7eb";
constexpr char kFillColour[] = "#2563eb";
constexpr char kRemoteColour[] = "#0d9488";
constexpr char kOnSiteColour[] = "#cbd5e1";
constexpr char kInkColour[] = "#1f2937";
constexpr char kMutedColour[] = "#6b7280";

// A coordinate or length in the SVG's user units, to a tenth.
std::string U(double value) { return absl::StrFormat("%.1f", value); }

int64_t CountOf(const v1::ParticipationStats& stats, v1::ParticipationStatus status) {
  for (const v1::ParticipationStatusCount& count : stats.status_counts()) {
    if (count.status() == status) return count.count();
  }
  return 0;
}

std::string SvgOpen(int width, int height, const std::string& label) {
  return absl::StrCat("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ", width, " ",
                      height, "\" role=\"img\" aria-label=\"", HtmlEscape(label), "\">");
}

std::string Rect(double x, double y, double width, double height, const std::string& fill,
                 const std::string& title = "") {
  std::string rect = absl::StrCat("<rect x=\"", U(x), "\" y=\"", U(y), "\" width=\"", U(width),
                                  "\" height=\"", U(height), "\" fill=\"", fill, "\"");
  if (title.empty()) return rect + "/>";
  return absl::StrCat(rect, "><title>", HtmlEscape(title), "</title></rect>");
}

std::string Text(double x, double y, const std::string& anchor, const std::string& text,
                 const std::string& extra = "") {
  return absl::StrCat("<text x=\"", U(x), "\" y=\"", U(y), "\" text-anchor=\"", anchor, "\"", extra,
                      ">", HtmlEscape(text), "</text>");
}

}  // namespace

std::string StatusColour(v1::ParticipationStatus status) {
  switch (status) {
    case v1::PARTICIPATION_STATUS_WAITLISTED:
      return "#94a3b8";
    case v1::PARTICIPATION_STATUS_PENDING:
      return "#fbbf24";
    case v1::PARTICIPATION_STATUS_IN_REVIEW:
      return "#fb923c";
    case v1::PARTICIPATION_STATUS_ACCEPTED:
      return "#3b82f6";
    case v1::PARTICIPATION_STATUS_REFUSED:
      return "#ef4444";
    case v1::PARTICIPATION_STATUS_CANCELLED:
      return "#a855f7";
    case v1::PARTICIPATION_STATUS_DONE:
      return "#16a34a";
    case v1::PARTICIPATION_STATUS_NO_SHOW:
      return "#7f1d1d";
    default:
      return "#000000";
  }
}

std::vector<v1::ParticipationStatus> StatusesPresent(const std::vector<ReportWeek>& weeks) {
  std::vector<v1::ParticipationStatus> present;
  for (int s = v1::PARTICIPATION_STATUS_WAITLISTED; s <= v1::PARTICIPATION_STATUS_NO_SHOW; ++s) {
    const auto status = static_cast<v1::ParticipationStatus>(s);
    if (std::any_of(weeks.begin(), weeks.end(),
                    [&](const ReportWeek& week) { return CountOf(week.stats, status) > 0; })) {
      present.push_back(status);
    }
  }
  return present;
}

Axis NiceAxis(int64_t largest) {
  for (int64_t power = 1;; power *= 10) {
    for (const int64_t multiple : {1, 2, 5}) {
      const int64_t step = multiple * power;
      const int64_t steps = std::max<int64_t>(1, (largest + step - 1) / step);
      if (steps <= 5) return {steps * step, step};
    }
  }
}

std::string WeeklyStatusChart(const std::vector<ReportWeek>& weeks,
                              const std::vector<v1::ParticipationStatus>& statuses,
                              absl::TimeZone zone) {
  constexpr int kWidth = 760, kHeight = 300;
  constexpr double kLeft = 52, kRight = 12, kTop = 20, kBottom = 36;
  const double plot_width = kWidth - kLeft - kRight;
  const double plot_height = kHeight - kTop - kBottom;
  int64_t largest = 0;
  for (const ReportWeek& week : weeks) {
    int64_t total = 0;
    for (const v1::ParticipationStatus status : statuses) total += CountOf(week.stats, status);
    largest = std::max(largest, total);
  }
  const Axis axis = NiceAxis(largest);
  auto y_of = [&](double value) {
    return kTop + plot_height * (1 - value / static_cast<double>(axis.top));
  };

  std::string svg = SvgOpen(kWidth, kHeight, "Participations créées par semaine et par statut");
  for (int64_t tick = 0; tick <= axis.top; tick += axis.step) {
    const double y = y_of(static_cast<double>(tick));
    absl::StrAppend(&svg, "<line x1=\"", U(kLeft), "\" x2=\"", U(kWidth - kRight), "\" y1=\"", U(y),
                    "\" y2=\"", U(y), "\" stroke=\"", kTrackColour, "\"/>",
                    Text(kLeft - 6, y + 4, "end", FrenchInteger(tick),
                         absl::StrCat(" fill=\"", kMutedColour, "\"")));
  }
  const double slot = weeks.empty() ? plot_width : plot_width / static_cast<double>(weeks.size());
  const double bar = slot * 0.68;
  for (size_t i = 0; i < weeks.size(); ++i) {
    const ReportWeek& week = weeks[i];
    const double x = kLeft + slot * static_cast<double>(i) + (slot - bar) / 2;
    const std::string label = FrenchDayMonth(week.start, zone);
    double stacked = 0;
    for (const v1::ParticipationStatus status : statuses) {
      const int64_t count = CountOf(week.stats, status);
      if (count == 0) continue;
      const double top = y_of(stacked + static_cast<double>(count));
      absl::StrAppend(&svg, Rect(x, top, bar, y_of(stacked) - top, StatusColour(status),
                                 absl::StrCat("Semaine du ", label, " — ", FrenchStatusName(status),
                                              " : ", FrenchInteger(count))));
      stacked += static_cast<double>(count);
    }
    absl::StrAppend(
        &svg,
        Text(x + bar / 2, y_of(stacked) - 5, "middle", FrenchInteger(static_cast<int64_t>(stacked)),
             absl::StrCat(" fill=\"", kInkColour, "\" font-weight=\"600\"")),
        Text(x + bar / 2, kHeight - kBottom + 18, "middle", label,
             absl::StrCat(" fill=\"", kMutedColour, "\"")));
  }
  absl::StrAppend(&svg, "<line x1=\"", U(kLeft), "\" x2=\"", U(kWidth - kRight), "\" y1=\"",
                  U(y_of(0)), "\" y2=\"", U(y_of(0)), "\" stroke=\"", kMutedColour, "\"/></svg>");
  return svg;
}

std::string FillRateChart(const std::vector<v1::ParticipationStatsGroup>& domains) {
  std::vector<const v1::ParticipationStatsGroup*> shown;
  for (const v1::ParticipationStatsGroup& group : domains) {
    if (group.stats().places_offered() > 0) shown.push_back(&group);
  }
  if (shown.empty()) return "";
  constexpr int kWidth = 760, kRow = 30;
  constexpr double kLabel = 230, kBar = 380;
  const int height = static_cast<int>(shown.size()) * kRow + 8;
  std::string svg = SvgOpen(kWidth, height, "Taux de remplissage par domaine");
  for (size_t i = 0; i < shown.size(); ++i) {
    const v1::ParticipationStats& stats = shown[i]->stats();
    const std::string name = FrenchDomainName(shown[i]->domain());
    const double y = 4 + static_cast<double>(i) * kRow;
    const double rate = std::clamp(stats.fill_rate(), 0.0, 1.0);
    const std::string figures =
        absl::StrCat(FrenchPercent(stats.fill_rate()), " (", FrenchInteger(stats.places_filled()),
                     "/", FrenchInteger(stats.places_offered()), ")");
    absl::StrAppend(
        &svg, Text(kLabel - 8, y + 19, "end", name, absl::StrCat(" fill=\"", kInkColour, "\"")),
        Rect(kLabel, y + 5, kBar, 20, kTrackColour),
        Rect(kLabel, y + 5, kBar * rate, 20, kFillColour, absl::StrCat(name, " — ", figures)),
        Text(kLabel + kBar + 8, y + 19, "start", figures,
             absl::StrCat(" fill=\"", kInkColour, "\"")));
  }
  return svg + "</svg>";
}

std::string RemoteShareChart(double remote_share) {
  constexpr double kRadius = 60, kCentre = 80, kStroke = 26;
  const double share = std::isfinite(remote_share) ? std::clamp(remote_share, 0.0, 1.0) : 0;
  const double circumference = 2 * kPi * kRadius;
  std::string svg = SvgOpen(160, 160, "Part des participations à distance");
  auto ring = [&](const char* colour, const std::string& dash, const std::string& title) {
    return absl::StrCat("<circle cx=\"", U(kCentre), "\" cy=\"", U(kCentre), "\" r=\"", U(kRadius),
                        "\" fill=\"none\" stroke=\"", colour, "\" stroke-width=\"", U(kStroke),
                        "\"", dash, " transform=\"rotate(-90 ", U(kCentre), " ", U(kCentre),
                        ")\"><title>", HtmlEscape(title), "</title></circle>");
  };
  absl::StrAppend(&svg,
                  ring(kOnSiteColour, "", absl::StrCat("Sur site : ", FrenchPercent(1 - share))));
  if (share > 0) {
    absl::StrAppend(&svg, ring(kRemoteColour,
                               absl::StrCat(" stroke-dasharray=\"", U(circumference * share), " ",
                                            U(circumference), "\""),
                               absl::StrCat("À distance : ", FrenchPercent(share))));
  }
  absl::StrAppend(
      &svg,
      Text(kCentre, kCentre + 7, "middle", FrenchPercent(share),
           absl::StrCat(" fill=\"", kInkColour, "\" font-size=\"20\" font-weight=\"700\"")),
      "</svg>");
  return svg;
}

std::string RemoteColour() { return kRemoteColour; }
std::string OnSiteColour() { return kOnSiteColour; }

}  // namespace renfort::ctl
