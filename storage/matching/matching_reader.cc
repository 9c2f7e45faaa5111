#include "storage/matching/matching_reader.h"

#include <optional>
#include <pqxx/pqxx>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "storage/matching/row_merge.h"
#include "storage/matching/row_values.h"
#include "storage/pg/errors.h"
#include "storage/status_macros.h"

namespace renfort::storage {
namespace {

namespace v1 = ::renfort::v1;

constexpr char kReadSkills[] = "SELECT slug FROM skills ORDER BY slug";
constexpr char kReadZones[] = "SELECT code, time_zone FROM departments ORDER BY code";

// The mission's département: its own, or its organisation's for a REMOTE mission.
constexpr char kReadMissions[] = R"sql(
  SELECT m.id, m.organisation_id, o.name, m.title, m.domain_slug,
         coalesce(m.secondary_domain_slug, ''), coalesce(m.activity_slug, ''), m.format,
         coalesce(m.department_code, o.department_code), d.time_zone, m.schedule_kind,
         m.start_date::text, coalesce(m.end_date::text, ''), m.places, m.places_held,
         m.open_to_minors, m.status, m.motivation_required,
         (extract(epoch FROM m.created_at) * 1000000)::bigint,
         (extract(epoch FROM m.updated_at) * 1000000)::bigint,
         (extract(epoch FROM m.published_at) * 1000000)::bigint
  FROM missions m
  JOIN organisations o ON o.id = m.organisation_id
  JOIN departments d ON d.code = coalesce(m.department_code, o.department_code)
  WHERE m.id = ANY($1::uuid[])
  ORDER BY m.id)sql";

constexpr char kReadMissionAddresses[] = R"sql(
  SELECT a.mission_id, a.label, a.commune_insee_code, c.name, a.department_code,
         c.latitude, c.longitude, a.latitude, a.longitude
  FROM mission_addresses a
  JOIN communes c ON c.insee_code = a.commune_insee_code
  WHERE a.mission_id = ANY($1::uuid[])
  ORDER BY a.mission_id, a.position)sql";

// Dated slots are stored as instants; the API speaks local dates and minutes of the
// département's zone (an end at the next local midnight is minute 1440).
constexpr char kReadMissionDatedSlots[] = R"sql(
  SELECT s.mission_id, local.start_at::date::text,
         (extract(epoch FROM local.start_at - local.start_at::date) / 60)::int,
         (extract(epoch FROM local.end_at - local.start_at::date) / 60)::int
  FROM mission_dated_slots s
  JOIN missions m ON m.id = s.mission_id
  JOIN organisations o ON o.id = m.organisation_id
  JOIN departments d ON d.code = coalesce(m.department_code, o.department_code)
  CROSS JOIN LATERAL (SELECT s.starts_at AT TIME ZONE d.time_zone AS start_at,
                             s.ends_at AT TIME ZONE d.time_zone AS end_at) local
  WHERE s.mission_id = ANY($1::uuid[])
  ORDER BY s.mission_id, s.starts_at)sql";

constexpr char kReadMissionWeeklySlots[] = R"sql(
  SELECT mission_id, weekday, start_minute, end_minute
  FROM mission_weekly_slots
  WHERE mission_id = ANY($1::uuid[])
  ORDER BY mission_id, weekday, start_minute)sql";

constexpr char kReadMissionSkills[] = R"sql(
  SELECT mission_id, skill_slug FROM mission_skills
  WHERE mission_id = ANY($1::uuid[])
  ORDER BY mission_id, skill_slug)sql";

constexpr char kPairInvolvement[] = R"sql(
  EXISTS (SELECT 1 FROM participations a
          WHERE a.mission_id = x.mission_id AND a.volunteer_id = x.volunteer_id
            AND a.status IN ('WAITLISTED', 'PENDING', 'IN_REVIEW', 'ACCEPTED'))
  OR EXISTS (SELECT 1 FROM invitations i
             WHERE i.mission_id = x.mission_id AND i.volunteer_id = x.volunteer_id
               AND i.status = 'PROPOSED'))sql";

const std::string& ReadParticipationPairsSql() {
  static const std::string* sql = new std::string(
      absl::StrCat("SELECT DISTINCT x.mission_id, x.volunteer_id, ", kPairInvolvement,
                   " FROM participations x WHERE x.id = ANY($1::uuid[])"));
  return *sql;
}

const std::string& ReadInvitationPairsSql() {
  static const std::string* sql = new std::string(
      absl::StrCat("SELECT DISTINCT x.mission_id, x.volunteer_id, ", kPairInvolvement,
                   " FROM invitations x WHERE x.id = ANY($1::uuid[])"));
  return *sql;
}

constexpr char kPageMissionIds[] = R"sql(
  SELECT id FROM missions
  WHERE status IN ('PUBLISHED', 'PAUSED') AND id > $1::uuid
  ORDER BY id LIMIT $2)sql";

constexpr char kPageVolunteerIds[] = R"sql(
  SELECT id FROM volunteers
  WHERE status IN ('ACTIVE', 'PAUSED') AND id > $1::uuid
  ORDER BY id LIMIT $2)sql";

constexpr char kPageInvolvedPairs[] = R"sql(
  SELECT mission_id, volunteer_id FROM (
    SELECT mission_id, volunteer_id FROM participations
    WHERE status IN ('WAITLISTED', 'PENDING', 'IN_REVIEW', 'ACCEPTED')
    UNION
    SELECT mission_id, volunteer_id FROM invitations WHERE status = 'PROPOSED') pairs
  WHERE (mission_id, volunteer_id) > ($1::uuid, $2::uuid)
  ORDER BY mission_id, volunteer_id LIMIT $3)sql";

constexpr char kOrganisationActivity[] = R"sql(
  SELECT m.organisation_id, count(*), count(answer.at),
         coalesce(percentile_cont(0.5) WITHIN GROUP (
                    ORDER BY extract(epoch FROM answer.at - p.created_at) / 3600)
                  FILTER (WHERE answer.at IS NOT NULL), 0)
  FROM participations p
  JOIN missions m ON m.id = p.mission_id
  LEFT JOIN LATERAL (SELECT min(t.at) AS at FROM participation_transitions t
                     WHERE t.participation_id = p.id AND t.to_status IN ('ACCEPTED', 'REFUSED'))
            answer ON true
  WHERE p.origin = 'APPLIED' AND p.created_at >= $1::timestamptz
    AND (cardinality($2::uuid[]) = 0 OR m.organisation_id = ANY($2::uuid[]))
  GROUP BY m.organisation_id)sql";

constexpr char kZeroUuid[] = "00000000-0000-0000-0000-000000000000";

v1::MissionStatus MissionStatusFromName(const std::string& name) {
  v1::MissionStatus status = v1::MISSION_STATUS_UNSPECIFIED;
  v1::MissionStatus_Parse("MISSION_STATUS_" + name, &status);
  return status;
}

v1::Mission MissionFromRow(const pqxx::row& row) {
  v1::Mission mission;
  mission.set_id(row[0].c_str());
  mission.set_organisation_id(row[1].c_str());
  mission.set_organisation_name(row[2].c_str());
  mission.set_title(row[3].c_str());
  mission.set_domain(DomainFromSlug(row[4].c_str()));
  mission.set_secondary_domain(DomainFromSlug(row[5].c_str()));
  mission.set_activity(row[6].c_str());
  mission.set_format(FormatFromName(row[7].c_str()));
  mission.set_department_code(row[8].c_str());
  mission.set_time_zone(row[9].c_str());
  const bool recurring = row[10].as<std::string>() == "RECURRING";
  v1::Schedule& schedule = *mission.mutable_schedule();
  schedule.set_kind(recurring ? v1::SCHEDULE_KIND_RECURRING : v1::SCHEDULE_KIND_ONE_OFF);
  ParseSqlDate(row[11].c_str(), *mission.mutable_start_date());
  if (!row[12].as<std::string>().empty())
    ParseSqlDate(row[12].c_str(), *mission.mutable_end_date());
  if (recurring) {
    *schedule.mutable_date_range()->mutable_start_date() = mission.start_date();
    if (mission.has_end_date())
      *schedule.mutable_date_range()->mutable_end_date() = mission.end_date();
  }
  mission.set_places(row[13].as<int>());
  mission.set_places_held(row[14].as<int>());
  mission.set_open_to_minors(row[15].as<bool>());
  mission.set_status(MissionStatusFromName(row[16].as<std::string>()));
  mission.set_motivation_required(row[17].as<bool>());
  *mission.mutable_create_time() = TimestampFromMicros(row[18].as<int64_t>());
  *mission.mutable_update_time() = TimestampFromMicros(row[19].as<int64_t>());
  if (!row[20].is_null())
    *mission.mutable_publish_time() = TimestampFromMicros(row[20].as<int64_t>());
  return mission;
}

void AddAddress(const pqxx::row& row, v1::Mission& mission) {
  v1::Address& address = *mission.add_addresses();
  address.set_label(row[1].c_str());
  v1::Commune& commune = *address.mutable_commune();
  commune.set_insee_code(row[2].c_str());
  commune.set_name(row[3].c_str());
  commune.set_department_code(row[4].c_str());
  commune.mutable_centroid()->set_latitude(row[5].as<double>());
  commune.mutable_centroid()->set_longitude(row[6].as<double>());
  address.mutable_location()->set_latitude(row[7].as<double>());
  address.mutable_location()->set_longitude(row[8].as<double>());
}

void AddDatedSlot(const pqxx::row& row, v1::Mission& mission) {
  v1::DatedSlot& slot = *mission.mutable_schedule()->add_dated_slots();
  ParseSqlDate(row[1].c_str(), *slot.mutable_date());
  slot.set_start_minute(row[2].as<int>());
  slot.set_end_minute(row[3].as<int>());
}

absl::StatusOr<std::vector<std::string>> PageIds(pqxx::transaction_base& txn, const char* sql,
                                                 const std::string& after, int limit) {
  std::vector<std::string> ids;
  for (const pqxx::row& row : txn.exec_params(sql, after, limit)) ids.push_back(row[0].c_str());
  return ids;
}

}  // namespace

absl::StatusOr<MatchingReference> ReadMatchingReference(pqxx::transaction_base& txn) {
  try {
    MatchingReference reference;
    for (const pqxx::row& row : txn.exec(kReadSkills))
      reference.skill_slugs.push_back(row[0].c_str());
    for (const pqxx::row& row : txn.exec(kReadZones)) {
      reference.department_zones.emplace_back(row[0].c_str(), row[1].c_str());
    }
    return reference;
  } catch (...) {
    return StatusFromCurrentException("reading the matching reference data");
  }
}

absl::StatusOr<std::vector<v1::Mission>> ReadIndexedMissions(pqxx::transaction_base& txn,
                                                      const std::vector<std::string>& ids) {
  std::vector<v1::Mission> missions;
  if (ids.empty()) return missions;
  try {
    const std::string id_array = UuidArrayLiteral(ids);
    for (const pqxx::row& row : txn.exec_params(kReadMissions, id_array)) {
      missions.push_back(MissionFromRow(row));
    }
    absl::flat_hash_map<std::string, v1::Mission*> by_id;
    for (v1::Mission& mission : missions) by_id[mission.id()] = &mission;
    for (const pqxx::row& row : txn.exec_params(kReadMissionAddresses, id_array)) {
      if (v1::Mission* mission = Find(by_id, row[0])) AddAddress(row, *mission);
    }
    for (const pqxx::row& row : txn.exec_params(kReadMissionDatedSlots, id_array)) {
      if (v1::Mission* mission = Find(by_id, row[0])) AddDatedSlot(row, *mission);
    }
    for (const pqxx::row& row : txn.exec_params(kReadMissionWeeklySlots, id_array)) {
      if (v1::Mission* mission = Find(by_id, row[0])) {
        AddWeeklySlot(row, *mission->mutable_schedule()->mutable_weekly_slots());
      }
    }
    for (const pqxx::row& row : txn.exec_params(kReadMissionSkills, id_array)) {
      if (v1::Mission* mission = Find(by_id, row[0])) mission->add_required_skills(row[1].c_str());
    }
    return missions;
  } catch (...) {
    return StatusFromCurrentException("reading missions for matching");
  }
}

namespace {

absl::StatusOr<std::vector<Involvement>> ReadPairs(pqxx::transaction_base& txn,
                                                   const std::string& sql,
                                                   const std::vector<std::string>& ids) {
  std::vector<Involvement> pairs;
  if (ids.empty()) return pairs;
  try {
    for (const pqxx::row& row : txn.exec_params(sql, UuidArrayLiteral(ids))) {
      pairs.push_back({row[0].c_str(), row[1].c_str(), row[2].as<bool>()});
    }
    return pairs;
  } catch (...) {
    return StatusFromCurrentException("reading involvement for matching");
  }
}

}  // namespace

absl::StatusOr<std::vector<Involvement>> ReadParticipationPairs(
    pqxx::transaction_base& txn, const std::vector<std::string>& participation_ids) {
  return ReadPairs(txn, ReadParticipationPairsSql(), participation_ids);
}

absl::StatusOr<std::vector<Involvement>> ReadInvitationPairs(
    pqxx::transaction_base& txn, const std::vector<std::string>& invitation_ids) {
  return ReadPairs(txn, ReadInvitationPairsSql(), invitation_ids);
}

absl::StatusOr<std::vector<std::pair<std::string, matching::OrganisationActivity>>>
ReadOrganisationActivity(pqxx::transaction_base& txn,
                         const std::vector<std::string>& organisation_ids, absl::Time now) {
  try {
    std::vector<std::pair<std::string, matching::OrganisationActivity>> activities;
    for (const pqxx::row& row :
         txn.exec_params(kOrganisationActivity, SqlInstant(now - absl::Hours(24 * 365)),
                         UuidArrayLiteral(organisation_ids))) {
      matching::OrganisationActivity activity;
      activity.applications_received = row[1].as<int>();
      activity.applications_answered = row[2].as<int>();
      activity.median_answer_hours = row[3].as<double>();
      activities.emplace_back(row[0].c_str(), activity);
    }
    return activities;
  } catch (...) {
    return StatusFromCurrentException("reading organisations' responsiveness");
  }
}

absl::StatusOr<SnapshotCounts> ReadSnapshot(pqxx::transaction_base& txn, absl::Time now,
                                            const SnapshotSink& sink, int batch_size) {
  SnapshotCounts counts;
  try {
    for (std::string after = kZeroUuid;;) {
      ASSIGN_OR_RETURN(std::vector<std::string> ids,
                       PageIds(txn, kPageMissionIds, after, batch_size));
      if (ids.empty()) break;
      after = ids.back();
      ASSIGN_OR_RETURN(std::vector<v1::Mission> missions, ReadIndexedMissions(txn, ids));
      for (const v1::Mission& mission : missions) RETURN_IF_ERROR(sink.mission(mission));
      counts.missions += static_cast<long long>(missions.size());
    }
    for (std::string after = kZeroUuid;;) {
      ASSIGN_OR_RETURN(std::vector<std::string> ids,
                       PageIds(txn, kPageVolunteerIds, after, batch_size));
      if (ids.empty()) break;
      after = ids.back();
      ASSIGN_OR_RETURN(std::vector<IndexedVolunteer> volunteers, ReadVolunteers(txn, ids, now));
      for (const IndexedVolunteer& volunteer : volunteers)
        RETURN_IF_ERROR(sink.volunteer(volunteer));
      counts.volunteers += static_cast<long long>(volunteers.size());
    }
    std::string after_mission = kZeroUuid, after_volunteer = kZeroUuid;
    while (true) {
      const pqxx::result rows =
          txn.exec_params(kPageInvolvedPairs, after_mission, after_volunteer, batch_size);
      if (rows.empty()) break;
      for (const pqxx::row& row : rows) {
        after_mission = row[0].c_str();
        after_volunteer = row[1].c_str();
        RETURN_IF_ERROR(sink.involvement(after_mission, after_volunteer));
        ++counts.involvements;
      }
    }
    if (sink.organisation) {
      ASSIGN_OR_RETURN(auto activities, ReadOrganisationActivity(txn, {}, now));
      for (const auto& [organisation_id, activity] : activities) {
        RETURN_IF_ERROR(sink.organisation(organisation_id, activity));
      }
    }
    return counts;
  } catch (...) {
    return StatusFromCurrentException("reading the matching snapshot");
  }
}

}  // namespace renfort::storage
