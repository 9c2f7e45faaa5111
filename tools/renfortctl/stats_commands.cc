// `renfortctl stats get|export|report`: participation figures, the CSV export and the HTML
// report for coordinators (MissionService GetParticipationStats, ExportParticipations).
#include <google/protobuf/util/time_util.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "renfort/v1/mission_service.grpc.pb.h"
#include "tools/renfortctl/command.h"
#include "tools/renfortctl/report_fetch.h"
#include "tools/renfortctl/report_html.h"
#include "tools/renfortctl/report_period.h"
#include "tools/renfortctl/request_parts.h"
#include "tools/renfortctl/stats_view.h"

namespace renfort::ctl {
namespace {

using v1::MissionService;

std::vector<FlagSpec> FilterFlags() {
  return {
      ListFlag("dept", "départements of the missions, e.g. 59,62"),
      EnumListFlag("domain", v1::Domain_descriptor(), "DOMAIN_", "main domains of the missions"),
      ListFlag("org", "organisations owning the missions"),
      EnumListFlag("format", v1::Format_descriptor(), "FORMAT_", "formats of the missions"),
      TimestampFlag("since", "start of the time window (inclusive), a date or RFC 3339 time"),
      TimestampFlag("until", "end of the time window (exclusive)")};
}

void BuildFilter(const ParsedFlags& flags, v1::ParticipationFilter* filter) {
  for (const std::string& code : flags.List("dept")) filter->add_department_codes(code);
  AddEnums(flags, "domain", filter->mutable_domains());
  for (const std::string& id : flags.List("org")) filter->add_organisation_ids(id);
  AddEnums(flags, "format", filter->mutable_formats());
  if (flags.Has("since"))
    *filter->mutable_time_window()->mutable_start_time() = flags.Timestamp("since");
  if (flags.Has("until"))
    *filter->mutable_time_window()->mutable_end_time() = flags.Timestamp("until");
}

Command Get() {
  std::vector<FlagSpec> flags = FilterFlags();
  flags.push_back(
      EnumFlag("by", v1::StatsGrouping_descriptor(), "STATS_GROUPING_", "one row per group"));
  Command command = UnaryCommand<MissionService, v1::GetParticipationStatsRequest,
                                 v1::GetParticipationStatsResponse>(
      "stats", "get",
      "Participation figures over your scope: fill rate, hours, no-shows, remote share.",
      "renfort.v1.MissionService/GetParticipationStats", std::move(flags),
      [](const ParsedFlags& flags, v1::GetParticipationStatsRequest& request) {
        BuildFilter(flags, request.mutable_filter());
        request.set_grouping(static_cast<v1::StatsGrouping>(flags.Enum("by")));
        return absl::OkStatus();
      },
      &MissionService::Stub::GetParticipationStats,
      [](const v1::GetParticipationStatsResponse& response, const ParsedFlags&) {
        return StatsText(response);
      });
  command.details =
      "Example: --dept=59 --by=domain --since=2026-01-01. Per format: --format=remote.";
  return command;
}

Command Export() {
  std::vector<FlagSpec> flags = FilterFlags();
  flags.push_back(EnumListFlag("status", v1::ParticipationStatus_descriptor(),
                               "PARTICIPATION_STATUS_", "only participations in these statuses"));
  flags.push_back(StringFlag("out", "write the CSV to this file instead of stdout"));
  Command command = StreamingCommand<MissionService, v1::ExportParticipationsRequest,
                                     v1::ExportParticipationsResponse>(
      "stats", "export", "Exports participations as CSV, one row each (no contact data).",
      "renfort.v1.MissionService/ExportParticipations", std::move(flags),
      [](const ParsedFlags& flags, v1::ExportParticipationsRequest& request) {
        BuildFilter(flags, request.mutable_filter());
        AddEnums(flags, "status", request.mutable_statuses());
        return absl::OkStatus();
      },
      &MissionService::Stub::ExportParticipations,
      [](const ParsedFlags&) { return CsvHeader(*v1::ParticipationExportRow::descriptor()); },
      [](const v1::ExportParticipationsResponse& response, const ParsedFlags&) {
        return CsvLine(response.row());
      });
  command.details =
      "The window selects participations created in it. --json prints one JSON object per line.\n"
      "Rows are written as they arrive; --out writes FILE.partial, renamed to FILE when complete.\n"
      "The default deadline is 10m.";
  command.default_timeout = absl::Minutes(10);
  return command;
}

constexpr int kDefaultReportWeeks = 12;

int ReportWeeks(const ParsedFlags& flags) {
  return flags.Has("weeks") ? static_cast<int>(flags.Int("weeks")) : kDefaultReportWeeks;
}

// The request over the report's whole period; the calls of the report derive from it
// (report_fetch.h). The period ends with the current week unless --until says otherwise.
absl::Status BuildReportPeriod(const ParsedFlags& flags,
                               v1::GetParticipationStatsRequest& request) {
  if (flags.Bool("json")) {
    return FlagError("json", "stats report writes an HTML page; `stats get --json` gives figures");
  }
  if (flags.Has("weeks") &&
      (flags.Int("weeks") < kMinReportWeeks || flags.Int("weeks") > kMaxReportWeeks)) {
    return FlagError("weeks", absl::StrCat("must be between ", kMinReportWeeks, " and ",
                                           kMaxReportWeeks, ", got ", flags.Int("weeks")));
  }
  using ::google::protobuf::util::TimeUtil;
  const absl::TimeZone zone = ReportTimeZone();
  const absl::Time end =
      flags.Has("until")
          ? absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(flags.Timestamp("until")))
          : EndOfWeek(absl::Now(), zone);
  const absl::Time start = WeekBounds(end, ReportWeeks(flags), zone).front();
  v1::ParticipationFilter& filter = *request.mutable_filter();
  for (const std::string& code : flags.List("dept")) filter.add_department_codes(code);
  AddEnums(flags, "domain", filter.mutable_domains());
  for (const std::string& id : flags.List("org")) filter.add_organisation_ids(id);
  AddEnums(flags, "format", filter.mutable_formats());
  *filter.mutable_time_window()->mutable_start_time() =
      TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(start));
  *filter.mutable_time_window()->mutable_end_time() =
      TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(end));
  return absl::OkStatus();
}

Command Report() {
  std::vector<FlagSpec> flags;
  for (FlagSpec& flag : FilterFlags()) {
    if (flag.name != "since" && flag.name != "until") flags.push_back(std::move(flag));
  }
  flags.push_back(IntFlag("weeks", "number of weeks, the current one last (default 12, 1–104)"));
  flags.push_back(TimestampFlag("until",
                                "end of the last week (exclusive) instead of the "
                                "coming Monday 00:00 Paris time"));
  flags.push_back(StringFlag("out", "write the page to this file instead of stdout"));
  // Built as a unary command for its request; the calls are made by call_several.
  Command command = UnaryCommand<MissionService, v1::GetParticipationStatsRequest,
                                 v1::GetParticipationStatsResponse>(
      "stats", "report",
      "Writes the coordinator report: a self-contained HTML page in French, with charts.",
      "renfort.v1.MissionService/GetParticipationStats", std::move(flags), BuildReportPeriod,
      &MissionService::Stub::GetParticipationStats,
      [](const v1::GetParticipationStatsResponse& response, const ParsedFlags&) {
        return StatsText(response);
      });
  command.call = nullptr;
  command.call_several = [](const std::shared_ptr<grpc::Channel>& channel,
                            const ContextFactory& new_context, const Message& request,
                            const ParsedFlags& flags, std::string& text) {
    CoordinatorReport report;
    const grpc::Status status = FetchReport(
        channel, new_context, static_cast<const v1::GetParticipationStatsRequest&>(request),
        ReportWeeks(flags), ReportTimeZone(), report);
    if (!status.ok()) return status;
    report.generated_at = absl::Now();
    text = RenderReportHtml(report);
    return grpc::Status::OK;
  };
  command.details =
      "Example: --dept=59 --out=report.html. Participations per week by status, fill rate by\n"
      "domain, remote share and a table of communes; inline CSS and SVG only (no script, no\n"
      "external resource), so it opens from the file and prints on A4. Weeks run Monday to\n"
      "Sunday, Paris time. Makes 2 + --weeks calls; the default deadline is 2m.";
  command.default_timeout = absl::Minutes(2);
  return command;
}

}  // namespace

std::vector<Command> StatsCommands() { return {Get(), Export(), Report()}; }

}  // namespace renfort::ctl
