#include "storage/volunteers/sql_values.h"

#include <google/protobuf/util/time_util.h>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

namespace renfort::storage {

std::string TimestampText(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E6S+00:00", time, absl::UTCTimeZone());
}

std::optional<std::string> DateText(const renfort::v1::Date& date) {
  if (date.year() == 0) return std::nullopt;
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
}

renfort::v1::Date DateFromText(const std::string& text) {
  renfort::v1::Date date;
  std::vector<std::string> parts = absl::StrSplit(text, '-');
  int year = 0, month = 0, day = 0;
  if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &year) ||
      !absl::SimpleAtoi(parts[1], &month) || !absl::SimpleAtoi(parts[2], &day)) {
    return date;
  }
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

std::string ArrayLiteral(const std::vector<std::string>& values) {
  std::string literal = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) literal += ',';
    literal += '"';
    for (const char c : values[i]) {
      if (c == '"' || c == '\\') literal += '\\';
      literal += c;
    }
    literal += '"';
  }
  literal += '}';
  return literal;
}

std::string VolunteerStatusName(renfort::v1::VolunteerStatus status) {
  switch (status) {
    case renfort::v1::VOLUNTEER_STATUS_ACTIVE: return "ACTIVE";
    case renfort::v1::VOLUNTEER_STATUS_PAUSED: return "PAUSED";
    case renfort::v1::VOLUNTEER_STATUS_DELETED: return "DELETED";
    default: return "";
  }
}

renfort::v1::VolunteerStatus VolunteerStatusFromName(absl::string_view name) {
  if (name == "ACTIVE") return renfort::v1::VOLUNTEER_STATUS_ACTIVE;
  if (name == "PAUSED") return renfort::v1::VOLUNTEER_STATUS_PAUSED;
  if (name == "DELETED") return renfort::v1::VOLUNTEER_STATUS_DELETED;
  return renfort::v1::VOLUNTEER_STATUS_UNSPECIFIED;
}

}  // namespace renfort::storage
