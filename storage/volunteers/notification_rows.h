#ifndef RENFORT_STORAGE_VOLUNTEERS_NOTIFICATION_ROWS_H_
#define RENFORT_STORAGE_VOLUNTEERS_NOTIFICATION_ROWS_H_

// Read-only view of the inboxes the notifier and the daily jobs write (storage/notifications/):
// VolunteerService serves them through ListNotifications and the volunteer's export.

#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "renfort/v1/notification.pb.h"
#include "storage/notifications/notification_schema.h"

namespace renfort::storage {

// The notifications of `inbox`. `newest_first` orders by (create_time, id) descending, else
// ascending. When `before_micros`/`before_id` are set, only rows strictly after that position in
// the chosen order. At most `limit` rows (0: no limit). Each has the recipient field of its inbox
// set (volunteer_id, organisation_id or department_code) and the type of its kind.
std::vector<renfort::v1::Notification> ReadNotifications(pqxx::transaction_base& txn,
                                                         const Inbox& inbox, bool newest_first,
                                                         const std::string& before_micros,
                                                         const std::string& before_id, int limit);

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_VOLUNTEERS_NOTIFICATION_ROWS_H_
