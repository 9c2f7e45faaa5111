#ifndef RENFORT_TOOLS_RENFORTCTL_IMPORT_CSV_H_
#define RENFORT_TOOLS_RENFORTCTL_IMPORT_CSV_H_

// The CSV dialect of `renfortctl import` (RFC 4180, as PostgreSQL's COPY ... CSV writes it and
// tools/datagen writes it): fields separated by commas, records ended by LF or CRLF, fields
// holding commas, quotes or line breaks quoted with "..." and inner quotes doubled. An unquoted
// empty field is absent (NULL); a quoted empty field "" is the empty text.
//
// The parser is pure and total: it takes bytes and returns records or a line-numbered error for
// a malformed record, never reads past its input and never crashes, whatever the bytes.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace renfort::ctl {

struct CsvField {
  std::string text;
  bool quoted = false;  // "" (empty text) rather than nothing (absent)
  bool absent() const { return text.empty() && !quoted; }
};

struct CsvRecord {
  int64_t line = 0;  // 1-based line of the file on which the record starts
  std::vector<CsvField> fields;
  // Why the record is malformed (e.g. kUnterminatedQuote); empty for a good record.
  std::string error;
};

// Cuts records off a buffer that may hold only the beginning of the input, so a file of any
// size streams through a fixed buffer.
class CsvParser {
 public:
  enum class Outcome {
    kRecord,    // *record holds the next record (check record->error: it may be malformed)
    kNeedMore,  // the buffer ends inside a record: call again with more input from *offset
    kEnd,       // no more records
  };

  // Parses the record starting at input[*offset] and advances *offset past it.
  // `input_complete` says the input ends with `input` (otherwise kNeedMore may be returned, and
  // *offset is left on the incomplete record's first byte). Blank lines are skipped. After a
  // malformed record parsing resumes on the next line, except for an unterminated quote, which
  // swallows the rest of the input.
  Outcome Next(std::string_view input, bool input_complete, size_t* offset, CsvRecord* record);

  // Line on which the next record starts.
  int64_t line() const { return line_; }

 private:
  int64_t line_ = 1;
};

// CsvRecord::error of a quoted field that never closes: it swallowed the rest of the input.
inline constexpr char kUnterminatedQuote[] = "unterminated quoted field";

// Every record of `bytes`, a whole input (what tests and the fuzz target use).
std::vector<CsvRecord> ParseCsv(std::string_view bytes);

// Whether `text` is well-formed UTF-8 without NUL bytes (what PostgreSQL accepts as text).
bool IsValidText(std::string_view text);

}  // namespace renfort::ctl

#endif  // RENFORT_TOOLS_RENFORTCTL_IMPORT_CSV_H_
