// VolunteerStore: what the volunteer's calendar feed is built from.
#include <pqxx/pqxx>

#include "absl/container/flat_hash_map.h"
#include "storage/pg/transaction.h"
#include "storage/status_macros.h"
#include "storage/volunteers/sql_values.h"
#include "storage/volunteers/volunteer_store.h"

namespace renfort::storage {

namespace v1 = ::renfort::v1;
using OptText = std::optional<std::string>;

// A REMOTE mission has no département of its own: its times are the organisation's local time
// (Mission.department_code).
constexpr char kAcceptedMissions[] = R"sql(
SELECT p.id::text, m.id::text, m.title, d.code, d.time_zone, m.schedule_kind,
       m.start_date::text, m.end_date::text
FROM participations p
JOIN missions m ON m.id = p.mission_id
JOIN organisations o ON o.id = m.organisation_id
JOIN departments d ON d.code = coalesce(m.department_code, o.department_code)
WHERE p.volunteer_id = $1::uuid AND p.status = 'ACCEPTED'
ORDER BY p.id)sql";

// Dated slots are instants in storage; the API gives them as local date and minutes.
constexpr char kDatedSlots[] = R"sql(
SELECT local.mission_id::text, local.starts::date::text,
       (extract(epoch from local.starts - date_trunc('day', local.starts)) / 60)::int,
       (extract(epoch from local.ends - date_trunc('day', local.starts)) / 60)::int
FROM (SELECT s.mission_id, s.starts_at AT TIME ZONE $2 AS starts, s.ends_at AT TIME ZONE $2 AS ends
      FROM mission_dated_slots s WHERE s.mission_id = $1::uuid) AS local
ORDER BY local.starts)sql";

constexpr char kWeeklySlots[] = R"sql(
SELECT weekday, start_minute, end_minute FROM mission_weekly_slots
WHERE mission_id = $1::uuid ORDER BY weekday, start_minute)sql";

absl::StatusOr<std::vector<std::pair<std::string, v1::Mission>>> VolunteerStore::AcceptedMissions(
    const std::string& id) {
  std::vector<std::pair<std::string, v1::Mission>> entries;
  RETURN_IF_ERROR(RunReadOnly(pool_, "reading a volunteer's calendar", [&](pqxx::read_transaction& txn) {
    entries.clear();
    for (const pqxx::row& row : txn.exec_params(kAcceptedMissions, id)) {
      v1::Mission mission;
      mission.set_id(row[1].as<std::string>());
      mission.set_title(row[2].as<std::string>());
      mission.set_department_code(row[3].as<std::string>());
      mission.set_time_zone(row[4].as<std::string>());
      SetDateFromText(row[6].as<OptText>(), [&] { return mission.mutable_start_date(); });
      SetDateFromText(row[7].as<OptText>(), [&] { return mission.mutable_end_date(); });
      v1::Schedule& schedule = *mission.mutable_schedule();
      if (row[5].as<std::string>() == "ONE_OFF") {
        schedule.set_kind(v1::SCHEDULE_KIND_ONE_OFF);
        for (const pqxx::row& slot : txn.exec_params(kDatedSlots, mission.id(), mission.time_zone())) {
          v1::DatedSlot& dated = *schedule.add_dated_slots();
          SetDateFromText(slot[1].as<OptText>(), [&] { return dated.mutable_date(); });
          dated.set_start_minute(slot[2].as<int>());
          dated.set_end_minute(slot[3].as<int>());
        }
      } else {
        schedule.set_kind(v1::SCHEDULE_KIND_RECURRING);
        *schedule.mutable_date_range()->mutable_start_date() = mission.start_date();
        if (mission.has_end_date()) {
          *schedule.mutable_date_range()->mutable_end_date() = mission.end_date();
        }
        for (const pqxx::row& slot : txn.exec_params(kWeeklySlots, mission.id())) {
          v1::WeeklySlot& weekly = *schedule.add_weekly_slots();
          weekly.set_weekday(static_cast<v1::Weekday>(slot[0].as<int>()));
          weekly.set_start_minute(slot[1].as<int>());
          weekly.set_end_minute(slot[2].as<int>());
        }
      }
      entries.emplace_back(row[0].as<std::string>(), std::move(mission));
    }
    return absl::OkStatus();
  }));
  return entries;
}

}  // namespace renfort::storage
