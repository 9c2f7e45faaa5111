#ifndef RENFORT_STORAGE_IMPORT_VOLUNTEER_EVENTS_H_
#define RENFORT_STORAGE_IMPORT_VOLUNTEER_EVENTS_H_

// The outbox events of a volunteers import, whichever way its rows were loaded: one
// volunteer.imported per 1,000 loaded volunteers (volunteer_import.h says why).

#include <cstdint>
#include <pqxx/transaction>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"

namespace renfort::storage {

// The ids (in file order) of the rows handed to the database, and their lines.
class ImportedIds {
 public:
  // Non-OK when `id` is not a 36-character UUID (never after the checks).
  absl::Status Add(const std::string& id, int64_t line);
  // Appends the events of the rows added, in order, less those whose line is in `refused`.
  void AppendEvents(pqxx::transaction_base& txn, const absl::flat_hash_set<int64_t>& refused) const;

 private:
  std::string ids_;  // 36 characters each, concatenated
  std::vector<int64_t> lines_;
};

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_IMPORT_VOLUNTEER_EVENTS_H_
