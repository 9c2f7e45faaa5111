#ifndef RENFORT_STORAGE_IMPORT_COPY_TEXT_H_
#define RENFORT_STORAGE_IMPORT_COPY_TEXT_H_

// Rows in PostgreSQL's COPY text format (tab-separated fields, \N for NULL, backslash escapes),
// appended to one buffer that a bulk import sends a block at a time: libpqxx's per-row
// conversion (a tuple of strings, one std::string per field and per row, one PQputCopyData per
// row) was the largest cost of reading a large file.

#include <cstdint>
#include <string>
#include <string_view>

namespace renfort::storage {

class CopyText {
 public:
  // Fields of the current row, in the COPY's column order.
  void Text(std::string_view text);  // escaped as COPY text requires
  void Null();
  void TextOrNull(std::string_view text) { text.empty() ? Null() : Text(text); }
  void Int(int64_t value);
  void Double(double value);  // the shortest text that reads back as the same double
  void Bool(bool value);
  void Date(int year, int month, int day);  // YYYY-MM-DD
  // A timestamptz in UTC with microseconds ("2026-12-01 12:00:00.000000+00"), written by hand:
  // absl::FormatTime, four instants per row, showed in the importer's profile.
  void Timestamp(int64_t unix_micros);
  // A text[] literal of `count` items, `item(i)` each; items made of letters, digits, '_' and
  // '-' only go unquoted, others are quoted for the array syntax.
  template <typename Item>
  void TextArray(int count, Item item) {
    Separate();
    buffer_ += '{';
    for (int i = 0; i < count; ++i) {
      if (i > 0) buffer_ += ',';
      ArrayItem(item(i));
    }
    buffer_ += '}';
  }
  void EndRow();

  // The rows ended so far (each ending with '\n').
  const std::string& rows() const { return buffer_; }
  size_t size() const { return buffer_.size(); }
  void Clear();

 private:
  void Separate() {
    if (fields_++ > 0) buffer_ += '\t';
  }
  void Escaped(std::string_view text);
  void ArrayItem(std::string_view item);

  std::string buffer_;
  int fields_ = 0;
};

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_IMPORT_COPY_TEXT_H_
