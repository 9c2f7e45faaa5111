#include "storage/import/volunteer_import.h"

#include <pqxx/pqxx>
#include <string_view>

#include "absl/container/flat_hash_set.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "storage/import/copy_text.h"
#include "storage/import/direct_volunteer_load.h"
#include "storage/import/volunteer_columns.h"
#include "storage/sql_values.h"

namespace renfort::storage {
namespace {

namespace v1 = ::renfort::v1;

constexpr char kStagingTable[] = "volunteer_import";

// Instants travel as microseconds since the epoch: PostgreSQL parses a bigint far faster than
// the text of a timestamptz, and the insert turns them back exactly.
constexpr char kCreateStaging[] = R"sql(
  CREATE TEMPORARY TABLE volunteer_import (
    line bigint NOT NULL, id uuid NOT NULL, first_name text, last_name text, email text,
    phone text, birth_date date, home_commune_insee_code text, latitude double precision,
    longitude double precision, department_code text, max_travel_km integer,
    accepts_in_person boolean, accepts_remote boolean, available_from date,
    available_until date, status text, terms_accepted_us bigint,
    data_processing_consented_us bigint, last_active_us bigint, created_us bigint,
    domains text[], skills text[]
  ) ON COMMIT DROP)sql";

const std::vector<std::string>& StagingColumns() {
  static const auto* const kColumns = new std::vector<std::string>{
      "line", "id", "first_name", "last_name", "email", "phone", "birth_date",
      "home_commune_insee_code", "latitude", "longitude", "department_code", "max_travel_km",
      "accepts_in_person", "accepts_remote", "available_from", "available_until", "status",
      "terms_accepted_us", "data_processing_consented_us", "last_active_us", "created_us",
      "domains", "skills"};
  return *kColumns;
}

// Rows are sent to PostgreSQL in blocks of about this size.
constexpr size_t kCopyBlockBytes = 1 << 20;

// Temporary tables get no statistics from autovacuum; the merge's joins with volunteers need
// them, unless volunteers is empty (a first load), which makes those joins trivial.
constexpr char kAnalyzeStaging[] = "ANALYZE volunteer_import";
constexpr char kAnyVolunteer[] = "SELECT EXISTS (SELECT 1 FROM volunteers)";

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
         available_from, available_until, status,
         timestamptz 'epoch' + terms_accepted_us * interval '1 microsecond',
         timestamptz 'epoch' + data_processing_consented_us * interval '1 microsecond',
         timestamptz 'epoch' + last_active_us * interval '1 microsecond',
         timestamptz 'epoch' + created_us * interval '1 microsecond',
         timestamptz 'epoch' + created_us * interval '1 microsecond'
  FROM volunteer_import)sql";

constexpr char kInsertDomains[] = R"sql(
  INSERT INTO volunteer_domains (volunteer_id, domain_slug)
  SELECT id, unnest(domains) FROM volunteer_import WHERE cardinality(domains) > 0)sql";

constexpr char kInsertSkills[] = R"sql(
  INSERT INTO volunteer_skills (volunteer_id, skill_slug)
  SELECT id, unnest(skills) FROM volunteer_import WHERE cardinality(skills) > 0)sql";

}  // namespace

VolunteerImport::VolunteerImport(std::unique_ptr<StagedImport> staged,
                                 std::unique_ptr<DirectVolunteerLoad> direct,
                                 ImportOptions options)
    : staged_(std::move(staged)), direct_(std::move(direct)), options_(options) {}

VolunteerImport::~VolunteerImport() = default;

absl::StatusOr<std::unique_ptr<VolunteerImport>> VolunteerImport::Begin(
    pqxx::connection& connection, ImportOptions options) {
  if (options.rebuild_indexes_when_worth_it && options.file_bytes.has_value()) {
    absl::StatusOr<std::unique_ptr<DirectVolunteerLoad>> direct =
        DirectVolunteerLoad::BeginIfDoubling(connection, *options.file_bytes,
                                             options.append_events);
    if (!direct.ok()) return direct.status();
    if (*direct != nullptr) {
      return std::unique_ptr<VolunteerImport>(
          new VolunteerImport(nullptr, *std::move(direct), options));
    }
  }
  absl::StatusOr<std::unique_ptr<StagedImport>> staged = StagedImport::Begin(
      connection, "the volunteers", kCreateStaging, kStagingTable, StagingColumns(),
      /*preformatted=*/true);
  if (!staged.ok()) return staged.status();
  return std::unique_ptr<VolunteerImport>(
      new VolunteerImport(*std::move(staged), nullptr, options));
}

absl::Status VolunteerImport::Add(const ImportedVolunteer& imported, std::string* rejection) {
  if (direct_ != nullptr) return direct_->Add(imported, rejection);
  const v1::Volunteer& v = imported.volunteer;
  CopyText& row = rows_;
  row.Int(imported.line);
  AppendVolunteerProfile(imported, row);
  row.Int(UnixMicros(v.terms_accept_time()));
  row.Int(absl::ToUnixMicros(imported.data_processing_consent_time));
  row.Int(UnixMicros(v.last_active_time()));
  row.Int(UnixMicros(v.create_time()));
  row.TextArray(v.domains_size(), [&v](int i) {
    return DomainSlug(static_cast<v1::Domain>(v.domains(i)));
  });
  row.TextArray(v.skills_size(), [&v](int i) -> std::string_view { return v.skills(i); });
  row.EndRow();
  if (options_.append_events) {
    if (absl::Status status = staged_ids_.Add(v.id(), imported.line); !status.ok()) {
      return status;
    }
  }
  if (rows_.size() < kCopyBlockBytes) return absl::OkStatus();
  return Flush();
}

absl::Status VolunteerImport::Flush() {
  absl::Status status = staged_->AddRows(rows_.rows());
  rows_.Clear();
  return status;
}

absl::StatusOr<ImportOutcome> VolunteerImport::Commit(const BeforeCommit& before_commit) {
  if (direct_ != nullptr) return direct_->Commit(before_commit);
  if (absl::Status status = Flush(); !status.ok()) return status;
  const ImportOptions options = options_;
  return staged_->Commit([this, options](pqxx::work& txn) {
    ImportOutcome outcome;
    StepClock clock(outcome);
    if (txn.exec1(kAnyVolunteer)[0].as<bool>()) {
      txn.exec(kAnalyzeStaging);
      clock.Mark("analyse");
    }
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
    outcome.loaded = InsertStagedRows(txn, "volunteers", staged, kInsertVolunteers, options, outcome,
                                      clock);
    txn.exec(kInsertDomains);
    txn.exec(kInsertSkills);
    clock.Mark("domains+skills");
    if (options.append_events) {
      absl::flat_hash_set<int64_t> refused;
      for (const RejectedRow& row : outcome.rejected) refused.insert(row.line);
      staged_ids_.AppendEvents(txn, refused);
      clock.Mark("events");
    }
    return outcome;
  }, before_commit);
}

}  // namespace renfort::storage
