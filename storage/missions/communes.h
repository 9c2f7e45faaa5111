#ifndef RENFORT_STORAGE_MISSIONS_COMMUNES_H_
#define RENFORT_STORAGE_MISSIONS_COMMUNES_H_

#include <pqxx/transaction_base>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "renfort/v1/common.pb.h"

namespace renfort::storage {

// The commune `insee_code` from the reference table, with its name, département and centroid.
// INVALID_ARGUMENT naming `field` ("mission.addresses[0].commune.insee_code") when unknown.
absl::StatusOr<v1::Commune> ResolveCommune(pqxx::transaction_base& txn,
                                           absl::string_view insee_code, absl::string_view field);

// The IANA time zone of département `department_code` (departments.time_zone), e.g.
// "Indian/Reunion". INVALID_ARGUMENT naming `field` for an unknown département.
absl::StatusOr<std::string> DepartmentTimeZone(pqxx::transaction_base& txn,
                                               absl::string_view department_code,
                                               absl::string_view field);

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_MISSIONS_COMMUNES_H_
