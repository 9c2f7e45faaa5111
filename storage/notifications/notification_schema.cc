#include "storage/notifications/notification_schema.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace renfort::storage {

std::vector<absl::string_view> WrittenNotificationKinds() {
  return {kParticipationAcceptedKind, kParticipationRefusedKind, kWaitlistPromotedKind,
          kInvitationReceivedKind,    kMissionCancelledKind,     kMissionAlmostFullKind,
          kMissionFullKind,           kMissionPublishedKind,     kSlotReminderKind,
          kDonePromptKind,            kApplicationUnansweredKind, kInactivityReminderKind};
}

renfort::v1::NotificationType NotificationTypeOfKind(absl::string_view kind) {
  // Older rows may spell the kind with dots ("invitation.received"): they count as "_".
  const std::string name = absl::StrCat(
      "NOTIFICATION_TYPE_", absl::AsciiStrToUpper(absl::StrReplaceAll(kind, {{".", "_"}})));
  renfort::v1::NotificationType type = renfort::v1::NOTIFICATION_TYPE_UNSPECIFIED;
  if (!renfort::v1::NotificationType_Parse(name, &type)) {
    return renfort::v1::NOTIFICATION_TYPE_UNSPECIFIED;
  }
  return type;
}

}  // namespace renfort::storage
