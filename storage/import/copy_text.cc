#include "storage/import/copy_text.h"

#include <charconv>

namespace renfort::storage {

void CopyText::Escaped(std::string_view text) {
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    char escape = 0;
    switch (c) {
      case '\\': escape = '\\'; break;
      case '\t': escape = 't'; break;
      case '\n': escape = 'n'; break;
      case '\r': escape = 'r'; break;
      default: continue;
    }
    buffer_.append(text.data() + start, i - start);
    buffer_ += '\\';
    buffer_ += escape;
    start = i + 1;
  }
  buffer_.append(text.data() + start, text.size() - start);
}

void CopyText::Text(std::string_view text) {
  Separate();
  Escaped(text);
}

void CopyText::Null() {
  Separate();
  buffer_ += "\\N";
}

namespace {

void AppendInt(std::string& buffer, int64_t value) {
  char text[24];
  const std::to_chars_result result = std::to_chars(text, text + sizeof(text), value);
  buffer.append(text, result.ptr);
}

}  // namespace

void CopyText::Int(int64_t value) {
  Separate();
  AppendInt(buffer_, value);
}

void CopyText::Double(double value) {
  Separate();
  char text[32];
  const std::to_chars_result result = std::to_chars(text, text + sizeof(text), value);
  buffer_.append(text, result.ptr);
}

void CopyText::Bool(bool value) {
  Separate();
  buffer_ += value ? 't' : 'f';
}

void CopyText::Date(int year, int month, int day) {
  Separate();
  if (year < 0 || year > 9999 || month < 0 || month > 99 || day < 0 || day > 99) {
    // Never after the checks; written plainly so that PostgreSQL refuses it by name.
    AppendInt(buffer_, year);
    buffer_ += '-';
    AppendInt(buffer_, month);
    buffer_ += '-';
    AppendInt(buffer_, day);
    return;
  }
  const char text[10] = {static_cast<char>('0' + year / 1000), static_cast<char>('0' + year / 100 % 10),
                         static_cast<char>('0' + year / 10 % 10), static_cast<char>('0' + year % 10),
                         '-', static_cast<char>('0' + month / 10 % 10),
                         static_cast<char>('0' + month % 10), '-',
                         static_cast<char>('0' + day / 10 % 10), static_cast<char>('0' + day % 10)};
  buffer_.append(text, sizeof(text));
}

namespace {

// Appends `value` as exactly `digits` decimal digits (value < 10^digits).
void AppendDigits(std::string& buffer, int64_t value, int digits) {
  char text[8];
  for (int i = digits - 1; i >= 0; --i) {
    text[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  buffer.append(text, digits);
}

}  // namespace

void CopyText::Timestamp(int64_t unix_micros) {
  constexpr int64_t kMicrosPerDay = int64_t{86400} * 1000000;
  int64_t days = unix_micros / kMicrosPerDay;
  int64_t in_day = unix_micros % kMicrosPerDay;
  if (in_day < 0) {
    in_day += kMicrosPerDay;
    --days;
  }
  // The civil date of a day count (H. Hinnant's civil_from_days).
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t day_of_era = z - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t shifted_month = (5 * day_of_year + 2) / 153;
  const int64_t day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
  const int64_t month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
  const int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  Date(static_cast<int>(year), static_cast<int>(month), static_cast<int>(day));
  buffer_ += ' ';
  const int64_t seconds = in_day / 1000000;
  AppendDigits(buffer_, seconds / 3600, 2);
  buffer_ += ':';
  AppendDigits(buffer_, seconds / 60 % 60, 2);
  buffer_ += ':';
  AppendDigits(buffer_, seconds % 60, 2);
  buffer_ += '.';
  AppendDigits(buffer_, in_day % 1000000, 6);
  buffer_ += "+00";
}

void CopyText::ArrayItem(std::string_view item) {
  bool plain = !item.empty() && item != "NULL" && item != "null";
  for (char c : item) {
    const bool letter_or_digit = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                 (c >= '0' && c <= '9');
    if (!letter_or_digit && c != '_' && c != '-') plain = false;
  }
  if (plain) {
    buffer_.append(item);
    return;
  }
  // Array syntax first ("..." with \ before " and \), then COPY's escaping of the result.
  std::string quoted = "\"";
  for (char c : item) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  quoted += '"';
  Escaped(quoted);
}

void CopyText::EndRow() {
  buffer_ += '\n';
  fields_ = 0;
}

void CopyText::Clear() {
  buffer_.clear();
  fields_ = 0;
}

}  // namespace renfort::storage
