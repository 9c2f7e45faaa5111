#include "tools/renfortctl/import_mission_rows.h"

#include <tuple>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/validation.h"
#include "storage/sql_values.h"
#include "storage/status_macros.h"

namespace renfort::ctl {
namespace {

namespace v1 = ::renfort::v1;

enum Column {
  kId,
  kOrganisation,
  kTitle,
  kDescription,
  kDomain,
  kSecondaryDomain,
  kActivity,
  kMotivationRequired,
  kFormat,
  kDepartment,
  kScheduleKind,
  kStartDate,
  kEndDate,
  kCommitmentMinutes,
  kCommitmentPeriod,
  kPlaces,
  kPlacesHeld,
  kOpenToMinors,
  kStatus,
  kPublishedAt,
  kCreatedAt,
  kAddressLabel,
  kAddressStreet,
  kCommune,
  kLatitude,
  kLongitude,
  kRequiredSkills,
};

absl::Status Invalid(const std::string& field, const std::string& message) {
  return absl::InvalidArgumentError(absl::StrCat("mission.", field, ": ", message));
}

class MissionReader {
 public:
  MissionReader(const CsvRecord& record, const CsvColumns& columns)
      : record_(record), columns_(columns) {}

  std::string Text(int column) const {
    const CsvField* field = columns_.Find(record_, column);
    return field == nullptr ? std::string() : field->text;
  }
  bool Has(int column) const { return columns_.Find(record_, column) != nullptr; }
  const std::string& Name(int column) const { return MissionColumnSet().names[column]; }

  template <typename T, typename Parser>
  absl::StatusOr<T> Parse(int column, Parser parse, T fallback) const {
    if (!Has(column)) return fallback;
    return parse(Name(column), Text(column));
  }

 private:
  const CsvRecord& record_;
  const CsvColumns& columns_;
};


absl::Status ReadContent(const MissionReader& row, const storage::ImportReferences& references,
                         v1::Mission& m) {
  m.set_title(row.Text(kTitle));
  const size_t title = services::Utf8Length(m.title());
  if (title < 5 || title > 150) return Invalid("title", "must be 5 to 150 characters");
  m.set_description(row.Text(kDescription));
  if (services::Utf8Length(m.description()) > 10000) {
    return Invalid("description", "must be at most 10000 characters");
  }
  m.set_domain(storage::DomainFromSlug(row.Text(kDomain)));
  if (m.domain() == v1::DOMAIN_UNSPECIFIED) {
    return Invalid("domain", absl::StrCat("unknown domain '", row.Text(kDomain).substr(0, 40), "'"));
  }
  if (row.Has(kSecondaryDomain)) {
    m.set_secondary_domain(storage::DomainFromSlug(row.Text(kSecondaryDomain)));
    if (m.secondary_domain() == v1::DOMAIN_UNSPECIFIED) {
      return Invalid("secondary_domain", "unknown domain");
    }
    if (m.secondary_domain() == m.domain()) {
      return Invalid("secondary_domain", "must differ from the domain");
    }
  }
  if (row.Has(kActivity)) {
    m.set_activity(row.Text(kActivity));
    if (references.activities.count(m.activity()) == 0) {
      return Invalid("activity", absl::StrCat("unknown activity '", m.activity().substr(0, 40), "'"));
    }
  }
  for (const std::string& skill : SplitSlugs(row.Text(kRequiredSkills))) {
    if (references.skills.count(skill) == 0) {
      return Invalid("required_skills", absl::StrCat("unknown skill '", skill.substr(0, 40), "'"));
    }
    m.add_required_skills(skill);
  }
  ASSIGN_OR_RETURN(auto motivation, row.Parse(kMotivationRequired, ParseBoolField, false));
  m.set_motivation_required(motivation);
  return absl::OkStatus();
}

absl::Status ReadPlace(const MissionReader& row, const storage::ImportReferences& references,
                       v1::Mission& m) {
  m.set_format(storage::FormatFromName(absl::AsciiStrToUpper(row.Text(kFormat))));
  if (m.format() == v1::FORMAT_UNSPECIFIED) {
    return Invalid("format", "expected IN_PERSON, REMOTE or HYBRID");
  }
  m.set_department_code(row.Text(kDepartment));
  if (row.Has(kCommune)) {
    if (m.format() == v1::FORMAT_REMOTE) return Invalid("addresses", "a remote mission has no address");
    const std::string insee = row.Text(kCommune);
    auto commune = references.communes.find(insee);
    if (commune == references.communes.end()) {
      return Invalid("addresses[0].commune.insee_code",
                     absl::StrCat("no commune with INSEE code '", insee.substr(0, 20), "'"));
    }
    if (m.department_code().empty()) m.set_department_code(commune->second.department_code);
    if (commune->second.department_code != m.department_code()) {
      return Invalid("addresses[0].commune.insee_code",
                     absl::StrCat("commune ", insee, " is not in département ", m.department_code()));
    }
    v1::Address& address = *m.add_addresses();
    address.set_label(row.Text(kAddressLabel));
    address.set_street(row.Text(kAddressStreet));
    address.mutable_commune()->set_insee_code(insee);
    address.mutable_commune()->set_department_code(commune->second.department_code);
    ASSIGN_OR_RETURN(auto latitude, row.Parse(kLatitude, ParseDoubleField, commune->second.latitude));
    ASSIGN_OR_RETURN(auto longitude, row.Parse(kLongitude, ParseDoubleField, commune->second.longitude));
    if (latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180) {
      return Invalid("addresses[0].location", "latitude/longitude out of range");
    }
    address.mutable_location()->set_latitude(latitude);
    address.mutable_location()->set_longitude(longitude);
  }
  if (m.department_code().empty()) {
    if (m.format() != v1::FORMAT_REMOTE) {
      return Invalid("department_code", "is required unless the mission is REMOTE");
    }
  } else if (references.departments.count(m.department_code()) == 0) {
    return Invalid("department_code",
                   absl::StrCat("no département '", m.department_code().substr(0, 10), "'"));
  }
  return absl::OkStatus();
}

absl::Status ReadTime(const MissionReader& row, v1::Mission& m) {
  m.mutable_schedule()->set_kind(
      storage::ScheduleKindFromName(absl::AsciiStrToUpper(row.Text(kScheduleKind))));
  if (m.schedule().kind() == v1::SCHEDULE_KIND_UNSPECIFIED) {
    return Invalid("schedule.kind", "expected ONE_OFF or RECURRING");
  }
  if (!row.Has(kStartDate)) return Invalid("start_date", "is required");
  ASSIGN_OR_RETURN(auto start, ParseDateField("start_date", row.Text(kStartDate)));
  *m.mutable_start_date() = start;
  if (row.Has(kEndDate)) {
    ASSIGN_OR_RETURN(auto end, ParseDateField("end_date", row.Text(kEndDate)));
    *m.mutable_end_date() = end;
    if (std::make_tuple(end.year(), end.month(), end.day()) <
        std::make_tuple(start.year(), start.month(), start.day())) {
      return Invalid("end_date", "must not be before start_date");
    }
  } else if (m.schedule().kind() == v1::SCHEDULE_KIND_ONE_OFF) {
    return Invalid("end_date", "is required for a ONE_OFF mission");
  }
  ASSIGN_OR_RETURN(auto minutes, row.Parse(kCommitmentMinutes, ParseIntField, int64_t{0}));
  if (minutes < 1 || minutes > 527040) {
    return Invalid("commitment.duration_minutes", "must be between 1 and 527040");
  }
  m.mutable_commitment()->set_duration_minutes(static_cast<int32_t>(minutes));
  std::string period = absl::AsciiStrToUpper(row.Text(kCommitmentPeriod));
  if (period == "ONCE") period = "TOTAL";
  m.mutable_commitment()->set_period(storage::CommitmentPeriodFromName(period));
  if (m.commitment().period() == v1::COMMITMENT_PERIOD_UNSPECIFIED) {
    return Invalid("commitment.period", "expected DAY, WEEK, MONTH, YEAR or TOTAL");
  }
  return absl::OkStatus();
}

absl::Status ReadCapacityAndStatus(const MissionReader& row, absl::Time now, v1::Mission& m) {
  ASSIGN_OR_RETURN(auto places, row.Parse(kPlaces, ParseIntField, int64_t{0}));
  if (places < 1 || places > 10000) return Invalid("places", "must be between 1 and 10000");
  m.set_places(static_cast<int32_t>(places));
  ASSIGN_OR_RETURN(auto held, row.Parse(kPlacesHeld, ParseIntField, int64_t{0}));
  if (held < 0 || held > places) return Invalid("places_held", "must be between 0 and places");
  m.set_places_held(static_cast<int32_t>(held));
  ASSIGN_OR_RETURN(auto minors, row.Parse(kOpenToMinors, ParseBoolField, false));
  m.set_open_to_minors(minors);
  const std::string status = row.Has(kStatus) ? absl::AsciiStrToUpper(row.Text(kStatus)) : "DRAFT";
  m.set_status(storage::MissionStatusFromName(status));
  if (status != "DRAFT" && status != "PENDING_REVIEW" && status != "PUBLISHED" &&
      status != "PAUSED") {
    return Invalid("status", "expected DRAFT, PENDING_REVIEW, PUBLISHED or PAUSED");
  }
  ASSIGN_OR_RETURN(auto created, row.Parse(kCreatedAt, ParseTimeField, now));
  *m.mutable_create_time() = storage::TimestampFromMicros(storage::MicrosFromTime(created));
  ASSIGN_OR_RETURN(auto published, row.Parse(kPublishedAt, ParseTimeField, created));
  if (row.Has(kPublishedAt) || status == "PUBLISHED" || status == "PAUSED") {
    *m.mutable_publish_time() = storage::TimestampFromMicros(storage::MicrosFromTime(published));
  }
  return absl::OkStatus();
}

}  // namespace

const ColumnSet& MissionColumnSet() {
  static const auto* const kSet = new ColumnSet{
      {"id", "organisation_id", "title", "description", "domain_slug", "secondary_domain_slug",
       "activity_slug", "motivation_required", "format", "department_code", "schedule_kind",
       "start_date", "end_date", "commitment_duration_minutes", "commitment_period", "places",
       "places_held", "open_to_minors", "status", "published_at", "created_at", "address_label",
       "address_street", "commune_insee_code", "latitude", "longitude", "required_skills"},
      {"organisation_id", "title", "domain_slug", "format", "schedule_kind", "start_date",
       "commitment_duration_minutes", "commitment_period", "places"}};
  return *kSet;
}

absl::StatusOr<storage::ImportedMission> MissionFromRecord(
    const CsvRecord& record, const CsvColumns& columns,
    const storage::ImportReferences& references, absl::Time now,
    const std::function<std::string()>& new_id) {
  RETURN_IF_ERROR(CheckRecordShape(record, columns, MissionColumnSet()));
  MissionReader row(record, columns);
  storage::ImportedMission imported;
  imported.line = record.line;
  v1::Mission& m = imported.mission;
  m.set_id(row.Text(kId));
  if (m.id().empty()) {
    m.set_id(new_id());
  } else if (!services::IsUuid(m.id())) {
    return Invalid("id", "expected a lowercase UUID");
  }
  m.set_organisation_id(row.Text(kOrganisation));
  if (!services::IsUuid(m.organisation_id())) {
    return Invalid("organisation_id", "expected a lowercase UUID");
  }
  RETURN_IF_ERROR(ReadContent(row, references, m));
  RETURN_IF_ERROR(ReadPlace(row, references, m));
  RETURN_IF_ERROR(ReadTime(row, m));
  RETURN_IF_ERROR(ReadCapacityAndStatus(row, now, m));
  return imported;
}

}  // namespace renfort::ctl
