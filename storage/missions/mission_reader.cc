#include "storage/missions/mission_reader.h"

#include <algorithm>
#include <map>
#include <pqxx/pqxx>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "storage/pg/prepared_statement.h"
#include "storage/sql_values.h"

namespace renfort::storage {
namespace {

const PreparedStatement kSelectMissions("missions.mission_reader.select_missions", R"sql(
  SELECT m.id, m.organisation_id, o.name, m.title, m.description, m.domain_slug,
         coalesce(m.secondary_domain_slug, ''), coalesce(m.activity_slug, ''),
         m.motivation_required, m.format, coalesce(m.department_code, ''),
         coalesce(d.time_zone, 'Europe/Paris'), m.schedule_kind, m.start_date::text,
         coalesce(m.end_date::text, ''), m.commitment_duration_minutes, m.commitment_period,
         m.commitment_minimum_span, coalesce(m.commitment_minimum_span_unit, ''), m.places,
         m.places_held,
         (SELECT count(*) FROM participations p
          WHERE p.mission_id = m.id AND p.status = 'WAITLISTED'),
         m.open_to_minors, m.status, coalesce(m.review_reason, ''),
         (extract(epoch FROM m.created_at) * 1000000)::bigint,
         (extract(epoch FROM m.updated_at) * 1000000)::bigint,
         (extract(epoch FROM m.published_at) * 1000000)::bigint,
         (extract(epoch FROM m.closed_at) * 1000000)::bigint
  FROM missions m
  JOIN organisations o ON o.id = m.organisation_id
  LEFT JOIN departments d ON d.code = m.department_code
  WHERE m.id = ANY($1::uuid[]))sql");

// Every child row of the missions in one statement (one round trip instead of six): a `kind`
// saying which child it is, an `ord` that keeps each kind's order (row_number over the order the
// reader wants), and the child's fields as text in c1..c10 (libpq hands every value over as
// text anyway; a double's text is the same whether cast here or sent as double precision).
// Rows written without the local slot columns (older writers) are read back through the zone.
const PreparedStatement kSelectChildren("missions.mission_reader.select_children", R"sql(
  SELECT kind, mission_id, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10 FROM (
    SELECT 1 AS kind, m.id::text AS mission_id,
           row_number() OVER (ORDER BY m.id, p.n) AS ord,
           p.item AS c1, NULL::text AS c2, NULL::text AS c3, NULL::text AS c4, NULL::text AS c5,
           NULL::text AS c6, NULL::text AS c7, NULL::text AS c8, NULL::text AS c9,
           NULL::text AS c10
    FROM missions m, unnest(m.prerequisites) WITH ORDINALITY AS p(item, n)
    WHERE m.id = ANY($1::uuid[])
    UNION ALL
    SELECT 2, a.mission_id::text, row_number() OVER (ORDER BY a.mission_id, a.position),
           coalesce(a.label, ''), coalesce(a.street, ''), coalesce(a.postal_code, ''),
           a.commune_insee_code, c.name, c.department_code, c.latitude::text,
           c.longitude::text, a.latitude::text, a.longitude::text
    FROM mission_addresses a JOIN communes c ON c.insee_code = a.commune_insee_code
    WHERE a.mission_id = ANY($1::uuid[])
    UNION ALL
    SELECT 3, s.mission_id::text, row_number() OVER (ORDER BY s.mission_id, s.starts_at),
           coalesce(s.local_date, (s.starts_at AT TIME ZONE coalesce(d.time_zone, 'Europe/Paris'))::date)::text,
           coalesce(s.start_minute, extract(hour FROM s.starts_at AT TIME ZONE coalesce(d.time_zone, 'Europe/Paris')) * 60
                    + extract(minute FROM s.starts_at AT TIME ZONE coalesce(d.time_zone, 'Europe/Paris')))::int::text,
           coalesce(s.end_minute, (extract(epoch FROM s.ends_at - s.starts_at) / 60)::int
                    + extract(hour FROM s.starts_at AT TIME ZONE coalesce(d.time_zone, 'Europe/Paris')) * 60
                    + extract(minute FROM s.starts_at AT TIME ZONE coalesce(d.time_zone, 'Europe/Paris')))::int::text,
           NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM mission_dated_slots s
    JOIN missions m ON m.id = s.mission_id
    LEFT JOIN departments d ON d.code = m.department_code
    WHERE s.mission_id = ANY($1::uuid[])
    UNION ALL
    SELECT 4, mission_id::text, row_number() OVER (ORDER BY mission_id, weekday, start_minute),
           weekday::text, start_minute::text, end_minute::text,
           NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM mission_weekly_slots WHERE mission_id = ANY($1::uuid[])
    UNION ALL
    SELECT 5, mission_id::text, row_number() OVER (ORDER BY mission_id, skill_slug),
           skill_slug, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM mission_skills WHERE mission_id = ANY($1::uuid[])
    UNION ALL
    SELECT 6, mission_id::text, 0, beneficiary_slug, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           NULL, NULL
    FROM mission_beneficiaries WHERE mission_id = ANY($1::uuid[])
  ) AS children
  ORDER BY kind, ord)sql");

const PreparedStatement kLockMission("missions.mission_reader.lock_mission",
                                     "SELECT 1 FROM missions WHERE id = $1 FOR UPDATE");

// The same two for one mission, the hot path of GetMission (see SqlForOneId).
const PreparedStatement kSelectMission("missions.mission_reader.select_mission",
                                       SqlForOneId(kSelectMissions.sql()));
const PreparedStatement kSelectChildrenOfOne("missions.mission_reader.select_children_of_one",
                                             SqlForOneId(kSelectChildren.sql()));

// What each `kind` of kSelectChildren is.
enum ChildKind {
  kPrerequisite = 1,
  kAddress = 2,
  kDatedSlot = 3,
  kWeeklySlot = 4,
  kSkill = 5,
  kBeneficiary = 6,
};

v1::Mission MissionFromRow(const pqxx::row& row) {
  v1::Mission mission;
  mission.set_id(row[0].as<std::string>());
  mission.set_organisation_id(row[1].as<std::string>());
  mission.set_organisation_name(row[2].as<std::string>());
  mission.set_title(row[3].as<std::string>());
  mission.set_description(row[4].as<std::string>());
  mission.set_domain(DomainFromSlug(row[5].as<std::string>()));
  mission.set_secondary_domain(DomainFromSlug(row[6].as<std::string>()));
  mission.set_activity(row[7].as<std::string>());
  mission.set_motivation_required(row[8].as<bool>());
  mission.set_format(FormatFromName(row[9].as<std::string>()));
  mission.set_department_code(row[10].as<std::string>());
  mission.set_time_zone(row[11].as<std::string>());
  mission.mutable_schedule()->set_kind(ScheduleKindFromName(row[12].as<std::string>()));
  *mission.mutable_start_date() = DateFromSql(row[13].as<std::string>());
  const std::string end_date = row[14].as<std::string>();
  if (!end_date.empty()) *mission.mutable_end_date() = DateFromSql(end_date);
  if (mission.schedule().kind() == v1::SCHEDULE_KIND_RECURRING) {
    v1::DateRange& range = *mission.mutable_schedule()->mutable_date_range();
    *range.mutable_start_date() = mission.start_date();
    if (mission.has_end_date()) *range.mutable_end_date() = mission.end_date();
  }
  if (!row[15].is_null()) {
    v1::Commitment& commitment = *mission.mutable_commitment();
    commitment.set_duration_minutes(row[15].as<int>());
    commitment.set_period(CommitmentPeriodFromName(row[16].as<std::string>()));
    commitment.set_minimum_span(row[17].as<int>());
    commitment.set_minimum_span_unit(CommitmentPeriodFromName(row[18].as<std::string>()));
  }
  mission.set_places(row[19].as<int>());
  mission.set_places_held(row[20].as<int>());
  mission.set_waitlist_size(row[21].as<int>());
  mission.set_open_to_minors(row[22].as<bool>());
  mission.set_status(MissionStatusFromName(row[23].as<std::string>()));
  mission.set_status_reason(row[24].as<std::string>());
  *mission.mutable_create_time() = TimestampFromMicros(row[25].as<int64_t>());
  *mission.mutable_update_time() = TimestampFromMicros(row[26].as<int64_t>());
  if (!row[27].is_null())
    *mission.mutable_publish_time() = TimestampFromMicros(row[27].as<int64_t>());
  if (!row[28].is_null())
    *mission.mutable_close_time() = TimestampFromMicros(row[28].as<int64_t>());
  return mission;
}

void AttachChild(const pqxx::row& row, v1::Mission& mission) {
  switch (row[0].as<int>()) {
    case kPrerequisite:
      mission.add_prerequisites(row[2].as<std::string>());
      break;
    case kAddress: {
      v1::Address& address = *mission.add_addresses();
      address.set_label(row[2].as<std::string>());
      address.set_street(row[3].as<std::string>());
      address.set_postal_code(row[4].as<std::string>());
      v1::Commune& commune = *address.mutable_commune();
      commune.set_insee_code(row[5].as<std::string>());
      commune.set_name(row[6].as<std::string>());
      commune.set_department_code(row[7].as<std::string>());
      commune.mutable_centroid()->set_latitude(row[8].as<double>());
      commune.mutable_centroid()->set_longitude(row[9].as<double>());
      address.mutable_location()->set_latitude(row[10].as<double>());
      address.mutable_location()->set_longitude(row[11].as<double>());
      break;
    }
    case kDatedSlot: {
      v1::DatedSlot& slot = *mission.mutable_schedule()->add_dated_slots();
      *slot.mutable_date() = DateFromSql(row[2].as<std::string>());
      slot.set_start_minute(row[3].as<int>());
      slot.set_end_minute(row[4].as<int>());
      break;
    }
    case kWeeklySlot: {
      v1::WeeklySlot& slot = *mission.mutable_schedule()->add_weekly_slots();
      slot.set_weekday(static_cast<v1::Weekday>(row[2].as<int>()));
      slot.set_start_minute(row[3].as<int>());
      slot.set_end_minute(row[4].as<int>());
      break;
    }
    case kSkill:
      mission.add_required_skills(row[2].as<std::string>());
      break;
    case kBeneficiary:
      mission.add_beneficiaries(BeneficiaryFromSlug(row[2].as<std::string>()));
      break;
  }
}

// `ids` is one id when `one`, else an array literal.
void AttachChildren(pqxx::transaction_base& txn, const std::string& ids, bool one,
                    std::map<std::string, v1::Mission>& missions) {
  for (const pqxx::row& row :
       one ? kSelectChildrenOfOne.Exec(txn, ids) : kSelectChildren.Exec(txn, ids)) {
    AttachChild(row, missions[row[1].as<std::string>()]);
  }
  for (auto& [id, mission] : missions) {
    std::sort(mission.mutable_beneficiaries()->begin(), mission.mutable_beneficiaries()->end());
  }
}

}  // namespace

std::vector<v1::Mission> ReadMissions(pqxx::transaction_base& txn,
                                      const std::vector<std::string>& ids) {
  std::vector<v1::Mission> ordered;
  if (ids.empty()) return ordered;
  const bool one = ids.size() == 1;
  const std::string id_array = one ? ids[0] : ToPgArray(ids);
  std::map<std::string, v1::Mission> missions;
  for (const pqxx::row& row :
       one ? kSelectMission.Exec(txn, id_array) : kSelectMissions.Exec(txn, id_array)) {
    v1::Mission mission = MissionFromRow(row);
    missions[mission.id()] = std::move(mission);
  }
  AttachChildren(txn, id_array, one, missions);
  for (const std::string& id : ids) {
    auto found = missions.find(id);
    if (found != missions.end()) ordered.push_back(found->second);
  }
  return ordered;
}

absl::StatusOr<v1::Mission> ReadMission(pqxx::transaction_base& txn, absl::string_view id,
                                        bool for_update) {
  if (for_update) {
    const pqxx::result locked = kLockMission.Exec(txn, std::string(id));
    if (locked.empty()) return absl::NotFoundError(absl::StrCat("mission ", id, " not found"));
  }
  std::vector<v1::Mission> missions = ReadMissions(txn, {std::string(id)});
  if (missions.empty()) return absl::NotFoundError(absl::StrCat("mission ", id, " not found"));
  return missions[0];
}

}  // namespace renfort::storage
