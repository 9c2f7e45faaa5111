#include "storage/import/import_references.h"

#include <pqxx/pqxx>

#include "storage/pg/errors.h"

namespace renfort::storage {
namespace {

constexpr char kCommunes[] =
    "SELECT insee_code, name, department_code, latitude, longitude FROM communes";
constexpr char kDepartments[] = "SELECT code FROM departments";
constexpr char kSkills[] = "SELECT slug FROM skills";
constexpr char kActivities[] = "SELECT slug FROM activities";

void ReadSlugs(pqxx::transaction_base& txn, const char* query,
               absl::flat_hash_set<std::string>& into) {
  for (const pqxx::row& row : txn.exec(query)) into.insert(row[0].as<std::string>());
}

}  // namespace

absl::StatusOr<ImportReferences> LoadImportReferences(pqxx::connection& connection) {
  ImportReferences references;
  try {
    pqxx::read_transaction txn(connection);
    const pqxx::result communes = txn.exec(kCommunes);
    references.communes.reserve(communes.size());
    for (const pqxx::row& row : communes) {
      references.communes.emplace(
          row[0].as<std::string>(),
          CommuneReference{row[1].as<std::string>(), row[2].as<std::string>(),
                           row[3].as<double>(), row[4].as<double>()});
    }
    ReadSlugs(txn, kDepartments, references.departments);
    ReadSlugs(txn, kSkills, references.skills);
    ReadSlugs(txn, kActivities, references.activities);
  } catch (...) {
    return StatusFromCurrentException("reading the reference tables");
  }
  if (references.communes.empty()) {
    return absl::FailedPreconditionError(
        "the communes reference table is empty: load it first with renfort-migrate "
        "--communes_csv=data/communes.csv");
  }
  return references;
}

}  // namespace renfort::storage
