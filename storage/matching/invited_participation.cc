#include "storage/matching/invited_participation.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "storage/matching/row_values.h"
#include "storage/pg/errors.h"

namespace renfort::storage {
namespace {

namespace v1 = ::renfort::v1;

constexpr char kInsertParticipation[] = R"sql(
  INSERT INTO participations (mission_id, volunteer_id, origin, status, motivation,
                              waitlisted_at, created_at, updated_at)
  VALUES ($1::uuid, $2::uuid, 'INVITED', $3, nullif($4, ''),
          CASE WHEN $3 = 'WAITLISTED' THEN $5::timestamptz END, $5::timestamptz, $5::timestamptz)
  RETURNING id)sql";

constexpr char kInsertTransition[] = R"sql(
  INSERT INTO participation_transitions (participation_id, from_status, to_status, actor_role,
                                         actor_id, at)
  VALUES ($1::uuid, NULL, $2, 'volunteer', $3, $4::timestamptz))sql";

constexpr char kWaitlistPosition[] = R"sql(
  SELECT count(*) FROM participations w, participations p
  WHERE p.id = $1::uuid AND w.mission_id = p.mission_id AND w.status = 'WAITLISTED'
    AND (w.waitlisted_at, w.id) <= (p.waitlisted_at, p.id))sql";

constexpr char kOverlappingAccepted[] = R"sql(
  WITH a AS (
    SELECT m.id, m.start_date, m.end_date, d.time_zone AS tz
    FROM missions m JOIN organisations o ON o.id = m.organisation_id
    JOIN departments d ON d.code = coalesce(m.department_code, o.department_code)
    WHERE m.id = $2::uuid),
  b AS (
    SELECT DISTINCT m.id, m.title, m.start_date, m.end_date, d.time_zone AS tz
    FROM participations p JOIN missions m ON m.id = p.mission_id
    JOIN organisations o ON o.id = m.organisation_id
    JOIN departments d ON d.code = coalesce(m.department_code, o.department_code)
    WHERE p.volunteer_id = $1::uuid AND p.status = 'ACCEPTED' AND m.id <> $2::uuid),
  dated AS (
    SELECT s.mission_id, s.starts_at, s.ends_at,
           extract(isodow FROM s.starts_at AT TIME ZONE x.tz)::int AS weekday,
           (s.starts_at AT TIME ZONE x.tz)::date AS day,
           (extract(epoch FROM (s.starts_at AT TIME ZONE x.tz)
                               - (s.starts_at AT TIME ZONE x.tz)::date) / 60)::int AS start_minute,
           (extract(epoch FROM (s.ends_at AT TIME ZONE x.tz)
                               - (s.starts_at AT TIME ZONE x.tz)::date) / 60)::int AS end_minute
    FROM mission_dated_slots s
    JOIN (SELECT id, tz FROM a UNION ALL SELECT id, tz FROM b) x ON x.id = s.mission_id)
  SELECT b.title, b.id FROM b CROSS JOIN a
  WHERE EXISTS (
          SELECT 1 FROM dated da JOIN dated db
            ON tstzrange(da.starts_at, da.ends_at) && tstzrange(db.starts_at, db.ends_at)
          WHERE da.mission_id = a.id AND db.mission_id = b.id)
     OR EXISTS (
          SELECT 1 FROM mission_weekly_slots wa JOIN mission_weekly_slots wb
            ON wa.weekday = wb.weekday
           AND int4range(wa.start_minute, wa.end_minute) && int4range(wb.start_minute, wb.end_minute)
          WHERE wa.mission_id = a.id AND wb.mission_id = b.id
            AND daterange(a.start_date, a.end_date, '[]') && daterange(b.start_date, b.end_date, '[]'))
     OR EXISTS (
          SELECT 1 FROM dated da JOIN mission_weekly_slots wb
            ON wb.weekday = da.weekday
           AND int4range(da.start_minute, da.end_minute) && int4range(wb.start_minute, wb.end_minute)
          WHERE da.mission_id = a.id AND wb.mission_id = b.id
            AND da.day BETWEEN b.start_date AND coalesce(b.end_date, 'infinity'))
     OR EXISTS (
          SELECT 1 FROM dated db JOIN mission_weekly_slots wa
            ON wa.weekday = db.weekday
           AND int4range(db.start_minute, db.end_minute) && int4range(wa.start_minute, wa.end_minute)
          WHERE db.mission_id = b.id AND wa.mission_id = a.id
            AND db.day BETWEEN a.start_date AND coalesce(a.end_date, 'infinity'))
  ORDER BY b.id LIMIT 1)sql";

}  // namespace

absl::StatusOr<v1::Participation> InsertInvitedParticipation(pqxx::transaction_base& txn,
                                                             const v1::Mission& locked_mission,
                                                             const v1::Invitation& invitation,
                                                             const std::string& motivation,
                                                             absl::Time now) {
  try {
    const bool place_left = locked_mission.places_held() < locked_mission.places();
    const std::string status = place_left ? "ACCEPTED" : "WAITLISTED";
    const std::string at = SqlInstant(now);
    v1::Participation participation;
    participation.set_id(txn.exec_params1(kInsertParticipation, invitation.mission_id(),
                                          invitation.volunteer_id(), status, motivation, at)[0]
                             .c_str());
    txn.exec_params(kInsertTransition, participation.id(), status, invitation.volunteer_id(), at);
    participation.set_mission_id(invitation.mission_id());
    participation.set_organisation_id(locked_mission.organisation_id());
    participation.set_volunteer_id(invitation.volunteer_id());
    participation.set_origin(v1::PARTICIPATION_ORIGIN_INVITED);
    participation.set_status(place_left ? v1::PARTICIPATION_STATUS_ACCEPTED
                                        : v1::PARTICIPATION_STATUS_WAITLISTED);
    participation.set_motivation(motivation);
    participation.set_invitation_id(invitation.id());
    if (!place_left) {
      participation.set_waitlist_position(
          txn.exec_params1(kWaitlistPosition, participation.id())[0].as<int>());
    }
    const google::protobuf::Timestamp stamp = TimestampFromMicros(absl::ToUnixMicros(now));
    v1::ParticipationTransition& transition = *participation.add_transitions();
    transition.set_to_status(participation.status());
    transition.mutable_actor()->set_role(v1::ACTOR_ROLE_VOLUNTEER);
    transition.mutable_actor()->set_subject(invitation.volunteer_id());
    *transition.mutable_transition_time() = stamp;
    *participation.mutable_create_time() = stamp;
    *participation.mutable_update_time() = stamp;
    return participation;
  } catch (...) {
    return StatusFromCurrentException("creating the participation");
  }
}

absl::StatusOr<std::optional<std::string>> FindOverlappingAcceptedMission(
    pqxx::transaction_base& txn, const std::string& volunteer_id, const std::string& mission_id) {
  try {
    const pqxx::result rows = txn.exec_params(kOverlappingAccepted, volunteer_id, mission_id);
    if (rows.empty()) return std::nullopt;
    return absl::StrCat("\"", rows[0][0].c_str(), "\" (mission ", rows[0][1].c_str(), ")");
  } catch (...) {
    return StatusFromCurrentException("checking the volunteer's schedule");
  }
}

}  // namespace renfort::storage
