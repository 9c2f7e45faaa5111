// `renfortctl stats get|export`: participation figures and the CSV export for coordinators
// (MissionService GetParticipationStats, ExportParticipations).
#include "renfort/v1/mission_service.grpc.pb.h"
#include "tools/renfortctl/command.h"
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

}  // namespace

std::vector<Command> StatsCommands() { return {Get(), Export()}; }

}  // namespace renfort::ctl
