#ifndef RENFORT_STORAGE_MISSIONS_MISSION_READER_H_
#define RENFORT_STORAGE_MISSIONS_MISSION_READER_H_

#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "renfort/v1/mission.pb.h"

namespace renfort::storage {

// The missions `ids` (canonical UUIDs) as full renfort.v1.Mission messages, in the order of
// `ids`; ids without a mission are skipped. A fixed number of queries whatever the count, so a
// search page costs the same as one mission.
std::vector<v1::Mission> ReadMissions(pqxx::transaction_base& txn,
                                      const std::vector<std::string>& ids);

// One mission, its row locked when `for_update`. NOT_FOUND when missing.
absl::StatusOr<v1::Mission> ReadMission(pqxx::transaction_base& txn, absl::string_view id,
                                        bool for_update);

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_MISSIONS_MISSION_READER_H_
