#include "services/common/validation.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"

namespace renfort::services {

bool IsUuid(absl::string_view value) {
  if (value.size() != 36) return false;
  for (size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!absl::ascii_isdigit(c) && !(c >= 'a' && c <= 'f')) {
      return false;
    }
  }
  return true;
}

size_t Utf8Length(absl::string_view text) {
  size_t length = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++length;
  }
  return length;
}

bool FieldChecker::Expect(bool ok, absl::string_view field, absl::string_view message) {
  if (!ok && status_.ok()) status_ = absl::InvalidArgumentError(absl::StrCat(field, ": ", message));
  return ok;
}

bool FieldChecker::Required(absl::string_view field, absl::string_view value) {
  return Expect(!value.empty(), field, "is required");
}

bool FieldChecker::Uuid(absl::string_view field, absl::string_view value) {
  if (!Required(field, value)) return false;
  return Expect(IsUuid(value), field, absl::StrCat("must be a lowercase UUID, got '", value, "'"));
}

bool FieldChecker::Range(absl::string_view field, int64_t value, int64_t min, int64_t max) {
  return Expect(value >= min && value <= max, field,
                absl::StrCat("must be between ", min, " and ", max, ", got ", value));
}

bool FieldChecker::Length(absl::string_view field, absl::string_view value, size_t min,
                          size_t max) {
  const size_t length = Utf8Length(value);
  if (min > 0 && length == 0) return Required(field, value);
  return Expect(length >= min && length <= max, field,
                absl::StrCat("must have between ", min, " and ", max, " characters, got ", length));
}

bool FieldChecker::Email(absl::string_view field, absl::string_view value) {
  if (!Required(field, value)) return false;
  // Deliberately simple (one '@', a dot in the domain, no spaces); the real check is the
  // confirmation mail the platform sends.
  const size_t at = value.find('@');
  const bool ok = value.size() <= 254 && at != absl::string_view::npos && at > 0 &&
                  value.find('@', at + 1) == absl::string_view::npos &&
                  value.find('.', at + 2) != absl::string_view::npos && value.back() != '.' &&
                  value.find_first_of(" \t\r\n") == absl::string_view::npos;
  return Expect(ok, field, "must be an email address like name@example.org");
}

bool FieldChecker::ValidDate(absl::string_view field, const renfort::v1::Date& date) {
  const absl::CivilDay day(date.year(), date.month(), date.day());
  const bool ok = date.year() >= 1900 && date.year() <= 9999 && day.year() == date.year() &&
                  day.month() == date.month() && day.day() == date.day();
  return Expect(ok, field,
                absl::StrCat("must be a real date, got ", date.year(), "-", date.month(), "-",
                             date.day()));
}

}  // namespace renfort::services
