// ParticipationStore::Transition: status changes, the schedules the overlap rule needs, and the
// waitlist promotion that follows a freed place.
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "storage/missions/participation_store.h"
#include "storage/outbox.h"
#include "storage/pg/transaction.h"
#include "storage/status_macros.h"

namespace renfort::storage {
namespace {

namespace v1 = ::renfort::v1;

// Lock order everywhere: the mission row, then the participation, then the volunteer. Apply
// takes the same order, so no two calls can wait on each other in a cycle.
constexpr char kMissionOf[] = "SELECT mission_id FROM participations WHERE id = $1";
constexpr char kLockMission[] = "SELECT status FROM missions WHERE id = $1 FOR UPDATE";
constexpr char kLockParticipation[] = "SELECT 1 FROM participations WHERE id = $1 FOR UPDATE";
constexpr char kLockVolunteer[] = "SELECT 1 FROM volunteers WHERE id = $1 FOR UPDATE";

constexpr char kUpdateParticipation[] = R"sql(
  UPDATE participations
  SET status = $2, reason = nullif($3, ''), hours_done = $4,
      checked_in_at = CASE WHEN $5::boolean THEN )sql";

constexpr char kOtherAcceptedMissions[] = R"sql(
  SELECT DISTINCT mission_id::text FROM participations
  WHERE volunteer_id = $1 AND status = 'ACCEPTED' AND mission_id <> $2)sql";

// Schedules in the local time of each mission's département (REMOTE missions: the
// organisation's), which is how the API states them: dated slots are stored as instants and
// read back as local date + minutes here.
constexpr char kScheduleMissions[] = R"sql(
  SELECT m.id, m.title, m.schedule_kind, to_char(m.start_date, 'YYYY-MM-DD'),
         coalesce(to_char(m.end_date, 'YYYY-MM-DD'), ''), coalesce(d.time_zone, 'Europe/Paris')
  FROM missions m
  JOIN organisations o ON o.id = m.organisation_id
  LEFT JOIN departments d ON d.code = coalesce(m.department_code, o.department_code)
  WHERE m.id = ANY($1::uuid[]))sql";

constexpr char kDatedSlots[] = R"sql(
  SELECT s.mission_id, to_char(s.starts_at AT TIME ZONE $2, 'YYYY-MM-DD'),
         extract(hour FROM s.starts_at AT TIME ZONE $2)::int * 60
           + extract(minute FROM s.starts_at AT TIME ZONE $2)::int,
         CASE WHEN (s.ends_at AT TIME ZONE $2)::date > (s.starts_at AT TIME ZONE $2)::date
              THEN 1440
              ELSE extract(hour FROM s.ends_at AT TIME ZONE $2)::int * 60
                     + extract(minute FROM s.ends_at AT TIME ZONE $2)::int END
  FROM mission_dated_slots s WHERE s.mission_id = $1 ORDER BY s.starts_at)sql";

constexpr char kWeeklySlots[] = R"sql(
  SELECT weekday, start_minute, end_minute FROM mission_weekly_slots
  WHERE mission_id = $1 ORDER BY weekday, start_minute)sql";

constexpr char kFirstWaitlisted[] = R"sql(
  SELECT p.id FROM participations p JOIN missions m ON m.id = p.mission_id
  WHERE p.mission_id = $1 AND p.status = 'WAITLISTED'
    AND m.places_held < m.places AND m.status IN ('PUBLISHED', 'PAUSED')
  ORDER BY p.waitlisted_at, p.id
  LIMIT 1
  FOR UPDATE OF p)sql";

std::vector<v1::Mission> LoadSchedules(pqxx::transaction_base& txn,
                                       const std::vector<std::string>& mission_ids) {
  std::vector<v1::Mission> missions;
  for (const pqxx::row& row : txn.exec_params(kScheduleMissions, SqlArray(mission_ids))) {
    v1::Mission& mission = missions.emplace_back();
    mission.set_id(row[0].as<std::string>());
    mission.set_title(row[1].as<std::string>());
    mission.set_time_zone(row[5].as<std::string>());
    v1::Schedule& schedule = *mission.mutable_schedule();
    if (row[2].as<std::string>() == "RECURRING") {
      schedule.set_kind(v1::SCHEDULE_KIND_RECURRING);
      *schedule.mutable_date_range()->mutable_start_date() = DateFromSql(row[3].as<std::string>());
      if (!row[4].as<std::string>().empty()) {
        *schedule.mutable_date_range()->mutable_end_date() = DateFromSql(row[4].as<std::string>());
      }
      for (const pqxx::row& slot : txn.exec_params(kWeeklySlots, mission.id())) {
        v1::WeeklySlot& weekly = *schedule.add_weekly_slots();
        weekly.set_weekday(static_cast<v1::Weekday>(slot[0].as<int>()));
        weekly.set_start_minute(slot[1].as<int>());
        weekly.set_end_minute(slot[2].as<int>());
      }
    } else {
      schedule.set_kind(v1::SCHEDULE_KIND_ONE_OFF);
      for (const pqxx::row& slot :
           txn.exec_params(kDatedSlots, mission.id(), mission.time_zone())) {
        v1::DatedSlot& dated = *schedule.add_dated_slots();
        *dated.mutable_date() = DateFromSql(slot[1].as<std::string>());
        dated.set_start_minute(slot[2].as<int>());
        dated.set_end_minute(slot[3].as<int>());
      }
    }
  }
  return missions;
}

absl::Status CheckSchedules(pqxx::transaction_base& txn, const v1::Participation& participation,
                            const ParticipationStore::ScheduleCheck& check) {
  // Two acceptances of one volunteer on different missions lock different mission rows; the
  // volunteer row serialises them so each sees the other's ACCEPTED participation.
  txn.exec_params(kLockVolunteer, participation.volunteer_id());
  std::vector<std::string> others;
  for (const pqxx::row& row : txn.exec_params(kOtherAcceptedMissions, participation.volunteer_id(),
                                              participation.mission_id())) {
    others.push_back(row[0].as<std::string>());
  }
  if (others.empty()) return absl::OkStatus();
  std::vector<v1::Mission> mission = LoadSchedules(txn, {participation.mission_id()});
  if (mission.empty()) return absl::OkStatus();
  return check(mission[0], LoadSchedules(txn, others));
}

void WriteChange(pqxx::transaction_base& txn, const v1::Participation& next) {
  const bool has_attendance = next.has_check_in_time();
  const bool done = next.status() == v1::PARTICIPATION_STATUS_DONE;
  txn.exec_params(absl::StrCat(kUpdateParticipation, FromMicros(6), " END, checked_out_at = ",
                               "CASE WHEN $5::boolean THEN ", FromMicros(7), " END WHERE id = $1"),
                  next.id(), StatusToSql(next.status()), ReasonToSql(next.reason()),
                  done ? std::optional<double>(next.hours_given()) : std::nullopt, has_attendance,
                  has_attendance ? MicrosFromTimestamp(next.check_in_time()) : 0,
                  has_attendance ? MicrosFromTimestamp(next.check_out_time()) : 0);
}

// Fills freed places from the waitlist, oldest first, while the mission has places left and
// still takes volunteers.
absl::Status PromoteWaitlisted(pqxx::transaction_base& txn, const std::string& mission_id) {
  while (true) {
    const pqxx::result first = txn.exec_params(kFirstWaitlisted, mission_id);
    if (first.empty()) return absl::OkStatus();
    const std::string id = first[0][0].as<std::string>();
    txn.exec_params("UPDATE participations SET status = 'PENDING' WHERE id = $1", id);
    v1::ParticipationTransition promotion;
    promotion.set_from_status(v1::PARTICIPATION_STATUS_WAITLISTED);
    promotion.set_to_status(v1::PARTICIPATION_STATUS_PENDING);
    promotion.mutable_actor()->set_role(v1::ACTOR_ROLE_SYSTEM);
    InsertTransition(txn, id, promotion);
    ASSIGN_OR_RETURN(const v1::Participation promoted, ReadParticipation(txn, id));
    AppendOutboxEvent(txn, kParticipationTransitioned, Aggregate::kParticipation, id, promoted);
  }
}

bool HoldsPlace(v1::ParticipationStatus status) {
  return status == v1::PARTICIPATION_STATUS_PENDING ||
         status == v1::PARTICIPATION_STATUS_IN_REVIEW ||
         status == v1::PARTICIPATION_STATUS_ACCEPTED;
}

}  // namespace

absl::StatusOr<v1::Participation> ParticipationStore::Transition(
    const std::string& participation_id, const Decide& decide,
    const ScheduleCheck& check_schedules) {
  v1::Participation result;
  RETURN_IF_ERROR(RunInTransaction(pool_, "changing a participation", [&](pqxx::work& txn) {
    const pqxx::result missions = txn.exec_params(kMissionOf, participation_id);
    if (missions.empty()) {
      return absl::NotFoundError(absl::StrCat("participation ", participation_id, " not found"));
    }
    const std::string mission_id = missions[0][0].as<std::string>();
    const std::string mission_status =
        txn.exec_params1(kLockMission, mission_id)[0].as<std::string>();
    txn.exec_params(kLockParticipation, participation_id);
    ASSIGN_OR_RETURN(const v1::Participation current, ReadParticipation(txn, participation_id));
    ASSIGN_OR_RETURN(v1::Participation next, decide(current));
    if (next.transitions_size() <= current.transitions_size()) {
      return absl::InternalError("a participation change must append one transition");
    }
    if (mission_status == "CLOSED" || mission_status == "CANCELLED") {
      // Over missions keep their accepted volunteers (to be marked done or no-show) and take
      // no one new.
      if (next.status() == v1::PARTICIPATION_STATUS_ACCEPTED ||
          next.status() == v1::PARTICIPATION_STATUS_IN_REVIEW) {
        return absl::FailedPreconditionError(absl::StrCat(
            "mission ", mission_id, " is ", mission_status, ": it takes no new volunteer"));
      }
    }
    if (next.status() == v1::PARTICIPATION_STATUS_ACCEPTED) {
      RETURN_IF_ERROR(CheckSchedules(txn, current, check_schedules));
    }
    WriteChange(txn, next);
    InsertTransition(txn, participation_id, next.transitions(next.transitions_size() - 1));
    ASSIGN_OR_RETURN(result, ReadParticipation(txn, participation_id));
    AppendOutboxEvent(txn, kParticipationTransitioned, Aggregate::kParticipation, participation_id,
                      result);
    if (HoldsPlace(current.status()) && !HoldsPlace(next.status())) {
      RETURN_IF_ERROR(PromoteWaitlisted(txn, mission_id));
    }
    return absl::OkStatus();
  }));
  return result;
}

}  // namespace renfort::storage
