#include "tools/renfortctl/volunteer_view.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/renfortctl/display.h"
#include "tools/renfortctl/flags.h"
#include "tools/renfortctl/table.h"

namespace renfort::ctl {
namespace {

std::string StatusName(int status) {
  return EnumDisplayName(*v1::VolunteerStatus_descriptor(), "VOLUNTEER_STATUS_", status);
}

std::string Accepts(const v1::Volunteer& volunteer) {
  std::vector<std::string> formats;
  if (volunteer.accepts_in_person()) formats.push_back("in_person");
  if (volunteer.accepts_remote()) formats.push_back("remote");
  return absl::StrJoin(formats, ",");
}

std::string CommuneText(const v1::Commune& commune) {
  if (commune.name().empty()) return commune.insee_code();
  return absl::StrCat(commune.name(), " (", commune.insee_code(), ")");
}

std::string AvailabilityText(const v1::Volunteer& volunteer) {
  if (!volunteer.has_availability()) return "";
  std::vector<std::string> slots;
  for (const v1::WeeklySlot& slot : volunteer.availability().weekly_slots())
    slots.push_back(FormatWeeklySlot(slot));
  std::string text = slots.empty() ? "any time" : absl::StrJoin(slots, "; ");
  const std::string range = FormatDateRange(volunteer.availability().date_range());
  if (!range.empty()) absl::StrAppend(&text, " (", range, ")");
  return text;
}

std::string NotificationTypeName(int type) {
  return EnumDisplayName(*v1::NotificationType_descriptor(), "NOTIFICATION_TYPE_", type);
}

}  // namespace

std::string VolunteerFields(const v1::Volunteer& volunteer) {
  std::string status = StatusName(volunteer.status());
  if (volunteer.has_paused_until())
    absl::StrAppend(&status, " until ", FormatDate(volunteer.paused_until()));
  return RenderFields({
      {"id", volunteer.id()},
      {"name", absl::StrCat(volunteer.first_name(), volunteer.first_name().empty() ? "" : " ",
                            volunteer.last_name())},
      {"status", status},
      {"email", volunteer.email()},
      {"phone", volunteer.phone()},
      {"born", FormatDate(volunteer.birth_date())},
      {"home", CommuneText(volunteer.home_commune())},
      {"département", volunteer.home_commune().department_code()},
      {"travels",
       volunteer.max_travel_km() > 0 ? absl::StrCat(volunteer.max_travel_km(), " km") : ""},
      {"accepts", Accepts(volunteer)},
      {"domains", JoinEnums(volunteer.domains(), DomainName)},
      {"skills", absl::StrJoin(volunteer.skills(), ", ")},
      {"availability", AvailabilityText(volunteer)},
      {"registered", FormatTime(volunteer.create_time())},
      {"last active", FormatTime(volunteer.last_active_time())},
      {"deleted", FormatTime(volunteer.delete_time())},
  });
}

std::string VolunteerTable(const google::protobuf::RepeatedPtrField<v1::Volunteer>& volunteers) {
  Table table({"ID", "NAME", "EMAIL", "HOME", "DEPT", "STATUS", "ACCEPTS", "DOMAINS"});
  for (const v1::Volunteer& volunteer : volunteers) {
    table.AddRow({volunteer.id(), absl::StrCat(volunteer.first_name(), " ", volunteer.last_name()),
                  volunteer.email(), volunteer.home_commune().name(),
                  volunteer.home_commune().department_code(), StatusName(volunteer.status()),
                  Accepts(volunteer), JoinEnums(volunteer.domains(), DomainName)});
  }
  return table.Render();
}

std::string NotificationTable(
    const google::protobuf::RepeatedPtrField<v1::Notification>& notifications) {
  Table table({"TIME", "TYPE", "TITLE", "MISSION"}, 60);
  for (const v1::Notification& notification : notifications) {
    table.AddRow({FormatTime(notification.create_time()), NotificationTypeName(notification.type()),
                  notification.title(), notification.mission_id()});
  }
  return table.Render();
}

std::string DeletionReceipt(const v1::DeleteVolunteerResponse& response) {
  return RenderFields(
      {{"erased", response.volunteer_id()},
       {"at", FormatTime(response.delete_time())},
       {"participations cancelled", absl::StrCat(response.cancelled_participation_count())},
       {"participations anonymised", absl::StrCat(response.anonymised_participation_count())},
       {"invitations declined", absl::StrCat(response.declined_invitation_count())}});
}

}  // namespace renfort::ctl
