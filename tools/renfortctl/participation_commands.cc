// `renfortctl participation ...`: applying, reading and moving participations through their
// statuses (MissionService Apply, Get/ListParticipations, TransitionParticipation).
#include "absl/strings/str_cat.h"
#include "renfort/v1/mission_service.grpc.pb.h"
#include "tools/renfortctl/command.h"
#include "tools/renfortctl/display.h"
#include "tools/renfortctl/participation_view.h"
#include "tools/renfortctl/request_parts.h"

namespace renfort::ctl {
namespace {

using v1::MissionService;

std::string FormatTransitioned(const v1::TransitionParticipationResponse& response,
                               const ParsedFlags&) {
  return ParticipationFields(response.participation());
}

Command Apply() {
  return UnaryCommand<MissionService, v1::ApplyRequest, v1::ApplyResponse>(
      "participation", "apply",
      "Applies a volunteer to a published mission (PENDING, or WAITLISTED when full).",
      "renfort.v1.MissionService/Apply",
      {StringFlag("mission", "mission id", true),
       StringFlag("volunteer", "volunteer id; empty for yourself (volunteer token)"),
       StringFlag("motivation", "motivation message, up to 2000 characters")},
      [](const ParsedFlags& flags, v1::ApplyRequest& request) {
        request.set_mission_id(flags.String("mission"));
        request.set_volunteer_id(flags.String("volunteer"));
        request.set_motivation(flags.String("motivation"));
        return absl::OkStatus();
      },
      &MissionService::Stub::Apply,
      [](const v1::ApplyResponse& response, const ParsedFlags&) {
        return ParticipationFields(response.participation());
      });
}

Command Get() {
  return UnaryCommand<MissionService, v1::GetParticipationRequest, v1::GetParticipationResponse>(
      "participation", "get", "Shows one participation with its history.",
      "renfort.v1.MissionService/GetParticipation", {StringFlag("id", "participation id", true)},
      [](const ParsedFlags& flags, v1::GetParticipationRequest& request) {
        request.set_participation_id(flags.String("id"));
        return absl::OkStatus();
      },
      &MissionService::Stub::GetParticipation,
      [](const v1::GetParticipationResponse& response, const ParsedFlags&) {
        return ParticipationFields(response.participation());
      });
}

Command List() {
  std::vector<FlagSpec> flags = {
      StringFlag("mission", "only participations in this mission"),
      StringFlag("volunteer", "only participations of this volunteer"),
      StringFlag("org", "only participations in missions of this organisation"),
      EnumListFlag("status", v1::ParticipationStatus_descriptor(), "PARTICIPATION_STATUS_",
                   "only these statuses"),
      StringFlag("dept", "only participations in missions of this département")};
  for (FlagSpec& flag : PageFlags()) flags.push_back(std::move(flag));
  Command command =
      UnaryCommand<MissionService, v1::ListParticipationsRequest, v1::ListParticipationsResponse>(
          "participation", "list",
          "Lists participations, oldest first: the order to answer them in.",
          "renfort.v1.MissionService/ListParticipations", std::move(flags),
          [](const ParsedFlags& flags, v1::ListParticipationsRequest& request) {
            SetPage(flags, request);
            request.set_mission_id(flags.String("mission"));
            request.set_volunteer_id(flags.String("volunteer"));
            request.set_organisation_id(flags.String("org"));
            AddEnums(flags, "status", request.mutable_statuses());
            request.set_department_code(flags.String("dept"));
            return absl::OkStatus();
          },
          &MissionService::Stub::ListParticipations,
          [](const v1::ListParticipationsResponse& response, const ParsedFlags&) {
            return ParticipationTable(response.participations()) +
                   NextPageLine(response.next_page_token());
          });
  command.details =
      "Give at least one of --mission, --volunteer, --org, --dept (admins may give none).";
  return command;
}

// Which extra flags a transition takes.
enum class Takes { kNothing, kReason, kTimeGiven };

Command Transition(std::string name, std::string summary, v1::ParticipationAction action,
                   Takes takes) {
  std::vector<FlagSpec> flags = {
      StringFlag("id", "participation id", true),
      StringFlag("note", "free text kept in the history, shown to the other party")};
  if (takes == Takes::kReason) {
    flags.push_back(EnumFlag("reason", v1::ParticipationReason_descriptor(),
                             "PARTICIPATION_REASON_", "why (other: say why in --note)", true));
  }
  if (takes == Takes::kTimeGiven) {
    flags.push_back(DoubleFlag("hours", "hours given, > 0 and <= 1000"));
    flags.push_back(
        TimestampFlag("check-in", "arrival, e.g. 2026-12-05T09:00:00+01:00 (with --check-out)"));
    flags.push_back(TimestampFlag("check-out", "departure (with --check-in)"));
  }
  Command command = UnaryCommand<MissionService, v1::TransitionParticipationRequest,
                                 v1::TransitionParticipationResponse>(
      "participation", std::move(name), std::move(summary),
      "renfort.v1.MissionService/TransitionParticipation", std::move(flags),
      [action, takes](const ParsedFlags& flags, v1::TransitionParticipationRequest& request) {
        request.set_participation_id(flags.String("id"));
        request.set_action(action);
        request.set_note(flags.String("note"));
        if (takes == Takes::kReason) {
          request.set_reason(static_cast<v1::ParticipationReason>(flags.Enum("reason")));
          if (request.reason() == v1::PARTICIPATION_REASON_MISSION_TERMINATED) {
            return FlagError("reason",
                             "mission_terminated is set by renfort itself; pick another reason");
          }
          if (request.reason() == v1::PARTICIPATION_REASON_OTHER && request.note().empty()) {
            return FlagError("note", "is required with --reason=other: say why");
          }
        }
        if (takes != Takes::kTimeGiven) return absl::OkStatus();
        const bool attendance = flags.Has("check-in") || flags.Has("check-out");
        if (flags.Has("hours") && attendance) {
          return FlagError("hours", "cannot be given with --check-in/--check-out: pick one");
        }
        if (!flags.Has("hours") && !attendance) {
          return FlagError("hours", "is required, or --check-in with --check-out");
        }
        if (flags.Has("hours")) {
          request.set_hours(flags.Double("hours"));
        } else if (!flags.Has("check-in") || !flags.Has("check-out")) {
          return FlagError(flags.Has("check-in") ? "check-out" : "check-in",
                           "is required with the other one");
        } else {
          *request.mutable_attendance()->mutable_check_in_time() = flags.Timestamp("check-in");
          *request.mutable_attendance()->mutable_check_out_time() = flags.Timestamp("check-out");
        }
        return absl::OkStatus();
      },
      &MissionService::Stub::TransitionParticipation, FormatTransitioned);
  command.details = absl::StrCat("Sends TransitionParticipation with action ",
                                 v1::ParticipationAction_Name(action), ".");
  return command;
}

}  // namespace

std::vector<Command> ParticipationCommands() {
  return {
      Apply(),
      Get(),
      List(),
      Transition("review",
                 "Starts reviewing a PENDING participation (IN_REVIEW), e.g. to plan an interview.",
                 v1::PARTICIPATION_ACTION_START_REVIEW, Takes::kNothing),
      Transition("accept", "Accepts a PENDING or IN_REVIEW participation.",
                 v1::PARTICIPATION_ACTION_ACCEPT, Takes::kNothing),
      Transition("refuse", "Refuses a PENDING or IN_REVIEW participation.",
                 v1::PARTICIPATION_ACTION_REFUSE, Takes::kReason),
      Transition("cancel", "Cancels an active participation (volunteer or organisation).",
                 v1::PARTICIPATION_ACTION_CANCEL, Takes::kReason),
      Transition("done", "Marks an ACCEPTED participation DONE with the hours given.",
                 v1::PARTICIPATION_ACTION_MARK_DONE, Takes::kTimeGiven),
      Transition("no-show", "Marks an ACCEPTED participation NO_SHOW.",
                 v1::PARTICIPATION_ACTION_MARK_NO_SHOW, Takes::kNothing),
  };
}

}  // namespace renfort::ctl
