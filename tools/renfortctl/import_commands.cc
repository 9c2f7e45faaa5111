// The `import` group: bulk loading of volunteers and missions from CSV files, straight into
// PostgreSQL (an operator command: no server involved). See import_runner.h.
#include <random>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "storage/import/mission_import.h"
#include "storage/import/volunteer_import.h"
#include "tools/renfortctl/command.h"
#include "tools/renfortctl/import_mission_rows.h"
#include "tools/renfortctl/import_runner.h"
#include "tools/renfortctl/import_volunteer_rows.h"

namespace renfort::ctl {
namespace {

// A random (version 4) UUID for rows the file gives no id.
class UuidSource {
 public:
  UuidSource() : engine_(std::random_device{}()) {}
  std::string Next() {
    const uint64_t high = (engine_() & ~0xF000ull) | 0x4000ull;
    const uint64_t low = (engine_() & ~(0xC000ull << 48)) | (0x8000ull << 48);
    return absl::StrFormat("%08x-%04x-%04x-%04x-%012x", high >> 32, (high >> 16) & 0xFFFF,
                           high & 0xFFFF, low >> 48, low & 0xFFFFFFFFFFFFull);
  }

 private:
  std::mt19937_64 engine_;
};

// Rows refused because an earlier line of the same file holds the same key. Only accepted rows
// take their keys, so a row rejected for one key does not make a later row a duplicate of it.
class DuplicateKeys {
 public:
  // The accepted line that uses `key`, or 0.
  int64_t FirstLine(const std::string& key) const {
    auto it = first_line_.find(key);
    return it == first_line_.end() ? 0 : it->second;
  }
  // Records that the accepted `line` uses `key`.
  void Take(std::string key, int64_t line) { first_line_.emplace(std::move(key), line); }

 private:
  absl::flat_hash_map<std::string, int64_t> first_line_;
};

struct CheckedVolunteer : CheckedRow {
  storage::ImportedVolunteer volunteer;  // reused from row to row
};

class VolunteerLoader : public RowLoader {
 public:
  VolunteerLoader(std::unique_ptr<storage::VolunteerImport> import,
                  const storage::ImportReferences& references)
      : import_(std::move(import)), references_(references), now_(absl::Now()) {}

  std::unique_ptr<CheckedRow> NewRow() const override {
    return std::make_unique<CheckedVolunteer>();
  }

  void Check(const CsvRecord& record, const CsvColumns& columns, CheckedRow* row) override {
    auto& checked = static_cast<CheckedVolunteer&>(*row);
    if (absl::Status status = VolunteerFromRecord(record, columns, references_, now_,
                                                  [this] { return ids_.Next(); },
                                                  &checked.volunteer);
        !status.ok()) {
      checked.rejection = std::string(status.message());
    }
  }

  absl::Status Stage(CheckedRow* row) override {
    auto& checked = static_cast<CheckedVolunteer&>(*row);
    const storage::ImportedVolunteer& volunteer = checked.volunteer;
    email_.assign(volunteer.volunteer.email());
    absl::AsciiStrToLower(&email_);
    if (int64_t first = emails_.FirstLine(email_)) {
      checked.rejection = absl::StrCat("volunteer.email: same email as line ", first);
      return absl::OkStatus();
    }
    if (int64_t first = ids_seen_.FirstLine(volunteer.volunteer.id())) {
      checked.rejection = absl::StrCat("id: same id as line ", first);
      return absl::OkStatus();
    }
    emails_.Take(email_, volunteer.line);
    ids_seen_.Take(volunteer.volunteer.id(), volunteer.line);
    return import_->Add(volunteer, &checked.rejection);
  }

  absl::StatusOr<storage::ImportOutcome> Commit(
      const storage::BeforeCommit& before_commit) override {
    return import_->Commit(before_commit);
  }

  bool LoadsDirectly() const override { return import_->direct(); }

 private:
  std::unique_ptr<storage::VolunteerImport> import_;
  const storage::ImportReferences& references_;
  const absl::Time now_;
  UuidSource ids_;  // Check's only
  DuplicateKeys emails_;
  DuplicateKeys ids_seen_;
  std::string email_;  // the staged row's email, lowercased
};

const ImportKind& VolunteerKind() {
  static const auto* const kKind = new ImportKind{
      "volunteers", "import volunteers", &VolunteerColumnSet(),
      [](pqxx::connection& connection, const storage::ImportReferences& references,
         storage::ImportOptions options) -> absl::StatusOr<std::unique_ptr<RowLoader>> {
        absl::StatusOr<std::unique_ptr<storage::VolunteerImport>> import =
            storage::VolunteerImport::Begin(connection, options);
        if (!import.ok()) return import.status();
        return std::unique_ptr<RowLoader>(
            std::make_unique<VolunteerLoader>(*std::move(import), references));
      }};
  return *kKind;
}

struct CheckedMission : CheckedRow {
  storage::ImportedMission mission;
};

class MissionLoader : public RowLoader {
 public:
  MissionLoader(std::unique_ptr<storage::MissionImport> import,
                const storage::ImportReferences& references)
      : import_(std::move(import)), references_(references), now_(absl::Now()) {}

  std::unique_ptr<CheckedRow> NewRow() const override { return std::make_unique<CheckedMission>(); }

  void Check(const CsvRecord& record, const CsvColumns& columns, CheckedRow* row) override {
    auto& checked = static_cast<CheckedMission&>(*row);
    absl::StatusOr<storage::ImportedMission> mission = MissionFromRecord(
        record, columns, references_, now_, [this] { return ids_.Next(); });
    if (!mission.ok()) {
      checked.rejection = std::string(mission.status().message());
      return;
    }
    checked.mission = *std::move(mission);
  }

  absl::Status Stage(CheckedRow* row) override {
    auto& checked = static_cast<CheckedMission&>(*row);
    if (int64_t first = ids_seen_.FirstLine(checked.mission.mission.id())) {
      checked.rejection = absl::StrCat("mission.id: same id as line ", first);
      return absl::OkStatus();
    }
    ids_seen_.Take(checked.mission.mission.id(), checked.mission.line);
    return import_->Add(checked.mission);
  }

  absl::StatusOr<storage::ImportOutcome> Commit(
      const storage::BeforeCommit& before_commit) override {
    return import_->Commit(before_commit);
  }

 private:
  std::unique_ptr<storage::MissionImport> import_;
  const storage::ImportReferences& references_;
  const absl::Time now_;
  UuidSource ids_;  // Check's only
  DuplicateKeys ids_seen_;
};

const ImportKind& MissionKind() {
  static const auto* const kKind = new ImportKind{
      "missions", "import missions", &MissionColumnSet(),
      [](pqxx::connection& connection, const storage::ImportReferences& references,
         storage::ImportOptions options) -> absl::StatusOr<std::unique_ptr<RowLoader>> {
        absl::StatusOr<std::unique_ptr<storage::MissionImport>> import =
            storage::MissionImport::Begin(connection, options);
        if (!import.ok()) return import.status();
        return std::unique_ptr<RowLoader>(
            std::make_unique<MissionLoader>(*std::move(import), references));
      }};
  return *kKind;
}

Command ImportCommand(std::string name, std::string summary, std::string details,
                      const ImportKind& kind) {
  Command command;
  command.group = "import";
  command.name = std::move(name);
  command.summary = std::move(summary);
  command.details = std::move(details);
  command.flags = ImportFlags();
  command.positional = "file";
  command.run_local = [&kind](const ParsedFlags& flags, std::ostream& out, std::ostream& err) {
    return RunImport(kind, flags, out, err);
  };
  return command;
}

constexpr char kExitCodes[] =
    "\nexit codes: 0 every row loaded; 4 loaded, but some rows were rejected (see the rejects\n"
    "file); 1 PostgreSQL refused the import; 2 bad usage or header; 3 PostgreSQL unreachable;\n"
    "130/143 interrupted (SIGINT/SIGTERM). Except for 0 and 4, nothing was loaded.";

}  // namespace

std::vector<Command> ImportCommands() {
  return {
      ImportCommand(
          "volunteers", "Loads volunteers from a CSV file (FILE.csv) in one transaction.",
          absl::StrCat(
              "usage: renfortctl import volunteers FILE.csv [--rejects=R.csv] [--database_url=URL]\n"
              "Header row naming the columns, any order (docs/renfortctl.md): required\n"
              "first_name,last_name,email,birth_date,home_commune_insee_code; optional id,phone,\n"
              "latitude,longitude,department_code,max_travel_km,accepts_in_person,accepts_remote,\n"
              "available_from,available_until,status,terms_accepted_at,\n"
              "data_processing_consented_at,last_active_at,created_at,domains,skills (';'-separated).\n"
              "Rows are checked as RegisterVolunteer checks them; bad rows and duplicates (in the\n"
              "file or of stored volunteers) go to the rejects file with their line numbers.",
              kExitCodes),
          VolunteerKind()),
      ImportCommand(
          "missions", "Loads missions from a CSV file (FILE.csv) in one transaction.",
          absl::StrCat(
              "usage: renfortctl import missions FILE.csv [--rejects=R.csv] [--database_url=URL]\n"
              "Header row naming the columns, any order (docs/renfortctl.md): required\n"
              "organisation_id,title,domain_slug,format,schedule_kind,start_date,\n"
              "commitment_duration_minutes,commitment_period,places; optional id,description,\n"
              "secondary_domain_slug,activity_slug,motivation_required,department_code,end_date,\n"
              "places_held,open_to_minors,status,published_at,created_at, one address\n"
              "(address_label,address_street,commune_insee_code,latitude,longitude) and\n"
              "required_skills (';'-separated). Rows are checked with CreateMission's ranges; bad\n"
              "rows, ids already taken and unknown organisations go to the rejects file.",
              kExitCodes),
          MissionKind()),
  };
}

}  // namespace renfort::ctl
