#ifndef RENFORT_STORAGE_REFERENCE_DATA_H_
#define RENFORT_STORAGE_REFERENCE_DATA_H_

#include <pqxx/connection>
#include <string>

#include "absl/status/statusor.h"

namespace renfort::storage {

// Loads the French communes from `csv_path` (data/communes.csv: insee_code, nom, code_postal,
// codes_postaux, departement_code, latitude, longitude, population, ...) into the `communes`
// reference table, in one transaction, through COPY. Rows already present are updated, so it is
// safe to run again (e.g. when a new edition of the file is shipped). Returns the number of rows.
// INVALID_ARGUMENT naming the file and line for a malformed file; nothing is loaded then.
absl::StatusOr<int> LoadCommunes(pqxx::connection& connection, const std::string& csv_path);

// Number of rows in `communes`; 0 means the reference data was never loaded.
absl::StatusOr<int> CountCommunes(pqxx::connection& connection);

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_REFERENCE_DATA_H_
