#include "storage/import/staged_import.h"

#include <charconv>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "storage/import/index_suspension.h"
#include "storage/pg/errors.h"

namespace renfort::storage {

absl::StatusOr<std::unique_ptr<StagedImport>> StagedImport::Begin(
    pqxx::connection& connection, const std::string& what, const char* create_staging,
    const std::string& staging_table, const std::vector<std::string>& columns,
    bool preformatted) {
  std::unique_ptr<StagedImport> import(new StagedImport(connection, what));
  try {
    import->txn_ = std::make_unique<pqxx::work>(connection);
    import->txn_->exec(create_staging);
    if (preformatted) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
      import->raw_ = std::make_unique<pqxx::tablewriter>(*import->txn_, staging_table,
                                                         columns.begin(), columns.end());
#pragma GCC diagnostic pop
    } else {
      import->stream_ = std::make_unique<pqxx::stream_to>(*import->txn_, staging_table, columns);
    }
  } catch (...) {
    return StatusFromCurrentException(absl::StrCat("starting ", what));
  }
  return import;
}

void RecordRejects(const pqxx::result& lines, const std::string& reason, ImportOutcome& outcome) {
  for (const pqxx::row& row : lines) outcome.rejected.push_back({row[0].as<int64_t>(), reason});
}

int64_t InsertStagedRows(pqxx::work& txn, const std::string& table, int64_t staged,
                         const char* insert, const ImportOptions& options, ImportOutcome& outcome,
                         StepClock& clock) {
  std::optional<SuspendedIndexes> suspended;
  if (options.rebuild_indexes_when_worth_it && WorthRebuildingIndexes(txn, table, staged)) {
    // Index builds sort in memory up to this (the default, 64MB, spills 1M-row sorts to disk).
    txn.exec("SET LOCAL maintenance_work_mem = '256MB'");
    suspended = SuspendedIndexes::Drop(txn, table);
    outcome.rebuilt_indexes = true;
  }
  const int64_t inserted = txn.exec(insert).affected_rows();
  clock.Mark("insert");
  if (suspended.has_value()) {
    suspended->Rebuild(txn);
    clock.Mark("indexes");
  }
  return inserted;
}

StagedImport::~StagedImport() {
  // The stream ends its COPY on destruction; the transaction then rolls back.
  stream_.reset();
  raw_.reset();
  txn_.reset();
}

absl::Status StagedImport::AddRows(const std::string& rows) {
  if (rows.empty()) return absl::OkStatus();
  try {
    raw_->write_raw_line(rows);
  } catch (...) {
    return StreamError();
  }
  return absl::OkStatus();
}

absl::Status StagedImport::StreamError() const {
  return StatusFromCurrentException(absl::StrCat("streaming ", what_));
}

absl::StatusOr<ImportOutcome> StagedImport::Commit(
    const std::function<ImportOutcome(pqxx::work&)>& merge, const BeforeCommit& before_commit) {
  try {
    if (stream_ != nullptr) stream_->complete();
    if (raw_ != nullptr) raw_->complete();
    stream_.reset();
    raw_.reset();
    ImportOutcome outcome = merge(*txn_);
    if (absl::Status status = CommitUnlessRefused(txn_, outcome, before_commit); !status.ok()) {
      return status;
    }
    return outcome;
  } catch (...) {
    return StatusFromCurrentException(absl::StrCat("loading ", what_));
  }
}

absl::Status CommitUnlessRefused(std::unique_ptr<pqxx::work>& txn, const ImportOutcome& outcome,
                                 const BeforeCommit& before_commit) {
  absl::Status status = before_commit(outcome);
  if (status.ok()) {
    txn->commit();
  } else {
    txn->abort();
  }
  txn.reset();
  return status;
}

std::string CopyTimestamp(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%E6S+00", time, absl::UTCTimeZone());
}

std::string CopyDouble(double value) {
  char text[32];
  const std::to_chars_result result = std::to_chars(text, text + sizeof(text), value);
  return std::string(text, result.ptr);
}

}  // namespace renfort::storage
