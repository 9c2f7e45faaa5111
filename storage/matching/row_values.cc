#include "storage/matching/row_values.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace renfort::storage {
namespace {

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

}  // namespace

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

google::protobuf::Timestamp TimestampFromMicros(int64_t micros) {
  google::protobuf::Timestamp timestamp;
  int64_t seconds = micros / 1'000'000;
  int64_t rest = micros % 1'000'000;
  if (rest < 0) {
    rest += 1'000'000;
    --seconds;
  }
  timestamp.set_seconds(seconds);
  timestamp.set_nanos(static_cast<int32_t>(rest * 1000));
  return timestamp;
}

absl::Time TimeFromTimestamp(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
}

std::string SqlInstant(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%E6S+00", time, absl::UTCTimeZone());
}

renfort::v1::Domain DomainFromSlug(absl::string_view slug) {
  renfort::v1::Domain domain = renfort::v1::DOMAIN_UNSPECIFIED;
  if (slug.empty()) return domain;
  if (!renfort::v1::Domain_Parse(absl::StrCat("DOMAIN_", absl::AsciiStrToUpper(slug)), &domain)) {
    return renfort::v1::DOMAIN_UNSPECIFIED;
  }
  return domain;
}

renfort::v1::Format FormatFromName(absl::string_view name) {
  renfort::v1::Format format = renfort::v1::FORMAT_UNSPECIFIED;
  if (!renfort::v1::Format_Parse(absl::StrCat("FORMAT_", name), &format)) {
    return renfort::v1::FORMAT_UNSPECIFIED;
  }
  return format;
}

}  // namespace renfort::storage
