#ifndef RENFORT_STORAGE_NOTIFICATIONS_NOTIFICATION_SCHEMA_H_
#define RENFORT_STORAGE_NOTIFICATIONS_NOTIFICATION_SCHEMA_H_

// The vocabulary of the `notifications` table (migration 0007), shared by the writers (the
// notifier, the daily jobs) and the reader (ListNotifications): whose inbox a row is in, and
// which NotificationType each `kind` reads as.

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "renfort/v1/notification.pb.h"

namespace renfort::storage {

// recipient_kind values and what recipient_id then holds.
inline constexpr char kVolunteerRecipient[] = "VOLUNTEER";        // the volunteer's id
inline constexpr char kOrganisationRecipient[] = "ORGANISATION";  // the organisation's id
// The département's INSEE code ("59", "2A", "974"), not a person: coordinators exist only as
// token subjects with départements in their claims, so one row per département is what every
// coordinator of it, present and future, reads.
inline constexpr char kCoordinatorRecipient[] = "COORDINATOR";

// One inbox: the rows with this recipient_kind and recipient_id.
struct Inbox {
  std::string recipient_kind;
  std::string recipient_id;

  static Inbox OfVolunteer(std::string volunteer_id) {
    return {kVolunteerRecipient, std::move(volunteer_id)};
  }
  static Inbox OfOrganisation(std::string organisation_id) {
    return {kOrganisationRecipient, std::move(organisation_id)};
  }
  static Inbox OfDepartment(std::string department_code) {
    return {kCoordinatorRecipient, std::move(department_code)};
  }
};

// The `kind` of every row anyone writes; each is its NotificationType's name in lowercase
// without the prefix (NOTIFICATION_TYPE_MISSION_FULL is "mission_full").
inline constexpr char kParticipationAcceptedKind[] = "participation_accepted";
inline constexpr char kParticipationRefusedKind[] = "participation_refused";
inline constexpr char kWaitlistPromotedKind[] = "waitlist_promoted";
inline constexpr char kInvitationReceivedKind[] = "invitation_received";
inline constexpr char kMissionCancelledKind[] = "mission_cancelled";
inline constexpr char kMissionAlmostFullKind[] = "mission_almost_full";
inline constexpr char kMissionFullKind[] = "mission_full";
inline constexpr char kMissionPublishedKind[] = "mission_published";
inline constexpr char kSlotReminderKind[] = "slot_reminder";
inline constexpr char kDonePromptKind[] = "done_prompt";
inline constexpr char kApplicationUnansweredKind[] = "application_unanswered";
// Written by the retention job (storage/volunteers/retention.cc).
inline constexpr char kInactivityReminderKind[] = "inactivity_reminder";

// Every kind above, for tests that check each one reads as a type of its own.
std::vector<absl::string_view> WrittenNotificationKinds();

// The type a row of `kind` reads as; NOTIFICATION_TYPE_UNSPECIFIED for a kind with no value
// (a row written by a newer version, say), so the row is still listed with its title and body.
renfort::v1::NotificationType NotificationTypeOfKind(absl::string_view kind);

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_NOTIFICATIONS_NOTIFICATION_SCHEMA_H_
