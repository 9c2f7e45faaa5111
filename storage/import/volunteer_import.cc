#include "storage/import/volunteer_import.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "storage/sql_values.h"

namespace renfort::storage {
namespace {

namespace v1 = ::renfort::v1;

constexpr char kStagingTable[] = "volunteer_import";

constexpr char kCreateStaging[] = R"sql(
  CREATE TEMPORARY TABLE volunteer_import (
    line bigint NOT NULL, id uuid NOT NULL, first_name text, last_name text, email text,
    phone text, birth_date date, home_commune_insee_code text, latitude double precision,
    longitude double precision, department_code text, max_travel_km integer,
    accepts_in_person boolean, accepts_remote boolean, available_from date,
    available_until date, status text, terms_accepted_at timestamptz,
    data_processing_consented_at timestamptz, last_active_at timestamptz,
    created_at timestamptz, domains text[], skills text[]
  ) ON COMMIT DROP)sql";

const std::vector<std::string>& StagingColumns() {
  static const auto* const kColumns = new std::vector<std::string>{
      "line", "id", "first_name", "last_name", "email", "phone", "birth_date",
      "home_commune_insee_code", "latitude", "longitude", "department_code", "max_travel_km",
      "accepts_in_person", "accepts_remote", "available_from", "available_until", "status",
      "terms_accepted_at", "data_processing_consented_at", "last_active_at", "created_at",
      "domains", "skills"};
  return *kColumns;
}

// Temporary tables get no statistics from autovacuum; the merge's joins need them.
constexpr char kAnalyzeStaging[] = "ANALYZE volunteer_import";

// Duplicates of stored volunteers, found before inserting so that they are reported by line
// rather than failing the whole import on the unique index.
constexpr char kRejectTakenEmails[] = R"sql(
  DELETE FROM volunteer_import s USING volunteers v
  WHERE v.email IS NOT NULL AND lower(v.email) = lower(s.email)
  RETURNING s.line)sql";
// The importer compares emails ASCII-lowered; lower() also folds other letters (É, Ç), which the
// unique index on lower(email) would otherwise meet as a violation failing the whole import.
// Only rows with a multibyte character can differ that way, so only they are joined.
constexpr char kRejectCaseDuplicateEmails[] = R"sql(
  DELETE FROM volunteer_import s USING volunteer_import t
  WHERE octet_length(s.email) <> char_length(s.email)
    AND octet_length(t.email) <> char_length(t.email)
    AND lower(s.email) = lower(t.email) AND s.line > t.line
  RETURNING s.line)sql";
constexpr char kRejectTakenIds[] = R"sql(
  DELETE FROM volunteer_import s USING volunteers v WHERE v.id = s.id RETURNING s.line)sql";

constexpr char kCountStaged[] = "SELECT count(*) FROM volunteer_import";

constexpr char kInsertVolunteers[] = R"sql(
  INSERT INTO volunteers (
    id, first_name, last_name, email, phone, birth_date, home_commune_insee_code, latitude,
    longitude, department_code, max_travel_km, accepts_in_person, accepts_remote,
    available_from, available_until, status, terms_accepted_at, data_processing_consented_at,
    last_active_at, created_at, updated_at)
  SELECT id, first_name, last_name, email, phone, birth_date, home_commune_insee_code, latitude,
         longitude, department_code, max_travel_km, accepts_in_person, accepts_remote,
         available_from, available_until, status, terms_accepted_at,
         data_processing_consented_at, last_active_at, created_at, created_at
  FROM volunteer_import)sql";

constexpr char kInsertDomains[] = R"sql(
  INSERT INTO volunteer_domains (volunteer_id, domain_slug)
  SELECT id, unnest(domains) FROM volunteer_import WHERE cardinality(domains) > 0)sql";

constexpr char kInsertSkills[] = R"sql(
  INSERT INTO volunteer_skills (volunteer_id, skill_slug)
  SELECT id, unnest(skills) FROM volunteer_import WHERE cardinality(skills) > 0)sql";

// The payload is a Volunteer message holding only its id (field 1, 36 bytes: tag 0x0a, length
// 0x24), built in SQL so the events cost one INSERT ... SELECT: consumers read the volunteer's
// state from PostgreSQL by aggregate id (the matching indexer does), not from the payload.
constexpr char kAppendEvents[] = R"sql(
  INSERT INTO outbox_events (type, aggregate_type, aggregate_id, payload)
  SELECT 'volunteer.registered', 'VOLUNTEER', id::text,
         '\x0a24'::bytea || convert_to(id::text, 'UTF8')
  FROM volunteer_import)sql";

std::optional<std::string> OptionalText(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return text;
}

std::string DateText(const v1::Date& date) {
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
}

std::optional<std::string> OptionalDate(bool present, const v1::Date& date) {
  if (!present) return std::nullopt;
  return DateText(date);
}

std::string Timestamp(const google::protobuf::Timestamp& timestamp) {
  return CopyTimestamp(TimeFromTimestamp(timestamp));
}

std::string SlugArray(const v1::Volunteer& volunteer, bool domains) {
  std::vector<std::string> slugs;
  if (domains) {
    for (int domain : volunteer.domains()) slugs.push_back(DomainSlug(static_cast<v1::Domain>(domain)));
  } else {
    slugs.assign(volunteer.skills().begin(), volunteer.skills().end());
  }
  return ToPgArray(slugs);
}

}  // namespace

absl::StatusOr<std::unique_ptr<VolunteerImport>> VolunteerImport::Begin(
    pqxx::connection& connection, ImportOptions options) {
  absl::StatusOr<std::unique_ptr<StagedImport>> staged = StagedImport::Begin(
      connection, "the volunteers", kCreateStaging, kStagingTable, StagingColumns());
  if (!staged.ok()) return staged.status();
  return std::unique_ptr<VolunteerImport>(new VolunteerImport(*std::move(staged), options));
}

absl::Status VolunteerImport::Add(const ImportedVolunteer& row) {
  const v1::Volunteer& v = row.volunteer;
  const v1::Commune& commune = v.home_commune();
  const v1::DateRange& range = v.availability().date_range();
  return staged_->Add(std::make_tuple(
      row.line, v.id(), v.first_name(), v.last_name(), v.email(), OptionalText(v.phone()),
      DateText(v.birth_date()), commune.insee_code(), commune.centroid().latitude(),
      commune.centroid().longitude(), commune.department_code(), v.max_travel_km(),
      v.accepts_in_person(), v.accepts_remote(),
      OptionalDate(range.has_start_date(), range.start_date()),
      OptionalDate(range.has_end_date(), range.end_date()),
      std::string(v.status() == v1::VOLUNTEER_STATUS_PAUSED ? "PAUSED" : "ACTIVE"),
      Timestamp(v.terms_accept_time()), CopyTimestamp(row.data_processing_consent_time),
      Timestamp(v.last_active_time()), Timestamp(v.create_time()),
      SlugArray(v, /*domains=*/true), SlugArray(v, /*domains=*/false)));
}

absl::StatusOr<ImportOutcome> VolunteerImport::Commit() {
  const ImportOptions options = options_;
  return staged_->Commit([options](pqxx::work& txn) {
    ImportOutcome outcome;
    StepClock clock(outcome);
    txn.exec(kAnalyzeStaging);
    clock.Mark("analyse");
    RecordRejects(txn.exec(kRejectTakenEmails),
                  "volunteer.email: already registered (another volunteer uses this email)",
                  outcome);
    RecordRejects(txn.exec(kRejectCaseDuplicateEmails),
                  "volunteer.email: same email as an earlier line (letters differ only in case)",
                  outcome);
    RecordRejects(txn.exec(kRejectTakenIds), "volunteer.id: a volunteer with this id exists",
                  outcome);
    clock.Mark("duplicates");
    const int64_t staged = txn.exec1(kCountStaged)[0].as<int64_t>();
    outcome.loaded = InsertStagedRows(txn, "volunteers", staged, kInsertVolunteers, options, outcome, clock);
    txn.exec(kInsertDomains);
    txn.exec(kInsertSkills);
    clock.Mark("domains+skills");
    if (options.append_events) {
      txn.exec(kAppendEvents);
      clock.Mark("events");
    }
    return outcome;
  });
}

}  // namespace renfort::storage
