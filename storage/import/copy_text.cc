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
