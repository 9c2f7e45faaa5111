// ReadVolunteers of matching_reader.h: volunteers and the activity matching derives for them.
#include <pqxx/pqxx>

#include "absl/container/flat_hash_map.h"
#include "storage/matching/matching_reader.h"
#include "storage/matching/row_merge.h"
#include "storage/matching/row_values.h"
#include "storage/pg/errors.h"
#include "storage/pg/prepared_statement.h"

namespace renfort::storage {
namespace {

namespace v1 = ::renfort::v1;

const PreparedStatement kReadVolunteers("matching.volunteer_reader.read_volunteers", R"sql(
  SELECT v.id, v.status, coalesce(v.first_name, ''), coalesce(v.last_name, ''),
         coalesce(v.birth_date::text, ''), coalesce(v.home_commune_insee_code, ''),
         coalesce(c.name, ''), coalesce(v.department_code, ''), v.latitude, v.longitude,
         v.max_travel_km, v.accepts_in_person, v.accepts_remote,
         coalesce(v.available_from::text, ''), coalesce(v.available_until::text, ''),
         (extract(epoch FROM v.last_active_at) * 1000000)::bigint,
         (extract(epoch FROM v.created_at) * 1000000)::bigint,
         (extract(epoch FROM v.updated_at) * 1000000)::bigint
  FROM volunteers v
  LEFT JOIN communes c ON c.insee_code = v.home_commune_insee_code
  WHERE v.id = ANY($1::uuid[])
  ORDER BY v.id)sql");
const PreparedStatement kReadVolunteersOfOne("matching.volunteer_reader.read_volunteers_of_one",
                                             SqlForOneId(kReadVolunteers.sql()));

const PreparedStatement kReadVolunteerWeeklySlots(
    "matching.volunteer_reader.read_volunteer_weekly_slots", R"sql(
  SELECT volunteer_id, weekday, start_minute, end_minute
  FROM volunteer_weekly_slots
  WHERE volunteer_id = ANY($1::uuid[])
  ORDER BY volunteer_id, weekday, start_minute)sql");
const PreparedStatement kReadVolunteerWeeklySlotsOfOne(
    "matching.volunteer_reader.read_volunteer_weekly_slots_of_one",
    SqlForOneId(kReadVolunteerWeeklySlots.sql()));

const PreparedStatement kReadVolunteerDomains(
    "matching.volunteer_reader.read_volunteer_domains", R"sql(
  SELECT volunteer_id, domain_slug FROM volunteer_domains
  WHERE volunteer_id = ANY($1::uuid[])
  ORDER BY volunteer_id, domain_slug)sql");
const PreparedStatement kReadVolunteerDomainsOfOne(
    "matching.volunteer_reader.read_volunteer_domains_of_one",
    SqlForOneId(kReadVolunteerDomains.sql()));

const PreparedStatement kReadVolunteerSkills(
    "matching.volunteer_reader.read_volunteer_skills", R"sql(
  SELECT volunteer_id, skill_slug FROM volunteer_skills
  WHERE volunteer_id = ANY($1::uuid[])
  ORDER BY volunteer_id, skill_slug)sql");
const PreparedStatement kReadVolunteerSkillsOfOne(
    "matching.volunteer_reader.read_volunteer_skills_of_one",
    SqlForOneId(kReadVolunteerSkills.sql()));

const PreparedStatement kReadReliability("matching.volunteer_reader.read_reliability", R"sql(
  SELECT volunteer_id, count(*) FILTER (WHERE status = 'DONE'),
         count(*) FILTER (WHERE status = 'NO_SHOW')
  FROM participations
  WHERE volunteer_id = ANY($1::uuid[]) AND status IN ('DONE', 'NO_SHOW')
  GROUP BY volunteer_id)sql");
const PreparedStatement kReadReliabilityOfOne("matching.volunteer_reader.read_reliability_of_one",
                                              SqlForOneId(kReadReliability.sql()));

const PreparedStatement kReadInvitationsSince(
    "matching.volunteer_reader.read_invitations_since", R"sql(
  SELECT volunteer_id, count(*) FROM invitations
  WHERE volunteer_id = ANY($1::uuid[]) AND created_at >= $2::timestamptz
  GROUP BY volunteer_id)sql");
const PreparedStatement kReadInvitationsSinceOfOne(
    "matching.volunteer_reader.read_invitations_since_of_one",
    SqlForOneId(kReadInvitationsSince.sql()));

// Involvement of a pair, from every participation and invitation of it.
v1::VolunteerStatus VolunteerStatusFromName(const std::string& name) {
  v1::VolunteerStatus status = v1::VOLUNTEER_STATUS_UNSPECIFIED;
  v1::VolunteerStatus_Parse("VOLUNTEER_STATUS_" + name, &status);
  return status;
}

v1::Volunteer VolunteerFromRow(const pqxx::row& row) {
  v1::Volunteer volunteer;
  volunteer.set_id(row[0].c_str());
  volunteer.set_status(VolunteerStatusFromName(row[1].as<std::string>()));
  if (volunteer.status() == v1::VOLUNTEER_STATUS_DELETED) return volunteer;
  volunteer.set_first_name(row[2].c_str());
  volunteer.set_last_name(row[3].c_str());
  ParseSqlDate(row[4].c_str(), *volunteer.mutable_birth_date());
  v1::Commune& home = *volunteer.mutable_home_commune();
  home.set_insee_code(row[5].c_str());
  home.set_name(row[6].c_str());
  home.set_department_code(row[7].c_str());
  if (!row[8].is_null() && !row[9].is_null()) {
    home.mutable_centroid()->set_latitude(row[8].as<double>());
    home.mutable_centroid()->set_longitude(row[9].as<double>());
  }
  volunteer.set_max_travel_km(row[10].as<int>());
  volunteer.set_accepts_in_person(row[11].as<bool>());
  volunteer.set_accepts_remote(row[12].as<bool>());
  v1::DateRange& range = *volunteer.mutable_availability()->mutable_date_range();
  ParseSqlDate(row[13].c_str(), *range.mutable_start_date());
  ParseSqlDate(row[14].c_str(), *range.mutable_end_date());
  if (!range.start_date().year()) range.clear_start_date();
  if (!range.end_date().year()) range.clear_end_date();
  *volunteer.mutable_last_active_time() = TimestampFromMicros(row[15].as<int64_t>());
  *volunteer.mutable_create_time() = TimestampFromMicros(row[16].as<int64_t>());
  *volunteer.mutable_update_time() = TimestampFromMicros(row[17].as<int64_t>());
  return volunteer;
}

absl::CivilSecond StartOfUtcMonth(absl::Time now) {
  const absl::CivilSecond civil = absl::ToCivilSecond(now, absl::UTCTimeZone());
  return absl::CivilSecond(absl::CivilMonth(civil));
}

}  // namespace

absl::StatusOr<std::vector<IndexedVolunteer>> ReadVolunteers(pqxx::transaction_base& txn,
                                                             const std::vector<std::string>& ids,
                                                             absl::Time now) {
  std::vector<IndexedVolunteer> volunteers;
  if (ids.empty()) return volunteers;
  try {
    // UuidArrayLiteral drops ids that are no UUID; the one-id statement gets only a valid one.
    const bool one = ids.size() == 1 && IsCanonicalUuid(ids[0]);
    const std::string id_array = one ? ids[0] : UuidArrayLiteral(ids);
    for (const pqxx::row& row :
         (one ? kReadVolunteersOfOne : kReadVolunteers).Exec(txn, id_array)) {
      IndexedVolunteer& indexed = volunteers.emplace_back();
      indexed.volunteer = VolunteerFromRow(row);
      indexed.activity.counted_at = now;
    }
    absl::flat_hash_map<std::string, IndexedVolunteer*> by_id;
    for (IndexedVolunteer& indexed : volunteers) by_id[indexed.volunteer.id()] = &indexed;
    for (const pqxx::row& row :
         (one ? kReadVolunteerWeeklySlotsOfOne : kReadVolunteerWeeklySlots).Exec(txn, id_array)) {
      if (IndexedVolunteer* indexed = Find(by_id, row[0])) {
        AddWeeklySlot(row, *indexed->volunteer.mutable_availability()->mutable_weekly_slots());
      }
    }
    for (const pqxx::row& row :
         (one ? kReadVolunteerDomainsOfOne : kReadVolunteerDomains).Exec(txn, id_array)) {
      if (IndexedVolunteer* indexed = Find(by_id, row[0])) {
        indexed->volunteer.add_domains(DomainFromSlug(row[1].c_str()));
      }
    }
    for (const pqxx::row& row :
         (one ? kReadVolunteerSkillsOfOne : kReadVolunteerSkills).Exec(txn, id_array)) {
      if (IndexedVolunteer* indexed = Find(by_id, row[0]))
        indexed->volunteer.add_skills(row[1].c_str());
    }
    for (const pqxx::row& row :
         (one ? kReadReliabilityOfOne : kReadReliability).Exec(txn, id_array)) {
      if (IndexedVolunteer* indexed = Find(by_id, row[0])) {
        indexed->activity.done_count = row[1].as<int>();
        indexed->activity.no_show_count = row[2].as<int>();
      }
    }
    const std::string month_start =
        SqlInstant(absl::FromCivil(StartOfUtcMonth(now), absl::UTCTimeZone()));
    for (const pqxx::row& row : (one ? kReadInvitationsSinceOfOne : kReadInvitationsSince)
                                    .Exec(txn, id_array, month_start)) {
      if (IndexedVolunteer* indexed = Find(by_id, row[0])) {
        indexed->activity.invitations_this_month = row[1].as<int>();
      }
    }
    return volunteers;
  } catch (...) {
    return StatusFromCurrentException("reading volunteers for matching");
  }
}

}  // namespace renfort::storage
