// `renfortctl mission ...`: writing, reviewing, publishing and searching missions
// (MissionService).
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "renfort/v1/mission_service.grpc.pb.h"
#include "tools/renfortctl/command.h"
#include "tools/renfortctl/display.h"
#include "tools/renfortctl/mission_fields.h"
#include "tools/renfortctl/mission_view.h"
#include "tools/renfortctl/request_parts.h"

namespace renfort::ctl {
namespace {

using v1::MissionService;

template <typename Response>
std::string FormatMission(const Response& response, const ParsedFlags&) {
  return MissionFields(response.mission());
}

absl::Status BuildCreate(const ParsedFlags& flags, v1::CreateMissionRequest& request) {
  v1::Mission& mission = *request.mutable_mission();
  if (flags.Has("file")) {
    if (absl::Status status = ReadJsonFile("file", flags.String("file"), &mission); !status.ok())
      return status;
  }
  if (flags.Has("org")) mission.set_organisation_id(flags.String("org"));
  std::vector<std::string> paths;
  if (absl::Status status = ApplyMissionFlags(flags, &mission, &paths); !status.ok()) return status;
  if (mission.organisation_id().empty())
    return FlagError("org", "is required: the organisation's id");
  if (mission.title().empty())
    return FlagError("title", "is required (or give the mission with --file)");
  return absl::OkStatus();
}

absl::Status BuildUpdate(const ParsedFlags& flags, v1::UpdateMissionRequest& request) {
  v1::Mission& mission = *request.mutable_mission();
  std::vector<std::string> paths;
  if (flags.Has("file")) {
    if (absl::Status status = ReadJsonFile("file", flags.String("file"), &mission); !status.ok())
      return status;
    if (!flags.Has("mask"))
      return FlagError("mask", "is required with --file: the fields to change, e.g. title,places");
    paths = flags.List("mask");
  }
  if (absl::Status status = ApplyMissionFlags(flags, &mission, &paths); !status.ok()) return status;
  mission.set_id(flags.String("id"));
  if (paths.empty())
    return FlagError("id", "nothing to change: give the new values, e.g. --places=12");
  for (const std::string& path : paths) request.mutable_update_mask()->add_paths(path);
  return absl::OkStatus();
}

Command Create() {
  std::vector<FlagSpec> flags = {
      StringFlag("file", "the Mission as protobuf JSON; flags given as well override it"),
      StringFlag("org", "id of the organisation that owns it")};
  for (FlagSpec& flag : MissionFieldFlags()) flags.push_back(std::move(flag));
  Command command =
      UnaryCommand<MissionService, v1::CreateMissionRequest, v1::CreateMissionResponse>(
          "mission", "create", "Creates a mission in DRAFT, from flags or a JSON file.",
          "renfort.v1.MissionService/CreateMission", std::move(flags), BuildCreate,
          &MissionService::Stub::CreateMission, FormatMission<v1::CreateMissionResponse>);
  command.details =
      "Example: --org=<id> --title='Collecte nationale' --description='Accueil des donateurs' \\\n"
      "  --domain=solidarity_insertion --beneficiaries=people_in_difficulty --format=in_person \\\n"
      "  --address=59350 --slot='2026-12-05 09:00-12:00' --slot='2026-12-06 09:00-12:00' "
      "--places=20";
  return command;
}

Command Update() {
  std::vector<FlagSpec> flags = {
      StringFlag("id", "mission id", true),
      StringFlag("file", "the new values as a Mission in protobuf JSON (needs --mask)"),
      ListFlag("mask", "with --file: the fields to change, e.g. title,places")};
  for (FlagSpec& flag : MissionFieldFlags()) flags.push_back(std::move(flag));
  Command command =
      UnaryCommand<MissionService, v1::UpdateMissionRequest, v1::UpdateMissionResponse>(
          "mission", "update", "Changes the fields given as flags (they make the update mask).",
          "renfort.v1.MissionService/UpdateMission", std::move(flags), BuildUpdate,
          &MissionService::Stub::UpdateMission, FormatMission<v1::UpdateMissionResponse>);
  command.details = "Example: --id=<id> --places=30 --weekly='sat 09:00-12:00' --from=2027-01-09";
  return command;
}

Command Get() {
  return UnaryCommand<MissionService, v1::GetMissionRequest, v1::GetMissionResponse>(
      "mission", "get", "Shows one mission.", "renfort.v1.MissionService/GetMission",
      {StringFlag("id", "mission id", true)},
      [](const ParsedFlags& flags, v1::GetMissionRequest& request) {
        request.set_mission_id(flags.String("id"));
        return absl::OkStatus();
      },
      &MissionService::Stub::GetMission, FormatMission<v1::GetMissionResponse>);
}

Command List() {
  std::vector<FlagSpec> flags = {StringFlag("org", "only missions of this organisation"),
                                 EnumListFlag("status", v1::MissionStatus_descriptor(),
                                              "MISSION_STATUS_", "only these statuses"),
                                 StringFlag("dept", "only missions of this département")};
  for (FlagSpec& flag : PageFlags()) flags.push_back(std::move(flag));
  return UnaryCommand<MissionService, v1::ListMissionsRequest, v1::ListMissionsResponse>(
      "mission", "list", "Lists missions in any status, for management, newest first.",
      "renfort.v1.MissionService/ListMissions", std::move(flags),
      [](const ParsedFlags& flags, v1::ListMissionsRequest& request) {
        SetPage(flags, request);
        request.set_organisation_id(flags.String("org"));
        AddEnums(flags, "status", request.mutable_statuses());
        request.set_department_code(flags.String("dept"));
        return absl::OkStatus();
      },
      &MissionService::Stub::ListMissions,
      [](const v1::ListMissionsResponse& response, const ParsedFlags&) {
        return MissionTable(response.missions()) + NextPageLine(response.next_page_token());
      });
}

absl::Status BuildSearch(const ParsedFlags& flags, v1::SearchMissionsRequest& request) {
  SetPage(flags, request);
  request.set_query(flags.String("query"));
  AddEnums(flags, "domain", request.mutable_domains());
  AddEnums(flags, "format", request.mutable_formats());
  request.set_department_code(flags.String("dept"));
  if (flags.Has("near")) {
    if (absl::Status status = ParseGeoPoint("near", flags.String("near"), request.mutable_near());
        !status.ok()) {
      return status;
    }
  } else if (flags.Has("radius")) {
    return FlagError("radius", "needs --near=LAT,LON");
  }
  request.set_radius_km(flags.Double("radius"));
  if (flags.Has("from") || flags.Has("until"))
    SetDateRange(flags, "from", "until", request.mutable_date_window());
  request.set_only_with_places_left(flags.Bool("places-left"));
  request.set_volunteer_age(static_cast<int32_t>(flags.Int("age")));
  request.set_order(static_cast<v1::MissionSearchOrder>(flags.Enum("order")));
  if (request.order() == v1::MISSION_SEARCH_ORDER_DISTANCE && !request.has_near()) {
    return FlagError("order", "distance needs --near=LAT,LON");
  }
  if (request.order() == v1::MISSION_SEARCH_ORDER_RELEVANCE && request.query().empty()) {
    return FlagError("order", "relevance needs --query");
  }
  return absl::OkStatus();
}

Command Search() {
  std::vector<FlagSpec> flags = {
      StringFlag("query", "free text in French; accents and case do not matter"),
      EnumListFlag("domain", v1::Domain_descriptor(), "DOMAIN_",
                   "only these domains (main or secondary)"),
      EnumListFlag("format", v1::Format_descriptor(), "FORMAT_", "only these formats"),
      StringFlag("dept", "only this département, e.g. 59 or 974"),
      StringFlag("near", "LAT,LON centre of a proximity filter, e.g. 50.6292,3.0573 (Lille)"),
      DoubleFlag("radius", "km around --near, 1-200 (0: 20)"),
      DateFlag("from", "only missions taking place on or after this date"),
      DateFlag("until", "only missions taking place on or before this date"),
      BoolFlag("places-left", "only missions with a place left"),
      IntFlag("age", "age of the volunteer, to leave out missions closed to minors"),
      EnumFlag("order", v1::MissionSearchOrder_descriptor(), "MISSION_SEARCH_ORDER_",
               "result order"),
  };
  for (FlagSpec& flag : PageFlags()) flags.push_back(std::move(flag));
  Command command =
      UnaryCommand<MissionService, v1::SearchMissionsRequest, v1::SearchMissionsResponse>(
          "mission", "search", "Searches published missions, as a volunteer would.",
          "renfort.v1.MissionService/SearchMissions", std::move(flags), BuildSearch,
          &MissionService::Stub::SearchMissions,
          [](const v1::SearchMissionsResponse& response, const ParsedFlags&) {
            return SearchResultTable(response.results()) + NextPageLine(response.next_page_token());
          });
  command.details =
      "Example: --query='aide alimentaire' --near=50.6292,3.0573 --radius=10 --order=distance";
  return command;
}

enum class Reason { kNone, kOptional, kRequired };

// A command moving a mission to another status: --id, and --reason when the RPC takes one.
template <typename Request, typename Response>
Command StatusChange(std::string name, std::string summary, std::string rpc, Reason reason,
                     grpc::Status (MissionService::Stub::*method)(grpc::ClientContext*,
                                                                  const Request&, Response*)) {
  std::vector<FlagSpec> flags = {StringFlag("id", "mission id", true)};
  if (reason != Reason::kNone) {
    flags.push_back(StringFlag("reason",
                               reason == Reason::kRequired
                                   ? "why, 1-1000 characters, shown to the volunteers"
                                   : "why, up to 1000 characters (optional)",
                               reason == Reason::kRequired));
  }
  return UnaryCommand<MissionService, Request, Response>(
      "mission", std::move(name), std::move(summary), std::move(rpc), std::move(flags),
      [](const ParsedFlags& flags, Request& request) {
        request.set_mission_id(flags.String("id"));
        if constexpr (requires(Request r) { r.set_reason(std::string()); }) {
          request.set_reason(flags.String("reason"));
        }
        return absl::OkStatus();
      },
      method, FormatMission<Response>);
}

Command Review() {
  return UnaryCommand<MissionService, v1::ReviewMissionRequest, v1::ReviewMissionResponse>(
      "mission", "review", "Records a review decision on a PENDING_REVIEW mission.",
      "renfort.v1.MissionService/ReviewMission",
      {StringFlag("id", "mission id", true),
       EnumFlag("decision", v1::MissionReviewDecision_descriptor(), "MISSION_REVIEW_DECISION_",
                "the decision", true),
       StringFlag("reason", "why, shown to the organisation; required unless approving")},
      [](const ParsedFlags& flags, v1::ReviewMissionRequest& request) {
        request.set_mission_id(flags.String("id"));
        request.set_decision(static_cast<v1::MissionReviewDecision>(flags.Enum("decision")));
        request.set_reason(flags.String("reason"));
        if (request.decision() != v1::MISSION_REVIEW_DECISION_APPROVE && request.reason().empty()) {
          return FlagError("reason", "is required to request changes or refuse");
        }
        return absl::OkStatus();
      },
      &MissionService::Stub::ReviewMission, FormatMission<v1::ReviewMissionResponse>);
}

}  // namespace

std::vector<Command> MissionCommands() {
  return {
      Create(),
      Get(),
      List(),
      Update(),
      StatusChange<v1::SubmitMissionRequest, v1::SubmitMissionResponse>(
          "submit", "Submits a DRAFT mission for review.",
          "renfort.v1.MissionService/SubmitMission", Reason::kNone,
          &MissionService::Stub::SubmitMission),
      Review(),
      StatusChange<v1::PublishMissionRequest, v1::PublishMissionResponse>(
          "publish", "Publishes a PAUSED mission again.",
          "renfort.v1.MissionService/PublishMission", Reason::kNone,
          &MissionService::Stub::PublishMission),
      StatusChange<v1::PauseMissionRequest, v1::PauseMissionResponse>(
          "pause", "Hides a PUBLISHED mission from search and matching.",
          "renfort.v1.MissionService/PauseMission", Reason::kOptional,
          &MissionService::Stub::PauseMission),
      StatusChange<v1::CloseMissionRequest, v1::CloseMissionResponse>(
          "close", "Closes a PUBLISHED or PAUSED mission before its automatic closing.",
          "renfort.v1.MissionService/CloseMission", Reason::kOptional,
          &MissionService::Stub::CloseMission),
      StatusChange<v1::CancelMissionRequest, v1::CancelMissionResponse>(
          "cancel", "Cancels a mission; its active participations are cancelled.",
          "renfort.v1.MissionService/CancelMission", Reason::kRequired,
          &MissionService::Stub::CancelMission),
      Search(),
  };
}

}  // namespace renfort::ctl
