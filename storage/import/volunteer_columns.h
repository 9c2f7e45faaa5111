#ifndef RENFORT_STORAGE_IMPORT_VOLUNTEER_COLUMNS_H_
#define RENFORT_STORAGE_IMPORT_VOLUNTEER_COLUMNS_H_

// The COPY text of an imported volunteer's profile, shared by the two ways a volunteers import
// loads its rows (the staging table and the COPY straight into volunteers): both tables take
// these columns in this order, then differ in how they carry instants, domains and skills.

#include <cstdint>

#include "google/protobuf/timestamp.pb.h"
#include "storage/import/copy_text.h"
#include "storage/import/volunteer_import.h"

namespace renfort::storage {

// Appends id, first_name, last_name, email, phone, birth_date, home_commune_insee_code,
// latitude, longitude, department_code, max_travel_km, accepts_in_person, accepts_remote,
// available_from, available_until and status (ACTIVE or PAUSED) to `row`.
void AppendVolunteerProfile(const ImportedVolunteer& imported, CopyText& row);

// Microseconds since the Unix epoch, as the instants are sent.
int64_t UnixMicros(const google::protobuf::Timestamp& timestamp);

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_IMPORT_VOLUNTEER_COLUMNS_H_
