#include "storage/volunteers/retention.h"

#include <pqxx/pqxx>

#include "storage/outbox.h"
#include "storage/pg/transaction.h"
#include "storage/status_macros.h"
#include "storage/volunteers/sql_values.h"
#include "storage/volunteers/volunteer_erasure.h"
#include "storage/volunteers/volunteer_rows.h"
#include "storage/volunteers/volunteer_store.h"

namespace renfort::storage {
namespace {

namespace v1 = ::renfort::v1;

absl::StatusOr<int> EndPauses(ConnectionPool& pool, absl::Time now) {
  int ended = 0;
  RETURN_IF_ERROR(RunInTransaction(pool, "ending pauses", [&](pqxx::work& txn) {
    const pqxx::result rows = txn.exec_params(
        "UPDATE volunteers SET status = 'ACTIVE', paused_until = NULL, "
        "  updated_at = $1::timestamptz "
        "WHERE status = 'PAUSED' AND paused_until <= $1::timestamptz RETURNING id::text",
        TimestampText(now));
    ended = static_cast<int>(rows.size());
    for (const pqxx::row& row : rows) {
      ASSIGN_OR_RETURN(const v1::Volunteer volunteer, ReadVolunteer(txn, row[0].as<std::string>()));
      AppendOutboxEvent(txn, kVolunteerUpdated, Aggregate::kVolunteer, volunteer.id(), volunteer);
    }
    return absl::OkStatus();
  }));
  return ended;
}

// Notifies the volunteers inactive for at least `months` but less than `until_months`.
absl::StatusOr<int> Remind(ConnectionPool& pool, int months, int until_months, int archive_months,
                           absl::Time now) {
  int reminded = 0;
  RETURN_IF_ERROR(RunInTransaction(pool, "reminding inactive volunteers", [&](pqxx::work& txn) {
    reminded = static_cast<int>(
        txn.exec_params(
               "INSERT INTO notifications "
               "  (recipient_kind, recipient_id, kind, payload, dedup_key, created_at) "
               "SELECT 'VOLUNTEER', v.id::text, 'inactivity_reminder', "
               "  jsonb_build_object('months', $2::int, 'title', 'Vous nous manquez', 'body', "
               "    'Vous ne vous êtes pas connecté·e à renfort depuis ' || $2::int || ' mois. "
               "Sans activité, votre compte et vos données seront supprimés après ' || $3::int || "
               "    ' mois d''inactivité.'), "
               "  'inactivity:' || $2::int || ':' || v.id || ':' || "
               RENFORT_MICROS("v.last_active_at") ", $1::timestamptz "
               "FROM volunteers v "
               "WHERE v.status <> 'DELETED' "
               "  AND v.last_active_at <= $1::timestamptz - make_interval(months => $2::int) "
               "  AND v.last_active_at > $1::timestamptz - make_interval(months => $4::int) "
               "ON CONFLICT (dedup_key) DO NOTHING",
               TimestampText(now), months, archive_months, until_months)
            .affected_rows());
    return absl::OkStatus();
  }));
  return reminded;
}

absl::StatusOr<int> ArchiveBatch(ConnectionPool& pool, const RetentionPolicy& policy,
                                 absl::Time now) {
  int archived = 0;
  RETURN_IF_ERROR(RunInTransaction(pool, "archiving inactive volunteers", [&](pqxx::work& txn) {
    archived = 0;
    for (const pqxx::row& row : txn.exec_params(
             "SELECT id::text FROM volunteers WHERE status <> 'DELETED' "
             "  AND last_active_at <= $1::timestamptz - make_interval(months => $2::int) "
             "ORDER BY last_active_at, id LIMIT $3",
             TimestampText(now), policy.archive_after_months, policy.batch_size)) {
      RETURN_IF_ERROR(EraseVolunteer(txn, row[0].as<std::string>(), now).status());
      ++archived;
    }
    return absl::OkStatus();
  }));
  return archived;
}

}  // namespace

absl::StatusOr<RetentionReport> RunRetention(ConnectionPool& pool, const RetentionPolicy& policy,
                                             absl::Time now) {
  RetentionReport report;
  ASSIGN_OR_RETURN(report.pauses_ended, EndPauses(pool, now));
  ASSIGN_OR_RETURN(report.first_reminders, Remind(pool, policy.first_reminder_months,
                                                  policy.second_reminder_months,
                                                  policy.archive_after_months, now));
  ASSIGN_OR_RETURN(report.second_reminders, Remind(pool, policy.second_reminder_months,
                                                   policy.archive_after_months,
                                                   policy.archive_after_months, now));
  while (true) {
    ASSIGN_OR_RETURN(const int archived, ArchiveBatch(pool, policy, now));
    report.archived += archived;
    if (archived < policy.batch_size) break;
  }
  return report;
}

}  // namespace renfort::storage
