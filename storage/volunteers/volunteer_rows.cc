#include "storage/volunteers/volunteer_rows.h"

#include <pqxx/pqxx>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "storage/pg/prepared_statement.h"
#include "storage/volunteers/sql_values.h"

namespace renfort::storage {
namespace {

namespace v1 = ::renfort::v1;
using OptText = std::optional<std::string>;

// paused_until is stored as the instant the pause ends (local midnight after the last day) so
// the retention job compares it with `now` directly; the API speaks of the last local date.
constexpr char kVolunteerColumnsSql[] = R"sql(
SELECT v.id, v.first_name, v.last_name, v.email, v.phone, v.birth_date::text,
       v.home_commune_insee_code, c.name, v.department_code, v.latitude, v.longitude,
       v.max_travel_km, v.accepts_in_person, v.accepts_remote,
       v.available_from::text, v.available_until::text, v.status,
       ((v.paused_until AT TIME ZONE d.time_zone)::date - 1)::text,
       )sql" RENFORT_MICROS("v.terms_accepted_at") ", " RENFORT_MICROS("v.last_active_at") ", "
    RENFORT_MICROS("v.created_at") ", " RENFORT_MICROS("v.updated_at") ", "
    RENFORT_MICROS("v.deleted_at");
// The commune and département of a volunteer `v`, for kVolunteerColumnsSql.
constexpr char kVolunteerJoinsSql[] = R"sql(
LEFT JOIN communes c ON c.insee_code = v.home_commune_insee_code
LEFT JOIN departments d ON d.code = v.department_code)sql";
const std::string kSelectVolunteersSql = absl::StrCat(
    kVolunteerColumnsSql, " FROM volunteers v", kVolunteerJoinsSql,
    " WHERE v.id = ANY($1::uuid[])");
const PreparedStatement kSelectVolunteers("volunteers.select_volunteers", kSelectVolunteersSql);
const PreparedStatement kSelectVolunteersOfOne("volunteers.select_volunteers_of_one",
                                               SqlForOneId(kSelectVolunteers.sql()));
const PreparedStatement kLockVolunteers("volunteers.lock_volunteers",
                                        kSelectVolunteersSql + " FOR UPDATE OF v");
const PreparedStatement kLockVolunteersOfOne("volunteers.lock_volunteers_of_one",
                                             SqlForOneId(kLockVolunteers.sql()));

// Child rows in the columns and order AddChildren reads: weekly slots (kind 1: weekday, start
// and end minutes), domains (kind 2: slug) and skills (kind 3: slug), each kind in the order
// the API gives them. `slots`, `domains` and `skills` are where each kind's rows come from
// (tables with a condition, or the RETURNING of an insert); one builder for both statements
// keeps a read and a write answering the same rows in the same order.
std::string ChildrenSql(const std::string& slots, const std::string& domains,
                        const std::string& skills) {
  return absl::StrCat(R"sql(
  SELECT kind, volunteer_id::text, weekday, start_minute, end_minute, slug FROM (
    SELECT 1 AS kind, volunteer_id, weekday, start_minute, end_minute, NULL::text AS slug
    FROM )sql", slots, R"sql(
    UNION ALL
    SELECT 2, volunteer_id, NULL, NULL, NULL, domain_slug FROM )sql", domains, R"sql(
    UNION ALL
    SELECT 3, volunteer_id, NULL, NULL, NULL, skill_slug FROM )sql", skills, R"sql(
  ) AS children
  ORDER BY kind, volunteer_id, weekday, start_minute, slug)sql");
}

// Every child row of the volunteers in one statement (one round trip instead of three).
const PreparedStatement kSelectChildren(
    "volunteers.select_children",
    ChildrenSql("volunteer_weekly_slots WHERE volunteer_id = ANY($1::uuid[])",
                "volunteer_domains WHERE volunteer_id = ANY($1::uuid[])",
                "volunteer_skills WHERE volunteer_id = ANY($1::uuid[])"));
const PreparedStatement kSelectChildrenOfOne("volunteers.select_children_of_one",
                                             SqlForOneId(kSelectChildren.sql()));

// What each `kind` of ChildrenSql is.
enum ChildKind { kWeeklySlot = 1, kDomain = 2, kSkill = 3 };

// The children are replaced whole: one statement deletes them, one inserts the new ones (the
// insert is a separate statement so that it sees the deletions) and answers what it stored,
// duplicates dropped, as ChildrenSql does for a read: the write needs no read after it.
const PreparedStatement kDeleteChildren("volunteers.delete_children", R"sql(
  WITH slots AS (DELETE FROM volunteer_weekly_slots WHERE volunteer_id = $1),
       domains AS (DELETE FROM volunteer_domains WHERE volunteer_id = $1)
  DELETE FROM volunteer_skills WHERE volunteer_id = $1)sql");
const PreparedStatement kInsertChildren("volunteers.insert_children", absl::StrCat(R"sql(
  WITH slots AS (
         INSERT INTO volunteer_weekly_slots (volunteer_id, weekday, start_minute, end_minute)
         SELECT $1, weekday, start_minute, end_minute
         FROM unnest($2::int[], $3::int[], $4::int[]) AS s(weekday, start_minute, end_minute)
         RETURNING volunteer_id, weekday, start_minute, end_minute),
       domains AS (
         INSERT INTO volunteer_domains (volunteer_id, domain_slug)
         SELECT $1, slug FROM unnest($5::text[]) AS slug ON CONFLICT DO NOTHING
         RETURNING volunteer_id, domain_slug),
       skills AS (
         INSERT INTO volunteer_skills (volunteer_id, skill_slug)
         SELECT $1, slug FROM unnest($6::text[]) AS slug ON CONFLICT DO NOTHING
         RETURNING volunteer_id, skill_slug))sql",
    ChildrenSql("slots", "domains", "skills")));

const PreparedStatement kSelectCommune(
    "volunteers.select_commune",
    "SELECT insee_code, name, department_code, latitude, longitude FROM communes "
    "WHERE insee_code = $1");
const PreparedStatement kFirstUnknownSkill(
    "volunteers.first_unknown_skill",
    "SELECT slug FROM unnest($1::text[]) WITH ORDINALITY AS given (slug, position) "
    "WHERE NOT EXISTS (SELECT 1 FROM skills WHERE skills.slug = given.slug) "
    "ORDER BY position LIMIT 1");
const PreparedStatement kEmailTaken(
    "volunteers.email_taken",
    "SELECT 1 FROM volunteers WHERE lower(email) = lower($1) AND id::text <> $2");

v1::Volunteer VolunteerFromRow(const pqxx::row& row) {
  v1::Volunteer volunteer;
  volunteer.set_id(row[0].as<std::string>());
  volunteer.set_first_name(row[1].as<OptText>().value_or(""));
  volunteer.set_last_name(row[2].as<OptText>().value_or(""));
  volunteer.set_email(row[3].as<OptText>().value_or(""));
  volunteer.set_phone(row[4].as<OptText>().value_or(""));
  SetDateFromText(row[5].as<OptText>(), [&] { return volunteer.mutable_birth_date(); });
  if (!row[6].is_null()) {
    v1::Commune& commune = *volunteer.mutable_home_commune();
    commune.set_insee_code(row[6].as<std::string>());
    commune.set_name(row[7].as<OptText>().value_or(""));
    commune.set_department_code(row[8].as<OptText>().value_or(""));
    commune.mutable_centroid()->set_latitude(row[9].as<double>());
    commune.mutable_centroid()->set_longitude(row[10].as<double>());
  }
  volunteer.set_status(VolunteerStatusFromName(row[16].as<std::string>()));
  SetTimestampFromMicros(row[22].as<std::optional<int64_t>>(), [&] { return volunteer.mutable_delete_time(); });
  SetTimestampFromMicros(row[20].as<std::optional<int64_t>>(), [&] { return volunteer.mutable_create_time(); });
  if (volunteer.status() == v1::VOLUNTEER_STATUS_DELETED) {
    // Only id, status, create_time and delete_time survive an erasure (Volunteer.status).
    return volunteer;
  }
  volunteer.set_max_travel_km(row[11].as<int>());
  volunteer.set_accepts_in_person(row[12].as<bool>());
  volunteer.set_accepts_remote(row[13].as<bool>());
  OptText from = row[14].as<OptText>(), until = row[15].as<OptText>();
  if (from.has_value() || until.has_value()) {
    v1::DateRange& range = *volunteer.mutable_availability()->mutable_date_range();
    SetDateFromText(from, [&] { return range.mutable_start_date(); });
    SetDateFromText(until, [&] { return range.mutable_end_date(); });
  }
  SetDateFromText(row[17].as<OptText>(), [&] { return volunteer.mutable_paused_until(); });
  SetTimestampFromMicros(row[18].as<std::optional<int64_t>>(), [&] { return volunteer.mutable_terms_accept_time(); });
  SetTimestampFromMicros(row[19].as<std::optional<int64_t>>(), [&] { return volunteer.mutable_last_active_time(); });
  SetTimestampFromMicros(row[21].as<std::optional<int64_t>>(), [&] { return volunteer.mutable_update_time(); });
  return volunteer;
}

// Adds the child `rows` (the columns of ChildrenSql) to the volunteers they belong to.
void AddChildren(const pqxx::result& rows,
                 const absl::flat_hash_map<std::string, v1::Volunteer*>& by_id) {
  // Domains in enum order, skills by slug: a stable order whatever the insertion order.
  std::vector<std::pair<std::string, v1::Domain>> domains;
  for (const pqxx::row& row : rows) {
    v1::Volunteer& volunteer = *by_id.at(row[1].as<std::string>());
    switch (row[0].as<int>()) {
      case kWeeklySlot: {
        v1::WeeklySlot& slot = *volunteer.mutable_availability()->add_weekly_slots();
        slot.set_weekday(static_cast<v1::Weekday>(row[2].as<int>()));
        slot.set_start_minute(row[3].as<int>());
        slot.set_end_minute(row[4].as<int>());
        break;
      }
      case kDomain:
        domains.emplace_back(volunteer.id(), DomainFromSlug(row[5].as<std::string>()));
        break;
      case kSkill:
        volunteer.add_skills(row[5].as<std::string>());
        break;
    }
  }
  std::sort(domains.begin(), domains.end());
  for (const auto& [id, domain] : domains) by_id.at(id)->add_domains(domain);
}

// `ids` is one id when `one`, else an array literal.
void ReadChildren(pqxx::transaction_base& txn, const std::string& ids, bool one,
                  const absl::flat_hash_map<std::string, v1::Volunteer*>& by_id) {
  AddChildren((one ? kSelectChildrenOfOne : kSelectChildren).Exec(txn, ids), by_id);
}

// Replaces the children of `volunteer.id` with those of `volunteer`; answers the rows stored.
pqxx::result WriteChildren(pqxx::transaction_base& txn, const v1::Volunteer& volunteer) {
  const std::string& id = volunteer.id();
  kDeleteChildren.Exec(txn, id);
  std::vector<std::string> weekdays, starts, ends;
  for (const v1::WeeklySlot& slot : volunteer.availability().weekly_slots()) {
    weekdays.push_back(std::to_string(static_cast<int>(slot.weekday())));
    starts.push_back(std::to_string(slot.start_minute()));
    ends.push_back(std::to_string(slot.end_minute()));
  }
  std::vector<std::string> domains;
  for (int domain : volunteer.domains()) domains.push_back(DomainSlug(static_cast<v1::Domain>(domain)));
  std::vector<std::string> skills(volunteer.skills().begin(), volunteer.skills().end());
  return kInsertChildren.Exec(txn, id, ArrayLiteral(weekdays), ArrayLiteral(starts),
                              ArrayLiteral(ends), ArrayLiteral(domains), ArrayLiteral(skills));
}

// Whether `a` and `b` have the same weekly slots, domains and skills, in the same order.
bool SameChildren(const v1::Volunteer& a, const v1::Volunteer& b) {
  const auto& a_slots = a.availability().weekly_slots();
  const auto& b_slots = b.availability().weekly_slots();
  const auto same_slot = [](const v1::WeeklySlot& x, const v1::WeeklySlot& y) {
    return x.weekday() == y.weekday() && x.start_minute() == y.start_minute() &&
           x.end_minute() == y.end_minute();
  };
  return std::equal(a_slots.begin(), a_slots.end(), b_slots.begin(), b_slots.end(), same_slot) &&
         std::equal(a.domains().begin(), a.domains().end(), b.domains().begin(),
                    b.domains().end()) &&
         std::equal(a.skills().begin(), a.skills().end(), b.skills().begin(), b.skills().end());
}

}  // namespace

std::vector<v1::Volunteer> ReadVolunteers(pqxx::transaction_base& txn,
                                          const std::vector<std::string>& ids, bool lock) {
  std::vector<v1::Volunteer> volunteers;
  if (ids.empty()) return volunteers;
  const bool one = ids.size() == 1;
  const std::string id_array = one ? ids[0] : ArrayLiteral(ids);
  const pqxx::result rows =
      lock ? (one ? kLockVolunteersOfOne : kLockVolunteers).Exec(txn, id_array)
           : (one ? kSelectVolunteersOfOne : kSelectVolunteers).Exec(txn, id_array);
  absl::flat_hash_map<std::string, v1::Volunteer> loaded;
  for (const pqxx::row& row : rows) {
    v1::Volunteer volunteer = VolunteerFromRow(row);
    loaded.emplace(volunteer.id(), std::move(volunteer));
  }
  absl::flat_hash_map<std::string, v1::Volunteer*> by_id;
  for (auto& [id, volunteer] : loaded) by_id[id] = &volunteer;
  if (!by_id.empty()) ReadChildren(txn, id_array, one, by_id);
  for (const std::string& id : ids) {
    auto found = loaded.find(id);
    if (found != loaded.end()) volunteers.push_back(found->second);
  }
  return volunteers;
}

absl::StatusOr<v1::Volunteer> ReadVolunteer(pqxx::transaction_base& txn, const std::string& id,
                                            bool lock) {
  std::vector<v1::Volunteer> found = ReadVolunteers(txn, {id}, lock);
  if (found.empty()) return absl::NotFoundError(absl::StrCat("volunteer ", id, " does not exist"));
  return found.front();
}

absl::Status ResolveCommune(pqxx::transaction_base& txn, const std::string& field,
                            v1::Commune& commune) {
  constexpr char kColumns[] =
      "SELECT insee_code, name, department_code, latitude, longitude FROM communes ";
  pqxx::result rows = kSelectCommune.Exec(txn, commune.insee_code());
  if (rows.empty()) {
    // Not an INSEE code: perhaps a postal code, with the name to choose among its communes.
    rows = txn.exec_params(std::string(kColumns) +
                               "WHERE $1 = ANY (postal_codes) AND ($2 = '' OR "
                               "lower(unaccent_immutable(name)) = lower(unaccent_immutable($2))) "
                               "ORDER BY insee_code LIMIT 6",
                           commune.insee_code(), commune.name());
  }
  if (rows.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": no commune has INSEE code '", commune.insee_code(), "'",
        commune.name().empty() ? "" : absl::StrCat(" nor postal code and name '", commune.name(), "'")));
  }
  if (rows.size() > 1) {
    std::vector<std::string> names;
    for (const pqxx::row& row : rows) {
      names.push_back(absl::StrCat(row[1].as<std::string>(), " (", row[0].as<std::string>(), ")"));
    }
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": postal code ", commune.insee_code(), " serves several communes (",
        absl::StrJoin(names, ", "), "); give the INSEE code, or home_commune.name too"));
  }
  const pqxx::row& row = rows.front();
  commune.set_insee_code(row[0].as<std::string>());
  commune.set_name(row[1].as<std::string>());
  commune.set_department_code(row[2].as<std::string>());
  commune.mutable_centroid()->set_latitude(row[3].as<double>());
  commune.mutable_centroid()->set_longitude(row[4].as<double>());
  return absl::OkStatus();
}

absl::Status CheckSkillsExist(pqxx::transaction_base& txn,
                              const google::protobuf::RepeatedPtrField<std::string>& skills) {
  if (skills.empty()) return absl::OkStatus();
  const std::vector<std::string> slugs(skills.begin(), skills.end());
  const pqxx::result unknown = kFirstUnknownSkill.Exec(txn, ArrayLiteral(slugs));
  if (unknown.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      "volunteer.skills: unknown skill '", unknown[0][0].as<std::string>(), "'"));
}

absl::Status CheckEmailFree(pqxx::transaction_base& txn, const std::string& email,
                            const std::string& self_id) {
  const pqxx::result taken = kEmailTaken.Exec(txn, email, self_id);
  if (taken.empty()) return absl::OkStatus();
  return absl::AlreadyExistsError("volunteer.email: another account already uses this email");
}

const PreparedStatement kInsertVolunteer(
    "volunteers.insert_volunteer",
    "INSERT INTO volunteers (id, first_name, last_name, email, phone, birth_date, "
    "  home_commune_insee_code, latitude, longitude, department_code, max_travel_km, "
    "  accepts_in_person, accepts_remote, available_from, available_until, status, "
    "  terms_accepted_at, data_processing_consented_at, last_active_at, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6::date, $7, $8, $9, $10, $11, $12, $13, $14::date, $15::date, "
    "  'ACTIVE', $16::timestamptz, $16::timestamptz, date_trunc('hour', $16::timestamptz), "
    "  $16::timestamptz, "
    "  $16::timestamptz)");

void InsertVolunteer(pqxx::transaction_base& txn, const v1::Volunteer& volunteer, absl::Time now) {
  const v1::Commune& commune = volunteer.home_commune();
  const v1::DateRange& range = volunteer.availability().date_range();
  const std::string at = TimestampText(now);
  kInsertVolunteer.Exec(
      txn,
      volunteer.id(), volunteer.first_name(), volunteer.last_name(), volunteer.email(),
      volunteer.phone().empty() ? OptText() : OptText(volunteer.phone()),
      DateText(volunteer.birth_date()), commune.insee_code(), commune.centroid().latitude(),
      commune.centroid().longitude(), commune.department_code(), volunteer.max_travel_km(),
      volunteer.accepts_in_person(), volunteer.accepts_remote(), DateText(range.start_date()),
      DateText(range.end_date()), at);
  WriteChildren(txn, volunteer);
}

// The update answers the row as stored (the trigger's updated_at included) in the columns of
// kSelectVolunteersSql, so that a write needs no read after it.
const PreparedStatement kUpdateVolunteer(
    "volunteers.update_volunteer",
    absl::StrCat(
        "WITH v AS ("
        "  UPDATE volunteers SET first_name = $2, last_name = $3, email = $4, phone = $5, "
        "    birth_date = $6::date, home_commune_insee_code = $7, latitude = $8, longitude = $9, "
        "    department_code = $10, max_travel_km = $11, accepts_in_person = $12, "
        "    accepts_remote = $13, available_from = $14::date, available_until = $15::date, "
        "    status = $16, paused_until = ($17::date + 1)::timestamp AT TIME ZONE "
        "      (SELECT time_zone FROM departments WHERE code = $10), "
        "    updated_at = $18::timestamptz "
        "  WHERE id = $1 "
        "  RETURNING id, first_name, last_name, email, phone, birth_date, "
        "    home_commune_insee_code, department_code, latitude, longitude, max_travel_km, "
        "    accepts_in_person, accepts_remote, available_from, available_until, status, "
        "    paused_until, terms_accepted_at, last_active_at, created_at, updated_at, deleted_at) ",
        kVolunteerColumnsSql, " FROM v", kVolunteerJoinsSql));

absl::StatusOr<v1::Volunteer> WriteVolunteer(pqxx::transaction_base& txn,
                                             const v1::Volunteer& stored,
                                             const v1::Volunteer& volunteer, absl::Time now) {
  const v1::Commune& commune = volunteer.home_commune();
  const v1::DateRange& range = volunteer.availability().date_range();
  const pqxx::result rows = kUpdateVolunteer.Exec(
      txn,
      volunteer.id(), volunteer.first_name(), volunteer.last_name(), volunteer.email(),
      volunteer.phone().empty() ? OptText() : OptText(volunteer.phone()),
      DateText(volunteer.birth_date()), commune.insee_code(), commune.centroid().latitude(),
      commune.centroid().longitude(), commune.department_code(), volunteer.max_travel_km(),
      volunteer.accepts_in_person(), volunteer.accepts_remote(), DateText(range.start_date()),
      DateText(range.end_date()), VolunteerStatusName(volunteer.status()),
      DateText(volunteer.paused_until()), TimestampText(now));
  if (rows.empty()) {
    return absl::NotFoundError(absl::StrCat("volunteer ", volunteer.id(), " does not exist"));
  }
  v1::Volunteer written = VolunteerFromRow(rows.front());
  if (SameChildren(stored, volunteer)) {
    // Unchanged: they are `stored`'s, which were read after the row lock that every writer of
    // a volunteer's children takes first.
    if (!stored.availability().weekly_slots().empty()) {
      *written.mutable_availability()->mutable_weekly_slots() =
          stored.availability().weekly_slots();
    }
    *written.mutable_domains() = stored.domains();
    *written.mutable_skills() = stored.skills();
  } else {
    AddChildren(WriteChildren(txn, volunteer), {{written.id(), &written}});
  }
  return written;
}

}  // namespace renfort::storage
