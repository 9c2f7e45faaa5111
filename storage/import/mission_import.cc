#include "storage/import/mission_import.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "storage/sql_values.h"

namespace renfort::storage {
namespace {

namespace v1 = ::renfort::v1;

constexpr char kStagingTable[] = "mission_import";

constexpr char kCreateStaging[] = R"sql(
  CREATE TEMPORARY TABLE mission_import (
    line bigint NOT NULL, id uuid NOT NULL, organisation_id uuid NOT NULL, title text,
    description text, domain_slug text, secondary_domain_slug text, activity_slug text,
    motivation_required boolean, format text, department_code text, schedule_kind text,
    start_date date, end_date date, commitment_duration_minutes integer,
    commitment_period text, places integer, places_held integer, open_to_minors boolean,
    status text, published_at timestamptz, created_at timestamptz, address_label text,
    address_street text, commune_insee_code text, latitude double precision,
    longitude double precision, required_skills text[]
  ) ON COMMIT DROP)sql";

const std::vector<std::string>& StagingColumns() {
  static const auto* const kColumns = new std::vector<std::string>{
      "line", "id", "organisation_id", "title", "description", "domain_slug",
      "secondary_domain_slug", "activity_slug", "motivation_required", "format",
      "department_code", "schedule_kind", "start_date", "end_date",
      "commitment_duration_minutes", "commitment_period", "places", "places_held",
      "open_to_minors", "status", "published_at", "created_at", "address_label",
      "address_street", "commune_insee_code", "latitude", "longitude", "required_skills"};
  return *kColumns;
}

constexpr char kAnalyzeStaging[] = "ANALYZE mission_import";

constexpr char kRejectTakenIds[] = R"sql(
  DELETE FROM mission_import s USING missions m WHERE m.id = s.id RETURNING s.line)sql";
constexpr char kRejectUnknownOrganisations[] = R"sql(
  DELETE FROM mission_import s
  WHERE NOT EXISTS (SELECT 1 FROM organisations o WHERE o.id = s.organisation_id)
  RETURNING s.line)sql";

constexpr char kCountStaged[] = "SELECT count(*) FROM mission_import";

constexpr char kInsertMissions[] = R"sql(
  INSERT INTO missions (
    id, organisation_id, title, description, domain_slug, secondary_domain_slug,
    activity_slug, motivation_required, format, department_code, schedule_kind, start_date,
    end_date, commitment_duration_minutes, commitment_period, places, places_held,
    open_to_minors, status, published_at, created_at, updated_at)
  SELECT id, organisation_id, title, description, domain_slug, secondary_domain_slug,
         activity_slug, motivation_required, format, department_code, schedule_kind,
         start_date, end_date, commitment_duration_minutes, commitment_period, places,
         places_held, open_to_minors, status, published_at, created_at, created_at
  FROM mission_import)sql";

constexpr char kInsertAddresses[] = R"sql(
  INSERT INTO mission_addresses (mission_id, position, label, street, commune_insee_code,
                                 department_code, latitude, longitude)
  SELECT id, 0, address_label, address_street, commune_insee_code, department_code, latitude,
         longitude
  FROM mission_import WHERE commune_insee_code IS NOT NULL)sql";

constexpr char kInsertSkills[] = R"sql(
  INSERT INTO mission_skills (mission_id, skill_slug)
  SELECT id, unnest(required_skills) FROM mission_import
  WHERE cardinality(required_skills) > 0)sql";

// A Mission message holding only its id (see volunteer_import.cc): the indexer reads the rest.
constexpr char kAppendEvents[] = R"sql(
  INSERT INTO outbox_events (type, aggregate_type, aggregate_id, payload)
  SELECT 'mission.created', 'MISSION', id::text, '\x0a24'::bytea || convert_to(id::text, 'UTF8')
  FROM mission_import)sql";

std::optional<std::string> OptionalText(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return text;
}

std::optional<std::string> OptionalTime(bool present, const google::protobuf::Timestamp& time) {
  if (!present) return std::nullopt;
  return CopyTimestamp(TimeFromTimestamp(time));
}

}  // namespace

absl::StatusOr<std::unique_ptr<MissionImport>> MissionImport::Begin(pqxx::connection& connection,
                                                                    ImportOptions options) {
  absl::StatusOr<std::unique_ptr<StagedImport>> staged = StagedImport::Begin(
      connection, "the missions", kCreateStaging, kStagingTable, StagingColumns());
  if (!staged.ok()) return staged.status();
  return std::unique_ptr<MissionImport>(new MissionImport(*std::move(staged), options));
}

absl::Status MissionImport::Add(const ImportedMission& row) {
  const v1::Mission& m = row.mission;
  std::optional<std::string> label, street, commune;
  std::optional<double> latitude, longitude;
  if (m.addresses_size() > 0) {
    const v1::Address& address = m.addresses(0);
    label = OptionalText(address.label());
    street = OptionalText(address.street());
    commune = address.commune().insee_code();
    latitude = address.location().latitude();
    longitude = address.location().longitude();
  }
  std::optional<std::string> secondary;
  if (m.secondary_domain() != v1::DOMAIN_UNSPECIFIED) secondary = DomainSlug(m.secondary_domain());
  return staged_->Add(std::make_tuple(
      row.line, m.id(), m.organisation_id(), m.title(), m.description(), DomainSlug(m.domain()),
      secondary, OptionalText(m.activity()), m.motivation_required(), FormatName(m.format()),
      OptionalText(m.department_code()), ScheduleKindName(m.schedule().kind()),
      DateToSql(m.start_date()), m.has_end_date() ? DateToSql(m.end_date()) : std::nullopt,
      m.commitment().duration_minutes(), CommitmentPeriodName(m.commitment().period()),
      m.places(), m.places_held(), m.open_to_minors(), MissionStatusName(m.status()),
      OptionalTime(m.has_publish_time(), m.publish_time()),
      CopyTimestamp(TimeFromTimestamp(m.create_time())), label, street, commune, latitude,
      longitude, ToPgArray({m.required_skills().begin(), m.required_skills().end()})));
}

absl::StatusOr<ImportOutcome> MissionImport::Commit(const BeforeCommit& before_commit) {
  const ImportOptions options = options_;
  return staged_->Commit([options](pqxx::work& txn) {
    ImportOutcome outcome;
    StepClock clock(outcome);
    txn.exec(kAnalyzeStaging);
    clock.Mark("analyse");
    RecordRejects(txn.exec(kRejectTakenIds), "mission.id: a mission with this id exists", outcome);
    RecordRejects(txn.exec(kRejectUnknownOrganisations),
                  "mission.organisation_id: no organisation with this id", outcome);
    clock.Mark("duplicates");
    const int64_t staged = txn.exec1(kCountStaged)[0].as<int64_t>();
    outcome.loaded = InsertStagedRows(txn, "missions", staged, kInsertMissions, options, outcome, clock);
    txn.exec(kInsertAddresses);
    txn.exec(kInsertSkills);
    clock.Mark("addresses+skills");
    if (options.append_events) {
      txn.exec(kAppendEvents);
      clock.Mark("events");
    }
    return outcome;
  }, before_commit);
}

}  // namespace renfort::storage
