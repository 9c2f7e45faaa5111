#include "storage/import/staged_import.h"

#include <charconv>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "storage/pg/errors.h"

namespace renfort::storage {

absl::StatusOr<std::unique_ptr<StagedImport>> StagedImport::Begin(
    pqxx::connection& connection, const std::string& what, const char* create_staging,
    const std::string& staging_table, const std::vector<std::string>& columns) {
  std::unique_ptr<StagedImport> import(new StagedImport(connection, what));
  try {
    import->txn_ = std::make_unique<pqxx::work>(connection);
    import->txn_->exec(create_staging);
    import->stream_ = std::make_unique<pqxx::stream_to>(*import->txn_, staging_table, columns);
  } catch (...) {
    return StatusFromCurrentException(absl::StrCat("starting ", what));
  }
  return import;
}

StagedImport::~StagedImport() {
  // The stream ends its COPY on destruction; the transaction then rolls back.
  stream_.reset();
  txn_.reset();
}

absl::Status StagedImport::StreamError() const {
  return StatusFromCurrentException(absl::StrCat("streaming ", what_));
}

absl::StatusOr<ImportOutcome> StagedImport::Commit(
    const std::function<ImportOutcome(pqxx::work&)>& merge) {
  try {
    stream_->complete();
    stream_.reset();
    ImportOutcome outcome = merge(*txn_);
    txn_->commit();
    txn_.reset();
    return outcome;
  } catch (...) {
    return StatusFromCurrentException(absl::StrCat("loading ", what_));
  }
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
