#ifndef RENFORT_STORAGE_NOTIFICATIONS_SCHEDULED_NOTIFICATIONS_H_
#define RENFORT_STORAGE_NOTIFICATIONS_SCHEDULED_NOTIFICATIONS_H_

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/pg/connection_pool.h"

namespace renfort::storage {

struct ScheduledNotificationsReport {
  int slot_reminders = 0;          // [volunteer] a slot of an accepted participation tomorrow
  int done_prompts = 0;            // [volunteer] "was it done?" after a slot yesterday
  int unanswered_applications = 0; // [organisation] PENDING / IN_REVIEW for 7 days or more
};

// The date-driven notifications, as of `now`; run once a day by renfort-mission-jobs. "Tomorrow"
// and "yesterday" are local dates in the mission's département's time zone (Europe/Paris for a
// remote mission). Slots are the dated slots of ONE_OFF missions and the weekly slots of
// RECURRING ones within their dates. Each is written once, whatever the number of runs:
//   slot_reminder   key slot_reminder:<participation>:<local date of the slot>
//   done_prompt     key done_prompt:<participation>:<local date of the slot>
//   application_unanswered  key application_unanswered:<participation> (to the organisation)
// One transaction; deleted volunteers get nothing.
absl::StatusOr<ScheduledNotificationsReport> WriteScheduledNotifications(ConnectionPool& pool,
                                                                         absl::Time now);

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_NOTIFICATIONS_SCHEDULED_NOTIFICATIONS_H_
