#include "storage/missions/communes.h"

#include <pqxx/pqxx>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace renfort::storage {
namespace {

constexpr char kSelectCommune[] = R"sql(
  SELECT name, department_code, latitude, longitude FROM communes WHERE insee_code = $1)sql";

constexpr char kSelectTimeZone[] = R"sql(
  SELECT time_zone FROM departments WHERE code = $1)sql";

}  // namespace

absl::StatusOr<v1::Commune> ResolveCommune(pqxx::transaction_base& txn,
                                           absl::string_view insee_code, absl::string_view field) {
  const pqxx::result rows = txn.exec_params(kSelectCommune, std::string(insee_code));
  if (rows.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": unknown INSEE commune code \"", insee_code, "\""));
  }
  v1::Commune commune;
  commune.set_insee_code(std::string(insee_code));
  commune.set_name(rows[0][0].as<std::string>());
  commune.set_department_code(rows[0][1].as<std::string>());
  commune.mutable_centroid()->set_latitude(rows[0][2].as<double>());
  commune.mutable_centroid()->set_longitude(rows[0][3].as<double>());
  return commune;
}

absl::StatusOr<std::string> DepartmentTimeZone(pqxx::transaction_base& txn,
                                               absl::string_view department_code,
                                               absl::string_view field) {
  const pqxx::result rows = txn.exec_params(kSelectTimeZone, std::string(department_code));
  if (rows.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": unknown département \"", department_code, "\""));
  }
  return rows[0][0].as<std::string>();
}

}  // namespace renfort::storage
