#include "storage/volunteers/notification_rows.h"

#include <optional>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "storage/volunteers/sql_values.h"

namespace renfort::storage {
namespace {

namespace v1 = ::renfort::v1;
using OptText = std::optional<std::string>;
using OptMicros = std::optional<int64_t>;

void SetRecipient(const Inbox& inbox, v1::Notification& notification) {
  if (inbox.recipient_kind == kOrganisationRecipient) {
    notification.set_organisation_id(inbox.recipient_id);
  } else if (inbox.recipient_kind == kCoordinatorRecipient) {
    notification.set_department_code(inbox.recipient_id);
  } else {
    notification.set_volunteer_id(inbox.recipient_id);
  }
}

}  // namespace

std::vector<v1::Notification> ReadNotifications(pqxx::transaction_base& txn, const Inbox& inbox,
                                                bool newest_first,
                                                const std::string& before_micros,
                                                const std::string& before_id, int limit) {
  const std::string order = newest_first ? "DESC" : "ASC";
  const std::string after = newest_first ? "<" : ">";
  // Only the order words vary, chosen above from two constants. The filter matches the index
  // notifications_recipient (recipient_kind, recipient_id, created_at DESC).
  const std::string sql = absl::StrCat(
      "SELECT id::text, source_event_id::text, kind, payload->>'title', payload->>'body', "
      "  payload->>'mission_id', payload->>'participation_id', payload->>'invitation_id', ",
      RENFORT_MICROS("created_at"),
      " FROM notifications WHERE recipient_kind = $1 AND recipient_id = $2 "
      "  AND ($3 = '' OR (", RENFORT_MICROS("created_at"), ", id) ", after,
      " (NULLIF($3, '')::bigint, NULLIF($4, '')::uuid)) "
      "ORDER BY created_at ", order, ", id ", order, " LIMIT NULLIF($5, 0)");
  std::vector<v1::Notification> notifications;
  for (const pqxx::row& row : txn.exec_params(sql, inbox.recipient_kind, inbox.recipient_id,
                                              before_micros, before_id, limit)) {
    v1::Notification& notification = notifications.emplace_back();
    notification.set_id(row[0].as<std::string>());
    notification.set_event_id(row[1].as<OptText>().value_or(""));
    SetRecipient(inbox, notification);
    notification.set_type(NotificationTypeOfKind(row[2].as<std::string>()));
    notification.set_title(row[3].as<OptText>().value_or(""));
    notification.set_body(row[4].as<OptText>().value_or(""));
    notification.set_mission_id(row[5].as<OptText>().value_or(""));
    notification.set_participation_id(row[6].as<OptText>().value_or(""));
    notification.set_invitation_id(row[7].as<OptText>().value_or(""));
    SetTimestampFromMicros(row[8].as<OptMicros>(), [&] { return notification.mutable_create_time(); });
  }
  return notifications;
}

}  // namespace renfort::storage
