#include "storage/matching/row_values.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace renfort::storage {

bool IsCanonicalUuid(absl::string_view text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!absl::ascii_isxdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

std::string UuidArrayLiteral(const std::vector<std::string>& ids) {
  std::vector<absl::string_view> valid;
  valid.reserve(ids.size());
  for (const std::string& id : ids) {
    if (IsCanonicalUuid(id)) valid.push_back(id);
  }
  return absl::StrCat("{", absl::StrJoin(valid, ","), "}");
}

bool ParseSqlDate(absl::string_view text, renfort::v1::Date& date) {
  int year = 0, month = 0, day = 0;
  if (text.size() != 10 || !absl::SimpleAtoi(text.substr(0, 4), &year) ||
      !absl::SimpleAtoi(text.substr(5, 2), &month) || !absl::SimpleAtoi(text.substr(8, 2), &day)) {
    return false;
  }
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return true;
}

std::string SqlDate(const renfort::v1::Date& date) {
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
}

std::string SqlInstant(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%E6S+00", time, absl::UTCTimeZone());
}

}  // namespace renfort::storage
