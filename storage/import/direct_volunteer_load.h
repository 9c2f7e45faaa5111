#ifndef RENFORT_STORAGE_IMPORT_DIRECT_VOLUNTEER_LOAD_H_
#define RENFORT_STORAGE_IMPORT_DIRECT_VOLUNTEER_LOAD_H_

// A volunteers import that at least doubles the table skips the staging table: its transaction
// locks volunteers (ACCESS EXCLUSIVE, before reading the file: no registration can take an
// email or id meanwhile), reads the stored lower(email)s and ids into memory (fewer than the
// rows coming), suspends the secondary indexes and the commune foreign key
// (index_suspension.h), then COPYs the checked rows straight into volunteers, volunteer_domains
// and volunteer_skills. Rows duplicating a stored volunteer are refused here, with the reasons
// the staging merge gives. Then the events, the indexes re-created (the foreign key validated
// over the whole table), `before_commit`, COMMIT. PostgreSQL checks every CHECK and NOT NULL as
// the rows arrive; anything failing, or the client going away, rolls everything back.
//
// Measured on 1,000,000 rows (bench/README.md, import): the staging table's COPY plus its
// INSERT ... SELECT cost more than the COPY into volunteers alone.

#include <cstdint>
#include <memory>
#include <optional>
#include <pqxx/connection>
#include <pqxx/tablewriter>
#include <pqxx/transaction>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/import/copy_text.h"
#include "storage/import/index_suspension.h"
#include "storage/import/staged_import.h"
#include "storage/import/volunteer_events.h"
#include "storage/import/volunteer_import.h"

namespace renfort::storage {

class DirectVolunteerLoad {
 public:
  // Begins the load when a file of `file_bytes` holds more volunteers than the table (its rows
  // estimated conservatively, see the .cc); nullptr otherwise, with nothing locked.
  static absl::StatusOr<std::unique_ptr<DirectVolunteerLoad>> BeginIfDoubling(
      pqxx::connection& connection, int64_t file_bytes, bool append_events);
  ~DirectVolunteerLoad();  // rolls back unless committed

  // Streams the row, or sets *rejection (and loads nothing) when a stored volunteer has its
  // email or id. A row whose email has letters beyond ASCII waits for Commit, which compares it
  // with PostgreSQL's lower() as the unique index does.
  absl::Status Add(const ImportedVolunteer& row, std::string* rejection);

  // Loads the waiting rows, re-creates the indexes, appends the events, runs `before_commit`
  // and commits. The outcome's rejects are those of the waiting rows.
  absl::StatusOr<ImportOutcome> Commit(const BeforeCommit& before_commit);

 private:
  explicit DirectVolunteerLoad(bool append_events) : append_events_(append_events) {}

  void Write(const ImportedVolunteer& row);   // into the COPY text buffers
  void SendVolunteers();                      // the buffered volunteers, into the open COPY
  void SendAll();                             // volunteers, then their domains and skills
  void CheckWaitingRows(ImportOutcome& outcome);

  const bool append_events_;
  std::unique_ptr<pqxx::work> txn_;
  std::optional<SuspendedIndexes> suspended_;
  // libpqxx 6.4's stream_to keeps its raw line writer private (staged_import.h).
  std::unique_ptr<pqxx::tablewriter> volunteers_copy_;
  absl::flat_hash_set<std::string> stored_emails_;  // lower(email)
  absl::flat_hash_set<std::string> stored_ids_;
  CopyText volunteers_, domains_, skills_;
  std::vector<ImportedVolunteer> waiting_;  // emails beyond ASCII
  ImportedIds ids_;
  absl::flat_hash_set<int64_t> refused_;  // lines of waiting rows refused at Commit
  int64_t loaded_ = 0;
  std::string email_;  // the row's email, lowercased
};

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_IMPORT_DIRECT_VOLUNTEER_LOAD_H_
