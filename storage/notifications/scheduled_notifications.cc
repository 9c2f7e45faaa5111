#include "storage/notifications/scheduled_notifications.h"

#include <string>

#include <pqxx/pqxx>

#include "absl/time/time.h"

#include "storage/notifications/notification_schema.h"
#include "storage/pg/transaction.h"
#include "storage/status_macros.h"

namespace renfort::storage {
namespace {

std::string TimestampText(absl::Time time) {
  return absl::FormatTime(absl::RFC3339_full, time, absl::UTCTimeZone());
}

// Accepted participations with a slot on the local date `now` + $2 days, in the mission's
// time zone: one row per (participation, date) however many slots that day has.
constexpr char kParticipationsWithSlotOn[] = R"sql(
  WITH local AS (
    SELECT p.id AS participation_id, p.volunteer_id, m.id AS mission_id, m.title,
           m.schedule_kind, m.start_date, m.end_date,
           (($1::timestamptz AT TIME ZONE coalesce(d.time_zone, 'Europe/Paris'))::date
              + $2::int) AS day,
           coalesce(d.time_zone, 'Europe/Paris') AS tz
    FROM participations p
    JOIN missions m ON m.id = p.mission_id
    LEFT JOIN departments d ON d.code = m.department_code
    JOIN volunteers v ON v.id = p.volunteer_id AND v.status <> 'DELETED'
    WHERE p.status = 'ACCEPTED'
  )
  SELECT l.* FROM local l
  WHERE (l.schedule_kind = 'ONE_OFF' AND EXISTS (
           SELECT 1 FROM mission_dated_slots s
           WHERE s.mission_id = l.mission_id AND (s.starts_at AT TIME ZONE l.tz)::date = l.day))
     OR (l.schedule_kind = 'RECURRING' AND l.day >= l.start_date
         AND (l.end_date IS NULL OR l.day <= l.end_date) AND EXISTS (
           SELECT 1 FROM mission_weekly_slots w
           WHERE w.mission_id = l.mission_id AND w.weekday = extract(isodow FROM l.day)))
)sql";

int InsertForSlots(pqxx::work& txn, absl::Time now, int day_offset, const char* kind,
                   const char* title_prefix, const char* body) {
  return static_cast<int>(
      txn.exec_params(
             std::string("INSERT INTO notifications (recipient_kind, recipient_id, kind, payload, "
                         "  dedup_key, created_at) "
                         "SELECT 'VOLUNTEER', s.volunteer_id::text, $3::text, "
                         "  jsonb_build_object('title', $4::text || ' « ' || s.title || ' »', "
                         "    'body', $5::text, 'mission_id', s.mission_id::text, "
                         "    'participation_id', s.participation_id::text, "
                         "    'date', s.day::text), "
                         "  $3::text || ':' || s.participation_id || ':' || s.day, $1::timestamptz "
                         "FROM (") +
                 kParticipationsWithSlotOn +
                 ") s ON CONFLICT (dedup_key) DO NOTHING",
             TimestampText(now), day_offset, kind, title_prefix, body)
          .affected_rows());
}

constexpr char kUnanswered[] = R"sql(
  INSERT INTO notifications (recipient_kind, recipient_id, kind, payload, dedup_key, created_at)
  SELECT 'ORGANISATION', m.organisation_id::text, $2::text,
         jsonb_build_object(
           'title', 'Une candidature attend votre réponse depuis 7 jours',
           'body', 'Une candidature à la mission « ' || m.title || ' » n''a pas encore reçu de '
                   'réponse. Les bénévoles comptent sur une réponse rapide.',
           'mission_id', m.id::text, 'participation_id', p.id::text),
         $2::text || ':' || p.id, $1::timestamptz
  FROM participations p JOIN missions m ON m.id = p.mission_id
  WHERE p.status IN ('PENDING', 'IN_REVIEW')
    AND p.created_at <= $1::timestamptz - interval '7 days'
  ON CONFLICT (dedup_key) DO NOTHING)sql";

}  // namespace

absl::StatusOr<ScheduledNotificationsReport> WriteScheduledNotifications(ConnectionPool& pool,
                                                                         absl::Time now) {
  ScheduledNotificationsReport report;
  RETURN_IF_ERROR(RunInTransaction(pool, "writing scheduled notifications", [&](pqxx::work& txn) {
    report.slot_reminders =
        InsertForSlots(txn, now, 1, kSlotReminderKind, "Rappel : demain, mission",
                       "Vous participez demain à cette mission. Merci de prévenir "
                       "l'organisation si vous ne pouvez plus venir.");
    report.done_prompts =
        InsertForSlots(txn, now, -1, kDonePromptKind, "Comment s'est passée la mission",
                       "Votre mission avait lieu hier : a-t-elle bien eu lieu ? Dites-le-nous "
                       "depuis votre espace.");
    report.unanswered_applications = static_cast<int>(
        txn.exec_params(kUnanswered, TimestampText(now), std::string(kApplicationUnansweredKind))
            .affected_rows());
    return absl::OkStatus();
  }));
  return report;
}

}  // namespace renfort::storage
