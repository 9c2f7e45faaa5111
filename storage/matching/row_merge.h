#ifndef RENFORT_STORAGE_MATCHING_ROW_MERGE_H_
#define RENFORT_STORAGE_MATCHING_ROW_MERGE_H_

#include <pqxx/pqxx>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "renfort/v1/common.pb.h"

namespace renfort::storage {

// Helpers of the matching reads that merge rows of child tables into messages read before.

// The message whose id is the row's field, or nullptr.
template <typename T>
T* Find(absl::flat_hash_map<std::string, T*>& by_id, const pqxx::field& id) {
  auto it = by_id.find(id.c_str());
  return it == by_id.end() ? nullptr : it->second;
}

inline void AddWeeklySlot(const pqxx::row& row,
                          google::protobuf::RepeatedPtrField<renfort::v1::WeeklySlot>& slots) {
  renfort::v1::WeeklySlot& slot = *slots.Add();
  slot.set_weekday(static_cast<renfort::v1::Weekday>(row[1].as<int>()));
  slot.set_start_minute(row[2].as<int>());
  slot.set_end_minute(row[3].as<int>());
}

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_MATCHING_ROW_MERGE_H_
