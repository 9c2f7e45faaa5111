#ifndef RENFORT_TOOLS_RENFORTCTL_IMPORT_MISSION_ROWS_H_
#define RENFORT_TOOLS_RENFORTCTL_IMPORT_MISSION_ROWS_H_

// Rows of a missions import file -> missions to load, checked with CreateMission's field
// ranges where they apply (mission.proto, services/missions/mission_validation.cc) and against
// the reference tables. A file row carries the mission's own columns (the ones tools/datagen
// writes to missions.csv) and at most one address; schedule slots, beneficiaries and
// prerequisites are added afterwards with `renfortctl mission update`. Pure, like
// import_volunteer_rows.h.
//
// Differences from CreateMission, because a file row cannot hold everything: the description
// may be empty, an in-person mission may come without its address, and the status (DRAFT,
// PENDING_REVIEW, PUBLISHED or PAUSED) and places_held are loaded as given.

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/import/import_references.h"
#include "storage/import/mission_import.h"
#include "tools/renfortctl/import_fields.h"

namespace renfort::ctl {

const ColumnSet& MissionColumnSet();

// The mission of `record`, or INVALID_ARGUMENT whose message is the reason to report.
// `now` stamps creation (and publication of a published mission) the file leaves out.
absl::StatusOr<storage::ImportedMission> MissionFromRecord(
    const CsvRecord& record, const CsvColumns& columns,
    const storage::ImportReferences& references, absl::Time now,
    const std::function<std::string()>& new_id);

}  // namespace renfort::ctl

#endif  // RENFORT_TOOLS_RENFORTCTL_IMPORT_MISSION_ROWS_H_
