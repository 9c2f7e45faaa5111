#include "tools/renfortctl/participation_view.h"

#include "absl/strings/str_cat.h"
#include "tools/renfortctl/display.h"
#include "tools/renfortctl/flags.h"
#include "tools/renfortctl/table.h"

namespace renfort::ctl {
namespace {

std::string ReasonName(int reason) {
  return EnumDisplayName(*v1::ParticipationReason_descriptor(), "PARTICIPATION_REASON_", reason);
}
std::string OriginName(int origin) {
  return EnumDisplayName(*v1::ParticipationOrigin_descriptor(), "PARTICIPATION_ORIGIN_", origin);
}
std::string RoleName(int role) {
  return EnumDisplayName(*v1::ActorRole_descriptor(), "ACTOR_ROLE_", role);
}

std::string StatusText(const v1::Participation& participation) {
  std::string text = ParticipationStatusName(participation.status());
  if (participation.waitlist_position() > 0)
    absl::StrAppend(&text, " (#", participation.waitlist_position(), ")");
  if (participation.reason() != 0) absl::StrAppend(&text, ": ", ReasonName(participation.reason()));
  return text;
}

std::string HistoryTable(const v1::Participation& participation) {
  Table table({"WHEN", "FROM", "TO", "BY", "REASON", "NOTE"}, 60);
  for (const v1::ParticipationTransition& transition : participation.transitions()) {
    table.AddRow(
        {FormatTime(transition.transition_time()),
         ParticipationStatusName(transition.from_status()),
         ParticipationStatusName(transition.to_status()), RoleName(transition.actor().role()),
         transition.reason() == 0 ? "" : ReasonName(transition.reason()), transition.note()});
  }
  return table.Render();
}

}  // namespace

std::string ParticipationStatusName(int status) {
  return EnumDisplayName(*v1::ParticipationStatus_descriptor(), "PARTICIPATION_STATUS_", status);
}

std::string ParticipationFields(const v1::Participation& participation) {
  const v1::ParticipantContact& contact = participation.participant();
  std::string person = absl::StrCat(contact.first_name(), contact.first_name().empty() ? "" : " ",
                                    contact.last_name());
  if (!contact.email().empty()) absl::StrAppend(&person, " <", contact.email(), ">");
  if (!contact.phone().empty()) absl::StrAppend(&person, " ", contact.phone());
  std::string text = RenderFields({
      {"id", participation.id()},
      {"mission", participation.mission_id()},
      {"organisation", participation.organisation_id()},
      {"volunteer", participation.volunteer_id()},
      {"contact", person},
      {"status", StatusText(participation)},
      {"origin", OriginName(participation.origin())},
      {"invitation", participation.invitation_id()},
      {"hours given",
       participation.hours_given() > 0 ? FormatNumber(participation.hours_given(), 2) : ""},
      {"checked in", FormatTime(participation.check_in_time())},
      {"checked out", FormatTime(participation.check_out_time())},
      {"motivation", participation.motivation()},
      {"created", FormatTime(participation.create_time())},
      {"updated", FormatTime(participation.update_time())},
  });
  if (!participation.transitions().empty())
    absl::StrAppend(&text, "\n", HistoryTable(participation));
  return text;
}

std::string ParticipationTable(
    const google::protobuf::RepeatedPtrField<v1::Participation>& participations) {
  Table table({"ID", "MISSION", "VOLUNTEER", "NAME", "STATUS", "ORIGIN", "HOURS", "CREATED"});
  for (const v1::Participation& participation : participations) {
    table.AddRow(
        {participation.id(), participation.mission_id(), participation.volunteer_id(),
         absl::StrCat(participation.participant().first_name(), " ",
                      participation.participant().last_name()),
         StatusText(participation), OriginName(participation.origin()),
         participation.hours_given() > 0 ? FormatNumber(participation.hours_given(), 2) : "",
         FormatTime(participation.create_time())});
  }
  return table.Render();
}

}  // namespace renfort::ctl
