#ifndef RENFORT_TOOLS_RENFORTCTL_IMPORT_VOLUNTEER_ROWS_H_
#define RENFORT_TOOLS_RENFORTCTL_IMPORT_VOLUNTEER_ROWS_H_

// Rows of a volunteers import file -> volunteers to load, checked with RegisterVolunteer's
// rules (services/volunteers/volunteer_validation.h: names, email, phone, age >= 16,
// preferences, availability) and against the reference tables (commune, département, skills,
// domains). Pure: the reference data, the clock and the id source come in as arguments.
//
// Columns (header names; any order): those tools/datagen writes to volunteers.csv — id,
// first_name, last_name, email, birth_date, home_commune_insee_code, latitude, longitude,
// department_code, max_travel_km, accepts_in_person, accepts_remote, available_from,
// available_until, status, terms_accepted_at, data_processing_consented_at, last_active_at,
// created_at — plus phone, domains and skills (slugs separated by ';'). Required: first_name,
// last_name, email, birth_date, home_commune_insee_code; docs/renfortctl.md gives the defaults.

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/import/import_references.h"
#include "storage/import/volunteer_import.h"
#include "tools/renfortctl/import_fields.h"

namespace renfort::ctl {

const ColumnSet& VolunteerColumnSet();

// The volunteer of `record` (line number kept), or INVALID_ARGUMENT / FAILED_PRECONDITION
// whose message is the reason to report ("volunteer.email: must be an email address ...").
// `now` stamps what the file leaves out (terms, activity and creation times) and gives the date
// on which the minimum age is checked; `new_id` names a volunteer the file gives no id.
absl::StatusOr<storage::ImportedVolunteer> VolunteerFromRecord(
    const CsvRecord& record, const CsvColumns& columns,
    const storage::ImportReferences& references, absl::Time now,
    const std::function<std::string()>& new_id);

// The same into `*into`, whose memory is reused from one row to the next (a large file then
// costs no allocation per field); *into is only meaningful when OK is returned.
absl::Status VolunteerFromRecord(const CsvRecord& record, const CsvColumns& columns,
                                 const storage::ImportReferences& references, absl::Time now,
                                 const std::function<std::string()>& new_id,
                                 storage::ImportedVolunteer* into);

}  // namespace renfort::ctl

#endif  // RENFORT_TOOLS_RENFORTCTL_IMPORT_VOLUNTEER_ROWS_H_
