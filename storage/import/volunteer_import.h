#ifndef RENFORT_STORAGE_IMPORT_VOLUNTEER_IMPORT_H_
#define RENFORT_STORAGE_IMPORT_VOLUNTEER_IMPORT_H_

// Bulk loading of volunteers (renfortctl import volunteers): the rows, already checked with
// RegisterVolunteer's rules and the reference tables by the caller, are streamed by COPY into a
// staging table; the merge then refuses the rows whose email (whatever its case) or id is
// already taken, inserts the others with their domains and skills, and appends one
// volunteer.imported outbox event per 1,000 loaded volunteers (payload a
// ListVolunteersResponse of their ids), all in one transaction (staged_import.h).

#include <cstdint>
#include <memory>
#include <pqxx/connection>
#include <pqxx/transaction>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "renfort/v1/volunteer.pb.h"
#include "storage/import/copy_text.h"
#include "storage/import/staged_import.h"

namespace renfort::storage {

// One volunteer of the file. The profile is complete: id, home commune (code, département,
// centroid), status ACTIVE or PAUSED, and terms, activity and creation times set.
struct ImportedVolunteer {
  int64_t line = 0;
  renfort::v1::Volunteer volunteer;
  // The consent to data processing (volunteers.data_processing_consented_at; not in the API).
  absl::Time data_processing_consent_time;
};

class VolunteerImport {
 public:
  static absl::StatusOr<std::unique_ptr<VolunteerImport>> Begin(pqxx::connection& connection,
                                                                ImportOptions options);

  // Buffers the row in COPY text and sends a block when it is full.
  absl::Status Add(const ImportedVolunteer& row);

  // Merges and commits; the outcome lists the rows refused as duplicates of stored volunteers.
  // Nothing is loaded when it fails (ALREADY_EXISTS if a volunteer with one of the emails
  // registered while the import ran: run it again).
  absl::StatusOr<ImportOutcome> Commit(const BeforeCommit& before_commit);

 private:
  VolunteerImport(std::unique_ptr<StagedImport> staged, ImportOptions options)
      : staged_(std::move(staged)), options_(options) {}

  absl::Status Flush();  // sends the buffered rows
  // The volunteer.imported events of the rows staged, less those `rejected` by the merge.
  void AppendEvents(pqxx::work& txn, const std::vector<RejectedRow>& rejected);

  std::unique_ptr<StagedImport> staged_;
  const ImportOptions options_;
  CopyText rows_;
  // With events: the ids of the rows staged (36 characters each, concatenated) and their lines.
  std::string staged_ids_;
  std::vector<int64_t> staged_lines_;
};

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_IMPORT_VOLUNTEER_IMPORT_H_
