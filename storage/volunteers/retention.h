#ifndef RENFORT_STORAGE_VOLUNTEERS_RETENTION_H_
#define RENFORT_STORAGE_VOLUNTEERS_RETENTION_H_

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/pg/connection_pool.h"

namespace renfort::storage {

// How long renfort keeps an inactive volunteer (docs/privacy.md). Activity is
// volunteers.last_active_at: the last RPC the volunteer made with their own token.
struct RetentionPolicy {
  int first_reminder_months = 3;
  int second_reminder_months = 6;
  // After this long without activity the account is erased like DeleteVolunteer.
  int archive_after_months = 36;
  // Volunteers erased per transaction; the job loops until none is left.
  int batch_size = 500;
};

struct RetentionReport {
  int pauses_ended = 0;
  int first_reminders = 0;
  int second_reminders = 0;
  int archived = 0;
};

// One run of the daily upkeep, at `now`:
//  1. PAUSED volunteers whose pause ended by `now` become ACTIVE (volunteer.updated event);
//  2. volunteers inactive for first_reminder_months (but not yet second_reminder_months) get an
//     "inactivity_reminder" notification, and those inactive for second_reminder_months another
//     one; each at most once per period of inactivity (the dedup key holds last_active_at), so
//     running the job twice, or every day, notifies nobody twice;
//  3. volunteers inactive for archive_after_months are erased (EraseVolunteer), batch by batch.
// Each step commits on its own; a failure stops the run with its status, and a rerun carries on.
absl::StatusOr<RetentionReport> RunRetention(ConnectionPool& pool, const RetentionPolicy& policy,
                                             absl::Time now);

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_VOLUNTEERS_RETENTION_H_
