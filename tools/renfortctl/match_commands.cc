// `renfortctl match ...` and `renfortctl invitation ...`: ranking, recommending, inviting,
// staffing an event, and answering invitations (MatchingService).
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "renfort/v1/matching_service.grpc.pb.h"
#include "tools/renfortctl/command.h"
#include "tools/renfortctl/display.h"
#include "tools/renfortctl/matching_view.h"
#include "tools/renfortctl/participation_view.h"
#include "tools/renfortctl/request_parts.h"

namespace renfort::ctl {
namespace {

using v1::MatchingService;

Command Rank() {
  return UnaryCommand<MatchingService, v1::RankVolunteersRequest, v1::RankVolunteersResponse>(
      "match", "rank", "Ranks the volunteers who pass every hard rule for a mission, best first.",
      "renfort.v1.MatchingService/RankVolunteers",
      {StringFlag("mission", "mission id (PUBLISHED)", true),
       IntFlag("limit", "how many, 1-500 (0: 50)"),
       BoolFlag("explain", "show each score factor by factor")},
      [](const ParsedFlags& flags, v1::RankVolunteersRequest& request) {
        request.set_mission_id(flags.String("mission"));
        request.set_limit(static_cast<int32_t>(flags.Int("limit")));
        request.set_explain(flags.Bool("explain"));
        return absl::OkStatus();
      },
      &MatchingService::Stub::RankVolunteers,
      [](const v1::RankVolunteersResponse& response, const ParsedFlags&) {
        return RankedVolunteersText(response);
      });
}

Command Recommend() {
  return UnaryCommand<MatchingService, v1::RecommendMissionsRequest, v1::RecommendMissionsResponse>(
      "match", "recommend", "Recommends published missions to a volunteer, best first.",
      "renfort.v1.MatchingService/RecommendMissions",
      {StringFlag("volunteer", "volunteer id; empty means the caller"),
       IntFlag("limit", "how many, 1-100 (0: 20)"),
       BoolFlag("explain", "show each score factor by factor")},
      [](const ParsedFlags& flags, v1::RecommendMissionsRequest& request) {
        request.set_volunteer_id(flags.String("volunteer"));
        request.set_limit(static_cast<int32_t>(flags.Int("limit")));
        request.set_explain(flags.Bool("explain"));
        return absl::OkStatus();
      },
      &MatchingService::Stub::RecommendMissions,
      [](const v1::RecommendMissionsResponse& response, const ParsedFlags&) {
        return RecommendedMissionsText(response);
      });
}

Command Invite() {
  return UnaryCommand<MatchingService, v1::InviteVolunteersRequest, v1::InviteVolunteersResponse>(
      "match", "invite", "Invites the best-ranked volunteers not yet solicited for a mission.",
      "renfort.v1.MatchingService/InviteVolunteers",
      {StringFlag("mission", "mission id (PUBLISHED)", true),
       IntFlag("count", "how many to invite, 1-100", true)},
      [](const ParsedFlags& flags, v1::InviteVolunteersRequest& request) {
        request.set_mission_id(flags.String("mission"));
        request.set_count(static_cast<int32_t>(flags.Int("count")));
        return absl::OkStatus();
      },
      &MatchingService::Stub::InviteVolunteers,
      [](const v1::InviteVolunteersResponse& response, const ParsedFlags&) {
        return InvitationTable(response.invitations());
      });
}

// Volunteer ids, one per line ('#' starts a comment), e.g. those who signed up for an event.
absl::Status ReadIdFile(const std::string& path,
                        google::protobuf::RepeatedPtrField<std::string>* ids) {
  std::ifstream file(path);
  if (!file) return FlagError("volunteers-file", absl::StrCat("cannot read '", path, "'"));
  std::string line;
  while (std::getline(file, line)) {
    absl::string_view id = absl::StripAsciiWhitespace(line);
    if (!id.empty() && id.front() != '#') ids->Add(std::string(id));
  }
  return absl::OkStatus();
}

Command Staff() {
  Command command = UnaryCommand<MatchingService, v1::StaffEventRequest, v1::StaffEventResponse>(
      "match", "staff",
      "Assigns many volunteers to many missions at once, maximising the total score.",
      "renfort.v1.MatchingService/StaffEvent",
      {ListFlag("missions", "the missions to staff, comma-separated ids", true),
       ListFlag("volunteers", "only these volunteers (default: the best-ranked of each mission)"),
       StringFlag("volunteers-file", "only the volunteers listed in this file, one id per line"),
       IntFlag("candidates-per-mission", "without a pool: top candidates per mission, 1-5000"),
       DoubleFlag("min-score", "never assign pairs scoring below this, 0-1"),
       BoolFlag("dry-run", "compute the assignment without inviting anyone")},
      [](const ParsedFlags& flags, v1::StaffEventRequest& request) {
        for (const std::string& id : flags.List("missions")) request.add_mission_ids(id);
        for (const std::string& id : flags.List("volunteers")) request.add_volunteer_ids(id);
        if (flags.Has("volunteers-file")) {
          if (absl::Status status =
                  ReadIdFile(flags.String("volunteers-file"), request.mutable_volunteer_ids());
              !status.ok()) {
            return status;
          }
        }
        request.set_candidates_per_mission(
            static_cast<int32_t>(flags.Int("candidates-per-mission")));
        request.set_min_score(flags.Double("min-score"));
        request.set_dry_run(flags.Bool("dry-run"));
        return absl::OkStatus();
      },
      &MatchingService::Stub::StaffEvent,
      [](const v1::StaffEventResponse& response, const ParsedFlags&) {
        return StaffingText(response);
      });
  command.details =
      "Example: --missions=m-1,m-2,m-3 --volunteers-file=signed-up.txt --dry-run\n"
      "The default deadline is 2m.";
  command.default_timeout = absl::Minutes(2);
  return command;
}

Command ListInvitations() {
  std::vector<FlagSpec> flags = {StringFlag("volunteer", "invitations received by this volunteer"),
                                 StringFlag("mission", "invitations sent for this mission"),
                                 EnumListFlag("status", v1::InvitationStatus_descriptor(),
                                              "INVITATION_STATUS_", "only these statuses")};
  for (FlagSpec& flag : PageFlags()) flags.push_back(std::move(flag));
  Command command =
      UnaryCommand<MatchingService, v1::ListInvitationsRequest, v1::ListInvitationsResponse>(
          "invitation", "list", "Lists invitations of a volunteer or of a mission, newest first.",
          "renfort.v1.MatchingService/ListInvitations", std::move(flags),
          [](const ParsedFlags& flags, v1::ListInvitationsRequest& request) {
            if (flags.Has("volunteer") && flags.Has("mission")) {
              return FlagError("mission",
                               "cannot be given with --volunteer: list one or the other");
            }
            SetPage(flags, request);
            request.set_volunteer_id(flags.String("volunteer"));
            request.set_mission_id(flags.String("mission"));
            AddEnums(flags, "status", request.mutable_statuses());
            return absl::OkStatus();
          },
          &MatchingService::Stub::ListInvitations,
          [](const v1::ListInvitationsResponse& response, const ParsedFlags&) {
            return InvitationTable(response.invitations()) +
                   NextPageLine(response.next_page_token());
          });
  command.details = "A volunteer may give neither to list their own invitations.";
  return command;
}

Command Respond() {
  return UnaryCommand<MatchingService, v1::RespondToInvitationRequest,
                      v1::RespondToInvitationResponse>(
      "invitation", "respond", "Accepts or declines a PROPOSED invitation (the invited volunteer).",
      "renfort.v1.MatchingService/RespondToInvitation",
      {StringFlag("id", "invitation id", true),
       EnumFlag("answer", v1::InvitationAnswer_descriptor(), "INVITATION_ANSWER_", "the answer",
                true),
       StringFlag("motivation", "a message for the organisation when accepting")},
      [](const ParsedFlags& flags, v1::RespondToInvitationRequest& request) {
        request.set_invitation_id(flags.String("id"));
        request.set_answer(static_cast<v1::InvitationAnswer>(flags.Enum("answer")));
        request.set_motivation(flags.String("motivation"));
        if (request.answer() == v1::INVITATION_ANSWER_DECLINE && !request.motivation().empty()) {
          return FlagError("motivation", "is only for accepting");
        }
        return absl::OkStatus();
      },
      &MatchingService::Stub::RespondToInvitation,
      [](const v1::RespondToInvitationResponse& response, const ParsedFlags&) {
        google::protobuf::RepeatedPtrField<v1::Invitation> one;
        *one.Add() = response.invitation();
        std::string text = InvitationTable(one);
        if (response.has_participation())
          absl::StrAppend(&text, "\n", ParticipationFields(response.participation()));
        return text;
      });
}

}  // namespace

std::vector<Command> MatchCommands() { return {Rank(), Recommend(), Invite(), Staff()}; }

std::vector<Command> InvitationCommands() { return {ListInvitations(), Respond()}; }

}  // namespace renfort::ctl
