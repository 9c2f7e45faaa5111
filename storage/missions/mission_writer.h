#ifndef RENFORT_STORAGE_MISSIONS_MISSION_WRITER_H_
#define RENFORT_STORAGE_MISSIONS_MISSION_WRITER_H_

#include <pqxx/transaction_base>
#include <string>

#include "absl/status/status.h"
#include "renfort/v1/mission.pb.h"
#include "renfort/v1/organisation.pb.h"

namespace renfort::storage {

// Writes the input fields of `mission` (already validated by the service, with start_date and
// end_date derived from its schedule) for `organisation`: inserts a new DRAFT mission when `id`
// is empty and sets it, otherwise replaces the content of mission `id` (status untouched).
// Derives what the API leaves to the server: each address's commune, département and location
// (INVALID_ARGUMENT "mission.addresses[i]..." for an unknown commune or when the addresses
// span several départements), the mission's département (the organisation's for a REMOTE
// mission), and each dated slot's instants in the département's time zone. Unknown activity or
// skill slugs are INVALID_ARGUMENT naming the field.
absl::Status WriteMission(pqxx::transaction_base& txn, const v1::Mission& mission,
                          const v1::Organisation& organisation, std::string& id);

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_MISSIONS_MISSION_WRITER_H_
