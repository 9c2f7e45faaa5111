// ParticipationStore: Apply, Get and List. Transitions and the waitlist are in
// participation_transition.cc.
#include "storage/missions/participation_store.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "storage/outbox.h"
#include "storage/pg/prepared_statement.h"
#include "storage/pg/transaction.h"
#include "storage/status_macros.h"

namespace renfort::storage {
namespace {

namespace v1 = ::renfort::v1;

// The mission row is locked first: concurrent Apply calls on one mission queue here, and each
// sees the places_held left by the previous one (READ COMMITTED re-reads the locked row), so
// the PENDING-or-WAITLISTED decision below is never made on a stale count.
const PreparedStatement kLockMission("missions.participation_store.lock_mission", R"sql(
  SELECT m.id, m.organisation_id, m.status, m.format, to_char(m.start_date, 'YYYY-MM-DD'),
         coalesce(d.time_zone, 'Europe/Paris'), m.places, m.places_held, m.open_to_minors,
         m.motivation_required
  FROM missions m
  JOIN organisations o ON o.id = m.organisation_id
  LEFT JOIN departments d ON d.code = coalesce(m.department_code, o.department_code)
  WHERE m.id = $1
  FOR UPDATE OF m)sql");

const PreparedStatement kReadVolunteer("missions.participation_store.read_volunteer", R"sql(
  SELECT status, coalesce(to_char(birth_date, 'YYYY-MM-DD'), ''), accepts_in_person,
         accepts_remote
  FROM volunteers WHERE id = $1)sql");

const PreparedStatement kActiveParticipation(
    "missions.participation_store.active_participation", R"sql(
  SELECT id FROM participations
  WHERE mission_id = $1 AND volunteer_id = $2
    AND status IN ('WAITLISTED', 'PENDING', 'IN_REVIEW', 'ACCEPTED'))sql");

const PreparedStatement kInsertParticipation(
    "missions.participation_store.insert_participation", R"sql(
  INSERT INTO participations (mission_id, volunteer_id, origin, status, motivation, waitlisted_at)
  VALUES ($1, $2, 'APPLIED', $3, nullif($4, ''), CASE WHEN $3 = 'WAITLISTED' THEN now() END)
  RETURNING id)sql");

v1::Mission MissionFromLockedRow(const pqxx::row& row) {
  v1::Mission mission;
  mission.set_id(row[0].as<std::string>());
  mission.set_organisation_id(row[1].as<std::string>());
  mission.set_status(MissionStatusFromSql(row[2].as<std::string>()));
  mission.set_format(FormatFromSql(row[3].as<std::string>()));
  *mission.mutable_start_date() = DateFromSql(row[4].as<std::string>());
  mission.set_time_zone(row[5].as<std::string>());
  mission.set_places(row[6].as<int>());
  mission.set_places_held(row[7].as<int>());
  mission.set_open_to_minors(row[8].as<bool>());
  mission.set_motivation_required(row[9].as<bool>());
  return mission;
}

v1::Volunteer VolunteerFromRow(const std::string& id, const pqxx::row& row) {
  v1::Volunteer volunteer;
  volunteer.set_id(id);
  const std::string status = row[0].as<std::string>();
  volunteer.set_status(status == "DELETED"  ? v1::VOLUNTEER_STATUS_DELETED
                       : status == "PAUSED" ? v1::VOLUNTEER_STATUS_PAUSED
                                            : v1::VOLUNTEER_STATUS_ACTIVE);
  const std::string birth_date = row[1].as<std::string>();
  if (!birth_date.empty()) *volunteer.mutable_birth_date() = DateFromSql(birth_date);
  volunteer.set_accepts_in_person(row[2].as<bool>());
  volunteer.set_accepts_remote(row[3].as<bool>());
  return volunteer;
}

}  // namespace

absl::StatusOr<v1::Participation> ParticipationStore::Apply(const std::string& mission_id,
                                                            const std::string& volunteer_id,
                                                            const std::string& motivation,
                                                            const v1::Actor& actor,
                                                            const ApplyCheck& check) {
  v1::Participation created;
  RETURN_IF_ERROR(RunInTransaction(pool_, "applying to a mission", [&](pqxx::work& txn) {
    const pqxx::result missions = kLockMission.Exec(txn, mission_id);
    if (missions.empty()) {
      return absl::NotFoundError(absl::StrCat("mission ", mission_id, " not found"));
    }
    const v1::Mission mission = MissionFromLockedRow(missions[0]);
    const pqxx::result volunteers = kReadVolunteer.Exec(txn, volunteer_id);
    if (volunteers.empty()) {
      return absl::NotFoundError(absl::StrCat("volunteer ", volunteer_id, " not found"));
    }
    RETURN_IF_ERROR(check(mission, VolunteerFromRow(volunteer_id, volunteers[0])));
    const pqxx::result active = kActiveParticipation.Exec(txn, mission_id, volunteer_id);
    if (!active.empty()) {
      return absl::AlreadyExistsError(
          absl::StrCat("the volunteer already has an active participation in mission ", mission_id,
                       ": ", active[0][0].as<std::string>()));
    }
    const v1::ParticipationStatus status = mission.places_held() < mission.places()
                                               ? v1::PARTICIPATION_STATUS_PENDING
                                               : v1::PARTICIPATION_STATUS_WAITLISTED;
    const std::string id = kInsertParticipation.Exec1(txn, mission_id, volunteer_id,
                                            StatusToSql(status), motivation)[0]
                               .as<std::string>();
    v1::ParticipationTransition first;
    first.set_to_status(status);
    *first.mutable_actor() = actor;
    InsertTransition(txn, id, first);
    ASSIGN_OR_RETURN(created, ReadParticipation(txn, id));
    AppendOutboxEvent(txn, kParticipationCreated, Aggregate::kParticipation, id, created);
    return absl::OkStatus();
  }));
  return created;
}

absl::StatusOr<v1::Participation> ParticipationStore::Get(
    const std::string& participation_id, const ParticipationVisibility& visibility) {
  v1::Participation participation;
  RETURN_IF_ERROR(RunReadOnly(pool_, "reading a participation", [&](pqxx::read_transaction& txn) {
    const pqxx::result rows = txn.exec_params(
        absl::StrCat("SELECT ", kParticipationColumns, kParticipationJoins, " WHERE ",
                     kVisibilityPredicate, " AND p.id = $6"),
        visibility.everything, visibility.volunteer_id, SqlArray(visibility.organisation_ids),
        SqlArray(visibility.department_codes), SqlArray(visibility.network_ids), participation_id);
    if (rows.empty()) {
      return absl::NotFoundError(absl::StrCat("participation ", participation_id, " not found"));
    }
    std::vector<v1::Participation> found = {ParticipationFromRow(rows[0])};
    AttachTransitions(txn, found);
    participation = std::move(found[0]);
    return absl::OkStatus();
  }));
  return participation;
}

absl::StatusOr<std::vector<v1::Participation>> ParticipationStore::List(
    const ParticipationQuery& query) {
  std::vector<std::string> statuses;
  for (const v1::ParticipationStatus status : query.statuses) {
    statuses.push_back(StatusToSql(status));
  }
  const std::string sql = absl::StrCat("SELECT ", kParticipationColumns, kParticipationJoins,
                                       " WHERE ", kVisibilityPredicate,
                                       R"sql(
        AND (nullif($6, '') IS NULL OR p.mission_id = nullif($6, '')::uuid)
        AND (nullif($7, '') IS NULL OR p.volunteer_id = nullif($7, '')::uuid)
        AND (nullif($8, '') IS NULL OR m.organisation_id = nullif($8, '')::uuid)
        AND (nullif($9, '') IS NULL OR coalesce(m.department_code, o.department_code) = $9)
        AND (cardinality($10::text[]) = 0 OR p.status = ANY($10::text[]))
        AND (NOT $11::boolean OR (p.created_at, p.id) > ()sql",
                                       FromMicros(12), R"sql(, $13::uuid))
      ORDER BY p.created_at, p.id
      LIMIT $14)sql");
  std::vector<v1::Participation> page;
  RETURN_IF_ERROR(RunReadOnly(pool_, "listing participations", [&](pqxx::read_transaction& txn) {
    const ParticipationVisibility& scope = query.visibility;
    const pqxx::result rows = txn.exec_params(
        sql, scope.everything, scope.volunteer_id, SqlArray(scope.organisation_ids),
        SqlArray(scope.department_codes), SqlArray(scope.network_ids), query.mission_id,
        query.volunteer_id, query.organisation_id, query.department_code, SqlArray(statuses),
        query.after_set, query.after_create_micros,
        query.after_set ? query.after_id : std::string("00000000-0000-0000-0000-000000000000"),
        query.limit);
    for (const pqxx::row& row : rows) page.push_back(ParticipationFromRow(row));
    AttachTransitions(txn, page);
    return absl::OkStatus();
  }));
  return page;
}

}  // namespace renfort::storage
