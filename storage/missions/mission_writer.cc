#include "storage/missions/mission_writer.h"

#include <optional>
#include <pqxx/pqxx>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "storage/missions/communes.h"
#include "storage/sql_values.h"
#include "storage/status_macros.h"

namespace renfort::storage {
namespace {

// The content columns, $2..$20, in the same order for INSERT and UPDATE; $1 is the
// organisation on insert and the mission on update.
constexpr char kInsertMission[] = R"sql(
  INSERT INTO missions (organisation_id, title, description, domain_slug, secondary_domain_slug,
                        activity_slug, prerequisites, motivation_required, format,
                        department_code, schedule_kind, start_date, end_date,
                        commitment_duration_minutes, commitment_period,
                        commitment_minimum_span, commitment_minimum_span_unit,
                        commitment_min_months, places, open_to_minors)
  VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8, $9, $10, $11, $12::date, $13::date, $14, $15,
          $16, $17, $18, $19, $20)
  RETURNING id)sql";

constexpr char kUpdateMission[] = R"sql(
  UPDATE missions
  SET title = $2, description = $3, domain_slug = $4, secondary_domain_slug = $5,
      activity_slug = $6, prerequisites = $7::text[], motivation_required = $8, format = $9,
      department_code = $10, schedule_kind = $11, start_date = $12::date, end_date = $13::date,
      commitment_duration_minutes = $14, commitment_period = $15,
      commitment_minimum_span = $16, commitment_minimum_span_unit = $17,
      commitment_min_months = $18, places = $19, open_to_minors = $20
  WHERE id = $1)sql";

constexpr const char* kDeleteChildren[] = {
    "DELETE FROM mission_addresses WHERE mission_id = $1",
    "DELETE FROM mission_dated_slots WHERE mission_id = $1",
    "DELETE FROM mission_weekly_slots WHERE mission_id = $1",
    "DELETE FROM mission_skills WHERE mission_id = $1",
    "DELETE FROM mission_beneficiaries WHERE mission_id = $1",
};

constexpr char kInsertAddress[] = R"sql(
  INSERT INTO mission_addresses (mission_id, position, label, street, postal_code,
                                 commune_insee_code, department_code, latitude, longitude)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9))sql";

constexpr char kInsertDatedSlot[] = R"sql(
  INSERT INTO mission_dated_slots (mission_id, starts_at, ends_at, local_date, start_minute,
                                   end_minute)
  VALUES ($1, to_timestamp($2), to_timestamp($3), $4::date, $5, $6))sql";

constexpr char kSetWeekdays[] = "UPDATE missions SET weekdays = $2 WHERE id = $1";

constexpr char kInsertWeeklySlot[] = R"sql(
  INSERT INTO mission_weekly_slots (mission_id, weekday, start_minute, end_minute)
  VALUES ($1, $2, $3, $4))sql";

constexpr char kInsertSkill[] =
    "INSERT INTO mission_skills (mission_id, skill_slug) VALUES ($1, $2)";
constexpr char kInsertBeneficiary[] =
    "INSERT INTO mission_beneficiaries (mission_id, beneficiary_slug) VALUES ($1, $2)";
constexpr char kActivityExists[] = "SELECT 1 FROM activities WHERE slug = $1";
constexpr char kSkillExists[] = "SELECT 1 FROM skills WHERE slug = $1";

std::optional<std::string> NullIfEmpty(const std::string& value) {
  if (value.empty()) return std::nullopt;
  return value;
}

// Addresses with their commune, département and location filled in; `department` is theirs.
absl::Status ResolveAddresses(pqxx::transaction_base& txn, const v1::Mission& mission,
                              std::vector<v1::Address>& addresses, std::string& department) {
  for (int i = 0; i < mission.addresses_size(); ++i) {
    const std::string field = absl::StrCat("mission.addresses[", i, "].commune.insee_code");
    v1::Address address = mission.addresses(i);
    ASSIGN_OR_RETURN(*address.mutable_commune(),
                     ResolveCommune(txn, address.commune().insee_code(), field));
    if (!address.has_location()) *address.mutable_location() = address.commune().centroid();
    const std::string& commune_department = address.commune().department_code();
    if (i == 0) department = commune_department;
    if (commune_department != department) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": commune ", address.commune().insee_code(), " is in département ",
                       commune_department, ", the mission's first address in ", department,
                       "; all addresses must be in one département"));
    }
    addresses.push_back(std::move(address));
  }
  return absl::OkStatus();
}

absl::Status CheckReferences(pqxx::transaction_base& txn, const v1::Mission& mission) {
  if (!mission.activity().empty() && txn.exec_params(kActivityExists, mission.activity()).empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("mission.activity: unknown activity \"", mission.activity(), "\""));
  }
  for (int i = 0; i < mission.required_skills_size(); ++i) {
    if (txn.exec_params(kSkillExists, mission.required_skills(i)).empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "mission.required_skills[", i, "]: unknown skill \"", mission.required_skills(i), "\""));
    }
  }
  return absl::OkStatus();
}

// Months of a minimum span, for the older commitment_min_months column (capped at 120).
int SpanInMonths(const v1::Commitment& commitment) {
  const int span = commitment.minimum_span();
  switch (commitment.minimum_span_unit()) {
    case v1::COMMITMENT_PERIOD_YEAR:
      return std::min(120, span * 12);
    case v1::COMMITMENT_PERIOD_MONTH:
      return span;
    case v1::COMMITMENT_PERIOD_WEEK:
      return span / 4;
    default:
      return 0;
  }
}

pqxx::result WriteContent(pqxx::transaction_base& txn, const char* statement,
                          const std::string& key, const v1::Mission& mission,
                          const std::string& department) {
  std::optional<int> duration;
  std::optional<std::string> period, span_unit;
  int span = 0, span_months = 0;
  if (mission.has_commitment()) {
    const v1::Commitment& commitment = mission.commitment();
    duration = commitment.duration_minutes();
    period = CommitmentPeriodName(commitment.period());
    span = commitment.minimum_span();
    if (span > 0) span_unit = CommitmentPeriodName(commitment.minimum_span_unit());
    span_months = SpanInMonths(commitment);
  }
  const std::vector<std::string> prerequisites(mission.prerequisites().begin(),
                                               mission.prerequisites().end());
  const std::string secondary = mission.secondary_domain() == v1::DOMAIN_UNSPECIFIED
                                    ? ""
                                    : DomainSlug(mission.secondary_domain());
  return txn.exec_params(
      statement, key, mission.title(), mission.description(), DomainSlug(mission.domain()),
      NullIfEmpty(secondary), NullIfEmpty(mission.activity()), ToPgArray(prerequisites),
      mission.motivation_required(), FormatName(mission.format()), NullIfEmpty(department),
      ScheduleKindName(mission.schedule().kind()), DateToSql(mission.start_date()),
      DateToSql(mission.end_date()), duration, period, span, span_unit, span_months,
      mission.places(), mission.open_to_minors());
}

absl::Status InsertSchedule(pqxx::transaction_base& txn, const std::string& id,
                            const v1::Schedule& schedule, const std::string& time_zone) {
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(time_zone, &zone)) {
    return absl::InternalError(absl::StrCat("time zone ", time_zone, " is not installed"));
  }
  for (const v1::DatedSlot& slot : schedule.dated_slots()) {
    const absl::CivilMinute midnight(slot.date().year(), slot.date().month(), slot.date().day());
    const absl::Time start = absl::FromCivil(midnight + slot.start_minute(), zone);
    const absl::Time end = absl::FromCivil(midnight + slot.end_minute(), zone);
    txn.exec_params(kInsertDatedSlot, id, absl::ToUnixSeconds(start), absl::ToUnixSeconds(end),
                    DateToSql(slot.date()), slot.start_minute(), slot.end_minute());
  }
  int weekdays = 0;
  for (const v1::WeeklySlot& slot : schedule.weekly_slots()) {
    txn.exec_params(kInsertWeeklySlot, id, static_cast<int>(slot.weekday()), slot.start_minute(),
                    slot.end_minute());
    weekdays |= 1 << (static_cast<int>(slot.weekday()) - 1);
  }
  txn.exec_params(kSetWeekdays, id, weekdays);
  return absl::OkStatus();
}

}  // namespace

absl::Status WriteMission(pqxx::transaction_base& txn, const v1::Mission& mission,
                          const v1::Organisation& organisation, std::string& id) {
  RETURN_IF_ERROR(CheckReferences(txn, mission));
  std::vector<v1::Address> addresses;
  std::string department = organisation.address().commune().department_code();
  if (mission.format() != v1::FORMAT_REMOTE) {
    RETURN_IF_ERROR(ResolveAddresses(txn, mission, addresses, department));
  }
  ASSIGN_OR_RETURN(const std::string time_zone,
                   DepartmentTimeZone(txn, department, "mission.department_code"));
  if (id.empty()) {
    id = WriteContent(txn, kInsertMission, organisation.id(), mission, department)[0][0]
             .as<std::string>();
  } else {
    for (const char* statement : kDeleteChildren) txn.exec_params(statement, id);
    WriteContent(txn, kUpdateMission, id, mission, department);
  }
  for (size_t i = 0; i < addresses.size(); ++i) {
    const v1::Address& address = addresses[i];
    txn.exec_params(kInsertAddress, id, static_cast<int>(i), NullIfEmpty(address.label()),
                    NullIfEmpty(address.street()), NullIfEmpty(address.postal_code()),
                    address.commune().insee_code(), department, address.location().latitude(),
                    address.location().longitude());
  }
  RETURN_IF_ERROR(InsertSchedule(txn, id, mission.schedule(), time_zone));
  for (const std::string& skill : mission.required_skills()) {
    txn.exec_params(kInsertSkill, id, skill);
  }
  for (int beneficiary : mission.beneficiaries()) {
    txn.exec_params(kInsertBeneficiary, id,
                    BeneficiarySlug(static_cast<v1::Beneficiary>(beneficiary)));
  }
  return absl::OkStatus();
}

}  // namespace renfort::storage
