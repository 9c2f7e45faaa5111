#ifndef RENFORT_STORAGE_IMPORT_VOLUNTEER_IMPORT_H_
#define RENFORT_STORAGE_IMPORT_VOLUNTEER_IMPORT_H_

// Bulk loading of volunteers (renfortctl import volunteers): the rows, already checked with
// RegisterVolunteer's rules and the reference tables by the caller, are streamed by COPY into a
// staging table; the merge then refuses the rows whose email (whatever its case) or id is
// already taken, inserts the others with their domains and skills, and appends one
// volunteer.imported outbox event per 1,000 loaded volunteers (payload a
// ListVolunteersResponse of their ids), all in one transaction (staged_import.h). An import
// that at least doubles the table skips the staging table (direct_volunteer_load.h).

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
#include "storage/import/volunteer_events.h"

namespace renfort::storage {

// One volunteer of the file. The profile is complete: id, home commune (code, département,
// centroid), status ACTIVE or PAUSED, and terms, activity and creation times set.
struct ImportedVolunteer {
  int64_t line = 0;
  renfort::v1::Volunteer volunteer;
  // The consent to data processing (volunteers.data_processing_consented_at; not in the API).
  absl::Time data_processing_consent_time;
};

class DirectVolunteerLoad;

class VolunteerImport {
 public:
  // With `options.file_bytes` known, an import that doubles the table loads directly
  // (direct_volunteer_load.h); otherwise through the staging table.
  static absl::StatusOr<std::unique_ptr<VolunteerImport>> Begin(pqxx::connection& connection,
                                                                ImportOptions options);
  ~VolunteerImport();

  // Whether the rows go straight into volunteers (the table locked and its indexes suspended
  // from the start).
  bool direct() const { return direct_ != nullptr; }

  // Buffers the row in COPY text and sends a block when it is full. Loading directly, sets
  // *rejection instead when a stored volunteer has the row's email or id.
  absl::Status Add(const ImportedVolunteer& row, std::string* rejection);

  // Merges and commits; the outcome lists the rows refused as duplicates of stored volunteers.
  // Nothing is loaded when it fails (ALREADY_EXISTS if a volunteer with one of the emails
  // registered while the import ran: run it again).
  absl::StatusOr<ImportOutcome> Commit(const BeforeCommit& before_commit);

 private:
  VolunteerImport(std::unique_ptr<StagedImport> staged,
                  std::unique_ptr<DirectVolunteerLoad> direct, ImportOptions options);

  absl::Status Flush();  // sends the buffered rows

  std::unique_ptr<StagedImport> staged_;  // one of these two
  std::unique_ptr<DirectVolunteerLoad> direct_;
  const ImportOptions options_;
  CopyText rows_;
  ImportedIds staged_ids_;  // with events: the rows staged
};

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_IMPORT_VOLUNTEER_IMPORT_H_
