#ifndef RENFORT_STORAGE_IMPORT_IMPORT_REFERENCES_H_
#define RENFORT_STORAGE_IMPORT_IMPORT_REFERENCES_H_

// The reference tables a bulk import checks every row against, read once into memory so that
// a million rows are checked without a query each (the stores check them row by row instead).

#include <pqxx/connection>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"

namespace renfort::storage {

struct CommuneReference {
  std::string name;
  std::string department_code;
  double latitude = 0;
  double longitude = 0;
};

struct ImportReferences {
  absl::flat_hash_map<std::string, CommuneReference> communes;  // by INSEE code
  absl::flat_hash_set<std::string> departments;                 // codes
  absl::flat_hash_set<std::string> skills;                      // slugs
  absl::flat_hash_set<std::string> activities;                  // slugs
};

// Reads communes, départements, skills and activities. UNAVAILABLE when PostgreSQL cannot be
// reached; FAILED_PRECONDITION when the communes were never loaded (renfort-migrate does it).
absl::StatusOr<ImportReferences> LoadImportReferences(pqxx::connection& connection);

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_IMPORT_IMPORT_REFERENCES_H_
