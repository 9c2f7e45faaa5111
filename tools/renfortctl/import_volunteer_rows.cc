#include "tools/renfortctl/import_volunteer_rows.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/validation.h"
#include "services/volunteers/volunteer_validation.h"
#include "storage/sql_values.h"

namespace renfort::ctl {
namespace {

namespace v1 = ::renfort::v1;

enum Column {
  kId,
  kFirstName,
  kLastName,
  kEmail,
  kPhone,
  kBirthDate,
  kHomeCommune,
  kLatitude,
  kLongitude,
  kDepartment,
  kMaxTravelKm,
  kAcceptsInPerson,
  kAcceptsRemote,
  kAvailableFrom,
  kAvailableUntil,
  kStatus,
  kTermsAcceptedAt,
  kConsentedAt,
  kLastActiveAt,
  kCreatedAt,
  kDomains,
  kSkills,
};

// Reads one row into a Volunteer, field by field; the first problem wins.
class RowReader {
 public:
  RowReader(const CsvRecord& record, const CsvColumns& columns)
      : record_(record), columns_(columns) {}

  const std::string* Text(int column) const {
    const CsvField* field = columns_.Find(record_, column);
    return field == nullptr ? nullptr : &field->text;
  }
  const std::string& Name(int column) const { return VolunteerColumnSet().names[column]; }

  template <typename T, typename Parse>
  bool Read(int column, Parse parse, T* value) {
    const std::string* text = Text(column);
    if (text == nullptr || !status_.ok()) return false;
    auto parsed = parse(Name(column), *text);
    if (!parsed.ok()) {
      status_ = parsed.status();
      return false;
    }
    *value = *parsed;
    return true;
  }

  bool Time(int column, google::protobuf::Timestamp* timestamp, absl::Time fallback) {
    absl::Time time = fallback;
    Read(column, ParseTimeField, &time);
    const int64_t micros = storage::MicrosFromTime(time);
    *timestamp = storage::TimestampFromMicros(micros);
    return status_.ok();
  }

  absl::Status status() const { return status_; }

 private:
  const CsvRecord& record_;
  const CsvColumns& columns_;
  absl::Status status_;
};

absl::Status ResolveCommune(const storage::ImportReferences& references, RowReader& row,
                            v1::Volunteer& volunteer) {
  v1::Commune& commune = *volunteer.mutable_home_commune();
  auto found = references.communes.find(commune.insee_code());
  if (found == references.communes.end()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "volunteer.home_commune.insee_code: no commune with INSEE code '",
        commune.insee_code().substr(0, 20), "'"));
  }
  commune.set_name(found->second.name);
  commune.set_department_code(found->second.department_code);
  if (const std::string* department = row.Text(kDepartment);
      department != nullptr && *department != found->second.department_code) {
    return absl::InvalidArgumentError(
        absl::StrCat("department_code: '", department->substr(0, 10), "' is not the département of commune ",
                     commune.insee_code(), " (", found->second.department_code, ")"));
  }
  double latitude = found->second.latitude, longitude = found->second.longitude;
  row.Read(kLatitude, ParseDoubleField, &latitude);
  row.Read(kLongitude, ParseDoubleField, &longitude);
  if (!row.status().ok()) return row.status();
  if (latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180) {
    return absl::InvalidArgumentError("latitude/longitude: out of range");
  }
  commune.mutable_centroid()->set_latitude(latitude);
  commune.mutable_centroid()->set_longitude(longitude);
  return absl::OkStatus();
}

absl::Status ReadSlugs(const storage::ImportReferences& references, RowReader& row,
                       v1::Volunteer& volunteer) {
  if (const std::string* domains = row.Text(kDomains)) {
    for (const std::string& slug : SplitSlugs(*domains)) {
      const v1::Domain domain = storage::DomainFromSlug(slug);
      if (domain == v1::DOMAIN_UNSPECIFIED) {
        return absl::InvalidArgumentError(
            absl::StrCat("volunteer.domains: unknown domain '", slug.substr(0, 40), "'"));
      }
      volunteer.add_domains(domain);
    }
  }
  if (const std::string* skills = row.Text(kSkills)) {
    for (const std::string& slug : SplitSlugs(*skills)) {
      if (references.skills.count(slug) == 0) {
        return absl::InvalidArgumentError(
            absl::StrCat("volunteer.skills: unknown skill '", slug.substr(0, 40), "'"));
      }
      volunteer.add_skills(slug);
    }
  }
  return absl::OkStatus();
}

absl::Status ReadPreferences(RowReader& row, v1::Volunteer& volunteer) {
  int64_t max_travel_km = services::kDefaultMaxTravelKm;
  bool in_person = true, remote = false;
  row.Read(kMaxTravelKm, ParseIntField, &max_travel_km);
  row.Read(kAcceptsInPerson, ParseBoolField, &in_person);
  row.Read(kAcceptsRemote, ParseBoolField, &remote);
  volunteer.set_max_travel_km(
      static_cast<int32_t>(std::max<int64_t>(-1, std::min<int64_t>(max_travel_km, 100000))));
  volunteer.set_accepts_in_person(in_person);
  volunteer.set_accepts_remote(remote);
  v1::Date from, until;
  if (row.Read(kAvailableFrom, ParseDateField, &from)) {
    *volunteer.mutable_availability()->mutable_date_range()->mutable_start_date() = from;
  }
  if (row.Read(kAvailableUntil, ParseDateField, &until)) {
    *volunteer.mutable_availability()->mutable_date_range()->mutable_end_date() = until;
  }
  if (const std::string* status = row.Text(kStatus); status != nullptr && row.status().ok()) {
    const std::string name = absl::AsciiStrToUpper(*status);
    if (name == "PAUSED") {
      volunteer.set_status(v1::VOLUNTEER_STATUS_PAUSED);
    } else if (name != "ACTIVE") {
      return absl::InvalidArgumentError(
          absl::StrCat("status: expected ACTIVE or PAUSED, got '", status->substr(0, 20), "'"));
    }
  }
  return row.status();
}

const std::string& EmptyText() {
  static const auto* const kEmpty = new std::string;
  return *kEmpty;
}

// services::TodayIn, remembered per département for the `now` of an import: it loads a time
// zone by name, a cost that showed on every row of a large file.
absl::CivilDay TodayIn(const std::string& department, absl::Time now) {
  struct Cache {
    absl::Time now = absl::InfinitePast();
    absl::flat_hash_map<std::string, absl::CivilDay> days;
  };
  thread_local Cache cache;
  if (cache.now != now) {
    cache.days.clear();
    cache.now = now;
  }
  auto [it, inserted] = cache.days.try_emplace(department);
  if (inserted) it->second = services::TodayIn(department, now);
  return it->second;
}

}  // namespace

const ColumnSet& VolunteerColumnSet() {
  static const auto* const kSet = new ColumnSet{
      {"id", "first_name", "last_name", "email", "phone", "birth_date",
       "home_commune_insee_code", "latitude", "longitude", "department_code", "max_travel_km",
       "accepts_in_person", "accepts_remote", "available_from", "available_until", "status",
       "terms_accepted_at", "data_processing_consented_at", "last_active_at", "created_at",
       "domains", "skills"},
      {"first_name", "last_name", "email", "birth_date", "home_commune_insee_code"}};
  return *kSet;
}

absl::StatusOr<storage::ImportedVolunteer> VolunteerFromRecord(
    const CsvRecord& record, const CsvColumns& columns,
    const storage::ImportReferences& references, absl::Time now,
    const std::function<std::string()>& new_id) {
  storage::ImportedVolunteer imported;
  if (absl::Status status = VolunteerFromRecord(record, columns, references, now, new_id, &imported);
      !status.ok()) {
    return status;
  }
  return imported;
}

absl::Status VolunteerFromRecord(const CsvRecord& record, const CsvColumns& columns,
                                 const storage::ImportReferences& references, absl::Time now,
                                 const std::function<std::string()>& new_id,
                                 storage::ImportedVolunteer* into) {
  if (absl::Status shape = CheckRecordShape(record, columns, VolunteerColumnSet()); !shape.ok()) {
    return shape;
  }
  RowReader row(record, columns);
  storage::ImportedVolunteer& imported = *into;
  imported.line = record.line;
  v1::Volunteer& volunteer = imported.volunteer;
  volunteer.Clear();  // keeps its strings' memory for the next row
  auto set_text = [&row](int column, std::string* to) {
    if (const std::string* text = row.Text(column)) {
      to->assign(*text);
    } else {
      to->clear();
    }
  };

  set_text(kId, volunteer.mutable_id());
  if (volunteer.id().empty()) {
    volunteer.set_id(new_id());
  } else if (!services::IsUuid(volunteer.id())) {
    return absl::InvalidArgumentError("id: expected a lowercase UUID");
  }
  set_text(kFirstName, volunteer.mutable_first_name());
  set_text(kLastName, volunteer.mutable_last_name());
  set_text(kEmail, volunteer.mutable_email());
  set_text(kPhone, volunteer.mutable_phone());
  v1::Date birth;
  if (row.Read(kBirthDate, ParseDateField, &birth)) *volunteer.mutable_birth_date() = birth;
  if (!row.status().ok()) return row.status();
  set_text(kHomeCommune, volunteer.mutable_home_commune()->mutable_insee_code());
  if (absl::Status status = ReadPreferences(row, volunteer); !status.ok()) return status;
  if (absl::Status status = ReadSlugs(references, row, volunteer); !status.ok()) return status;

  // RegisterVolunteer's own checks, on the date of the commune's département.
  const std::string& insee = volunteer.home_commune().insee_code();
  auto commune = references.communes.find(insee);
  const std::string& department =
      commune == references.communes.end() ? EmptyText() : commune->second.department_code;
  if (absl::Status status = services::CheckProfile(volunteer, TodayIn(department, now));
      !status.ok()) {
    return status;
  }
  if (absl::Status status = ResolveCommune(references, row, volunteer); !status.ok()) {
    return status;
  }

  row.Time(kTermsAcceptedAt, volunteer.mutable_terms_accept_time(), now);
  const absl::Time terms = storage::TimeFromTimestamp(volunteer.terms_accept_time());
  google::protobuf::Timestamp consent;
  row.Time(kConsentedAt, &consent, terms);
  imported.data_processing_consent_time = storage::TimeFromTimestamp(consent);
  row.Time(kCreatedAt, volunteer.mutable_create_time(), terms);
  row.Time(kLastActiveAt, volunteer.mutable_last_active_time(),
           storage::TimeFromTimestamp(volunteer.create_time()));
  return row.status();
}

}  // namespace renfort::ctl
