#ifndef RENFORT_STORAGE_PG_ERRORS_H_
#define RENFORT_STORAGE_PG_ERRORS_H_

#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"

namespace renfort::storage {

// Maps the exception being handled (libpqxx or standard) to a Status, once, at the storage
// boundary. Call only from inside a `catch` block. `context` says what was being done
// ("applying migration 3"). The message keeps only the first line of PostgreSQL's error: its
// DETAIL lines can quote row values, which may be personal data.
//   unique violation          -> ALREADY_EXISTS
//   check / not-null / FK / exclusion violation, bad input syntax -> INVALID_ARGUMENT
//   serialization failure, deadlock -> ABORTED (retry the transaction)
//   statement timeout, cancel  -> DEADLINE_EXCEEDED
//   broken connection          -> UNAVAILABLE (retry the call)
//   anything else              -> INTERNAL
absl::Status StatusFromCurrentException(absl::string_view context);

// `url` with any password replaced by "***", safe to print.
std::string RedactUrl(absl::string_view url);

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_PG_ERRORS_H_
