#ifndef RENFORT_STORAGE_MATCHING_ROW_VALUES_H_
#define RENFORT_STORAGE_MATCHING_ROW_VALUES_H_

#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "renfort/v1/common.pb.h"
#include "storage/sql_values.h"

namespace renfort::storage {

// Conversions between SQL column values and renfort.v1 fields, for the matching reads and the
// invitations store. Queries select dates as text ('2026-06-13'), instants as Unix
// microseconds (bigint) and enumerations as their schema names.

// Whether `text` is a UUID in its canonical 8-4-4-4-12 hexadecimal form.
bool IsCanonicalUuid(absl::string_view text);

// A PostgreSQL uuid[] literal of the ids that are canonical UUIDs; others are left out (they
// cannot match a row anyway).
std::string UuidArrayLiteral(const std::vector<std::string>& ids);

// '2026-06-13' → Date; an empty text leaves `date` unset (returns false).
bool ParseSqlDate(absl::string_view text, renfort::v1::Date& date);
// Date → '2026-06-13'.
std::string SqlDate(const renfort::v1::Date& date);

// An instant as a timestamptz literal in UTC, for parameters.
std::string SqlInstant(absl::Time time);


}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_MATCHING_ROW_VALUES_H_
