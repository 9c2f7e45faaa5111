#ifndef RENFORT_STORAGE_VOLUNTEERS_SQL_VALUES_H_
#define RENFORT_STORAGE_VOLUNTEERS_SQL_VALUES_H_

// Conversions between the renfort.v1 value types and the text forms PostgreSQL reads and writes,
// for the volunteer stores. Timestamps travel as ISO 8601 text in UTC with microseconds, dates as
// "YYYY-MM-DD", arrays as array literals: all exact, none depending on the session's settings.

#include <google/protobuf/timestamp.pb.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "renfort/v1/common.pb.h"
#include "renfort/v1/volunteer.pb.h"
#include "storage/sql_values.h"

namespace renfort::storage {

// "2026-12-01T22:30:00.000000+00:00", for a `$n::timestamptz` parameter.
std::string TimestampText(absl::Time time);
template <typename MutableField>
void SetTimestampFromMicros(std::optional<int64_t> micros, MutableField mutable_field) {
  if (micros.has_value()) *mutable_field() = TimestampFromMicros(*micros);
}

// "2026-12-01", for a `$n::date` parameter; std::nullopt for an unset date (year 0).
std::optional<std::string> DateText(const renfort::v1::Date& date);
// Parses the text of a `date` column ("2026-12-01") into the field `mutable_field()` returns;
// NULL leaves the field unset (not even created).
renfort::v1::Date DateFromText(const std::string& text);
template <typename MutableField>
void SetDateFromText(const std::optional<std::string>& text, MutableField mutable_field) {
  if (text.has_value()) *mutable_field() = DateFromText(*text);
}

// A PostgreSQL array literal ({"a","b"}) for a `$n::text[]` or `$n::uuid[]` parameter; the
// values are quoted and escaped, so any text is safe.
std::string ArrayLiteral(const std::vector<std::string>& values);


// VolunteerStatus <-> volunteers.status ("ACTIVE", "PAUSED", "DELETED").
std::string VolunteerStatusName(renfort::v1::VolunteerStatus status);
renfort::v1::VolunteerStatus VolunteerStatusFromName(absl::string_view name);

// Micro-seconds since the epoch of a timestamptz column, as the SQL fragment reads it.
#define RENFORT_MICROS(column) "(extract(epoch from " column ") * 1000000)::bigint"

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_VOLUNTEERS_SQL_VALUES_H_
