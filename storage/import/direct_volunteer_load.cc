#include "storage/import/direct_volunteer_load.h"

#include <pqxx/pqxx>
#include <string_view>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "storage/import/volunteer_columns.h"
#include "storage/pg/errors.h"
#include "storage/sql_values.h"

namespace renfort::storage {
namespace {

namespace v1 = ::renfort::v1;

// The file's volunteers are estimated from its size over this many bytes per row, a row larger
// than nearly any: renfort-datagen's average 230 bytes with every column, a row of the
// required columns alone less than 100. An under-estimate only sends a doubling import through
// the staging table (slower, same result); an over-estimate would lock the table and rebuild
// its indexes for an import that adds little, which this rules out.
constexpr int64_t kMostBytesPerRow = 512;

// Rows are sent to PostgreSQL in blocks of about this size; domains and skills, which go to
// other tables (one COPY at a time per connection), wait in memory up to this much.
constexpr size_t kCopyBlockBytes = 1 << 20;
constexpr size_t kSideRowsBytes = 16 << 20;

const std::vector<std::string>& VolunteerColumns() {
  static const auto* const kColumns = new std::vector<std::string>{
      "id", "first_name", "last_name", "email", "phone", "birth_date",
      "home_commune_insee_code", "latitude", "longitude", "department_code", "max_travel_km",
      "accepts_in_person", "accepts_remote", "available_from", "available_until", "status",
      "terms_accepted_at", "data_processing_consented_at", "last_active_at", "created_at",
      "updated_at"};
  return *kColumns;
}

constexpr char kStoredKeys[] = "SELECT lower(email), id::text FROM volunteers";
constexpr char kLowerStatement[] = "renfort_import_lower";
constexpr char kLower[] = "SELECT lower($1)";

// The staging merge's reasons (volunteer_import.cc), word for word.
constexpr char kTakenEmail[] =
    "volunteer.email: already registered (another volunteer uses this email)";
constexpr char kCaseDuplicateEmail[] =
    "volunteer.email: same email as an earlier line (letters differ only in case)";
constexpr char kTakenId[] = "volunteer.id: a volunteer with this id exists";

bool IsAscii(const std::string& text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

void CopyInto(pqxx::work& txn, const char* table, const std::vector<std::string>& columns,
              CopyText& rows) {
  if (rows.size() == 0) return;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  pqxx::tablewriter copy(txn, table, columns.begin(), columns.end());
#pragma GCC diagnostic pop
  copy.write_raw_line(rows.rows());
  copy.complete();
  rows.Clear();
}

}  // namespace

absl::StatusOr<std::unique_ptr<DirectVolunteerLoad>> DirectVolunteerLoad::BeginIfDoubling(
    pqxx::connection& connection, int64_t file_bytes, bool append_events) {
  std::unique_ptr<DirectVolunteerLoad> load(new DirectVolunteerLoad(append_events));
  try {
    load->txn_ = std::make_unique<pqxx::work>(connection);
    pqxx::work& txn = *load->txn_;
    const int64_t rows_at_least = (file_bytes + kMostBytesPerRow - 1) / kMostBytesPerRow;
    if (!WorthRebuildingIndexes(txn, "volunteers", rows_at_least)) return nullptr;
    // Index builds sort in memory up to this (the default, 64MB, spills 1M-row sorts to disk).
    txn.exec("SET LOCAL maintenance_work_mem = '256MB'");
    // Locks the table first, so the keys read next stay the only ones until the commit.
    load->suspended_ = SuspendedIndexes::Drop(txn, "volunteers");
    for (const pqxx::row& row : txn.exec(kStoredKeys)) {
      if (!row[0].is_null()) load->stored_emails_.insert(row[0].as<std::string>());
      load->stored_ids_.insert(row[1].as<std::string>());
    }
  } catch (...) {
    return StatusFromCurrentException("starting the volunteers");
  }
  return load;
}

DirectVolunteerLoad::~DirectVolunteerLoad() {
  volunteers_copy_.reset();
  txn_.reset();
}

absl::Status DirectVolunteerLoad::Add(const ImportedVolunteer& row, std::string* rejection) {
  const v1::Volunteer& v = row.volunteer;
  if (!IsAscii(v.email())) {
    // Its place in the events is kept; Commit refuses it there if it must.
    if (append_events_) {
      if (absl::Status status = ids_.Add(v.id(), row.line); !status.ok()) return status;
    }
    waiting_.push_back(row);
    return absl::OkStatus();
  }
  email_.assign(v.email());
  absl::AsciiStrToLower(&email_);
  if (stored_emails_.contains(email_)) {
    *rejection = kTakenEmail;
    return absl::OkStatus();
  }
  if (stored_ids_.contains(v.id())) {
    *rejection = kTakenId;
    return absl::OkStatus();
  }
  if (append_events_) {
    if (absl::Status status = ids_.Add(v.id(), row.line); !status.ok()) return status;
  }
  try {
    Write(row);
    if (domains_.size() + skills_.size() >= kSideRowsBytes) {
      SendAll();
    } else if (volunteers_.size() >= kCopyBlockBytes) {
      SendVolunteers();
    }
  } catch (...) {
    return StatusFromCurrentException("streaming the volunteers");
  }
  return absl::OkStatus();
}

void DirectVolunteerLoad::Write(const ImportedVolunteer& imported) {
  const v1::Volunteer& v = imported.volunteer;
  CopyText& row = volunteers_;
  AppendVolunteerProfile(imported, row);
  row.Timestamp(UnixMicros(v.terms_accept_time()));
  row.Timestamp(absl::ToUnixMicros(imported.data_processing_consent_time));
  row.Timestamp(UnixMicros(v.last_active_time()));
  row.Timestamp(UnixMicros(v.create_time()));
  row.Timestamp(UnixMicros(v.create_time()));  // updated_at, as the staging merge sets it
  row.EndRow();
  for (int i = 0; i < v.domains_size(); ++i) {
    domains_.Text(v.id());
    domains_.Text(DomainSlug(static_cast<v1::Domain>(v.domains(i))));
    domains_.EndRow();
  }
  for (const std::string& skill : v.skills()) {
    skills_.Text(v.id());
    skills_.Text(skill);
    skills_.EndRow();
  }
  ++loaded_;
}

void DirectVolunteerLoad::SendVolunteers() {
  if (volunteers_.size() == 0) return;
  if (volunteers_copy_ == nullptr) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    volunteers_copy_ = std::make_unique<pqxx::tablewriter>(
        *txn_, "volunteers", VolunteerColumns().begin(), VolunteerColumns().end());
#pragma GCC diagnostic pop
  }
  volunteers_copy_->write_raw_line(volunteers_.rows());
  volunteers_.Clear();
}

void DirectVolunteerLoad::SendAll() {
  SendVolunteers();
  if (volunteers_copy_ != nullptr) {
    volunteers_copy_->complete();
    volunteers_copy_.reset();
  }
  static const auto* const kDomainColumns =
      new std::vector<std::string>{"volunteer_id", "domain_slug"};
  static const auto* const kSkillColumns =
      new std::vector<std::string>{"volunteer_id", "skill_slug"};
  CopyInto(*txn_, "volunteer_domains", *kDomainColumns, domains_);
  CopyInto(*txn_, "volunteer_skills", *kSkillColumns, skills_);
}

// The staging merge's order: stored emails (as lower() folds them), then emails equal to an
// earlier line's once folded (among the rows left), then stored ids.
void DirectVolunteerLoad::CheckWaitingRows(ImportOutcome& outcome) {
  if (waiting_.empty()) return;
  txn_->conn().prepare(kLowerStatement, kLower);
  absl::flat_hash_set<std::string> earlier;
  for (const ImportedVolunteer& row : waiting_) {
    const std::string folded =
        txn_->exec_prepared1(kLowerStatement, row.volunteer.email())[0].as<std::string>();
    const char* reason = nullptr;
    if (stored_emails_.contains(folded)) {
      reason = kTakenEmail;
    } else if (!earlier.insert(folded).second) {
      reason = kCaseDuplicateEmail;
    } else if (stored_ids_.contains(row.volunteer.id())) {
      reason = kTakenId;
    }
    if (reason != nullptr) {
      outcome.rejected.push_back({row.line, reason});
      refused_.insert(row.line);
      continue;
    }
    Write(row);
  }
}

absl::StatusOr<ImportOutcome> DirectVolunteerLoad::Commit(const BeforeCommit& before_commit) {
  try {
    ImportOutcome outcome;
    StepClock clock(outcome);
    CheckWaitingRows(outcome);
    SendAll();
    outcome.loaded = loaded_;
    clock.Mark("copy");
    suspended_->Rebuild(*txn_);
    outcome.rebuilt_indexes = true;
    clock.Mark("indexes");
    if (append_events_) {
      ids_.AppendEvents(*txn_, refused_);
      clock.Mark("events");
    }
    if (absl::Status status = CommitUnlessRefused(txn_, outcome, before_commit); !status.ok()) {
      return status;
    }
    return outcome;
  } catch (...) {
    return StatusFromCurrentException("loading the volunteers");
  }
}

}  // namespace renfort::storage
