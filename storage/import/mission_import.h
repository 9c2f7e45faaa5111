#ifndef RENFORT_STORAGE_IMPORT_MISSION_IMPORT_H_
#define RENFORT_STORAGE_IMPORT_MISSION_IMPORT_H_

// Bulk loading of missions (renfortctl import missions), the same way as volunteers
// (volunteer_import.h): COPY into staging, then in one transaction the merge refuses rows whose
// id is taken or whose organisation does not exist, inserts the missions with their address
// and required skills, and appends one mission.created outbox event each.

#include <cstdint>
#include <memory>
#include <pqxx/connection>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "renfort/v1/mission.pb.h"
#include "storage/import/staged_import.h"

namespace renfort::storage {

// One mission of the file: id, organisation_id, title, description, domains, activity,
// format, department_code, schedule.kind, start/end dates, commitment, places, places_held,
// open_to_minors, motivation_required, status, publish and create times, at most one address
// (commune resolved: code, département, location) and required skills.
struct ImportedMission {
  int64_t line = 0;
  renfort::v1::Mission mission;
};

class MissionImport {
 public:
  static absl::StatusOr<std::unique_ptr<MissionImport>> Begin(pqxx::connection& connection,
                                                              ImportOptions options);
  absl::Status Add(const ImportedMission& row);
  absl::StatusOr<ImportOutcome> Commit(const BeforeCommit& before_commit);

 private:
  MissionImport(std::unique_ptr<StagedImport> staged, ImportOptions options)
      : staged_(std::move(staged)), options_(options) {}

  std::unique_ptr<StagedImport> staged_;
  const ImportOptions options_;
};

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_IMPORT_MISSION_IMPORT_H_
