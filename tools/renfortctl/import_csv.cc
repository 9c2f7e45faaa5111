#include "tools/renfortctl/import_csv.h"

#include <algorithm>

namespace renfort::ctl {
namespace {

// How a record in progress ended.
enum class Stop { kRecordEnd, kInputEnd, kNeedMore, kMalformed };

struct Cursor {
  std::string_view input;
  bool complete;
  size_t at;
  int64_t newlines = 0;  // line breaks consumed inside the record, terminator included
};

// Consumes a record terminator at c.at if there is one: LF or CRLF.
// Returns kRecordEnd, kInputEnd, kNeedMore (a lone CR at the end of incomplete input), or
// kMalformed when the next byte is no terminator (the caller handles ',').
Stop ConsumeTerminator(Cursor& c) {
  if (c.at == c.input.size()) return c.complete ? Stop::kInputEnd : Stop::kNeedMore;
  if (c.input[c.at] == '\n') {
    ++c.at;
    ++c.newlines;
    return Stop::kRecordEnd;
  }
  if (c.input[c.at] == '\r') {
    if (c.at + 1 == c.input.size()) return c.complete ? Stop::kMalformed : Stop::kNeedMore;
    if (c.input[c.at + 1] == '\n') {
      c.at += 2;
      ++c.newlines;
      return Stop::kRecordEnd;
    }
  }
  return Stop::kMalformed;
}

// Skips to just after the end of the current line (resynchronising after a malformed record).
// kNeedMore when the line does not end within incomplete input.
Stop SkipLine(Cursor& c) {
  const size_t newline = c.input.find('\n', c.at);
  if (newline == std::string_view::npos) {
    if (!c.complete) return Stop::kNeedMore;
    c.at = c.input.size();
    return Stop::kInputEnd;
  }
  c.at = newline + 1;
  ++c.newlines;
  return Stop::kRecordEnd;
}

// Reads a quoted field whose opening quote is at c.at.
Stop ReadQuoted(Cursor& c, CsvField& field, std::string& error) {
  field.quoted = true;
  ++c.at;
  while (true) {
    const size_t quote = c.input.find('"', c.at);
    if (quote == std::string_view::npos) {
      if (!c.complete) return Stop::kNeedMore;
      c.newlines += std::count(c.input.begin() + c.at, c.input.end(), '\n');
      c.at = c.input.size();
      error = kUnterminatedQuote;
      return Stop::kMalformed;
    }
    const std::string_view part = c.input.substr(c.at, quote - c.at);
    c.newlines += std::count(part.begin(), part.end(), '\n');
    field.text.append(part.data(), part.size());
    c.at = quote + 1;
    if (c.at == c.input.size()) return c.complete ? Stop::kInputEnd : Stop::kNeedMore;
    if (c.input[c.at] != '"') return Stop::kRecordEnd;  // closing quote: the field is done
    field.text += '"';
    ++c.at;
  }
}

// Reads an unquoted field starting at c.at, up to (not including) its delimiter.
Stop ReadUnquoted(Cursor& c, CsvField& field, std::string& error) {
  size_t end = c.at;
  while (end < c.input.size()) {
    const char byte = c.input[end];
    if (byte == ',' || byte == '\n' || byte == '\r') break;
    if (byte == '"') {
      error = "quote inside an unquoted field (quote the whole field and double inner quotes)";
      c.at = end;
      return Stop::kMalformed;
    }
    ++end;
  }
  if (end == c.input.size() && !c.complete) return Stop::kNeedMore;
  field.text.assign(c.input.data() + c.at, end - c.at);
  c.at = end;
  return end == c.input.size() ? Stop::kInputEnd : Stop::kRecordEnd;
}

// Reads the fields of one record; the cursor is on its first byte.
Stop ReadRecord(Cursor& c, CsvRecord& record) {
  while (true) {
    record.fields.emplace_back();
    CsvField& field = record.fields.back();
    Stop stop;
    if (c.at < c.input.size() && c.input[c.at] == '"') {
      stop = ReadQuoted(c, field, record.error);
      if (stop == Stop::kRecordEnd && c.input[c.at] != ',' && c.input[c.at] != '\n' &&
          c.input[c.at] != '\r') {
        record.error = "unexpected character after a closing quote";
        stop = Stop::kMalformed;
      }
    } else if (c.at == c.input.size()) {
      stop = c.complete ? Stop::kInputEnd : Stop::kNeedMore;
    } else {
      stop = ReadUnquoted(c, field, record.error);
    }
    if (stop != Stop::kRecordEnd) return stop;
    if (c.input[c.at] == ',') {
      ++c.at;
      continue;
    }
    stop = ConsumeTerminator(c);
    if (stop == Stop::kMalformed) {
      record.error = "carriage return inside an unquoted field";
    }
    return stop;
  }
}

}  // namespace

CsvParser::Outcome CsvParser::Next(std::string_view input, bool input_complete, size_t* offset,
                                   CsvRecord* record) {
  // Blank lines carry no record.
  while (*offset < input.size()) {
    if (input[*offset] == '\n') {
      ++*offset;
      ++line_;
    } else if (input[*offset] == '\r' && *offset + 1 < input.size() &&
               input[*offset + 1] == '\n') {
      *offset += 2;
      ++line_;
    } else if (input[*offset] == '\r' && *offset + 1 == input.size() && !input_complete) {
      return Outcome::kNeedMore;
    } else {
      break;
    }
  }
  if (*offset >= input.size()) return input_complete ? Outcome::kEnd : Outcome::kNeedMore;

  record->line = line_;
  record->fields.clear();
  record->error.clear();
  Cursor cursor{input, input_complete, *offset};
  Stop stop = ReadRecord(cursor, *record);
  if (stop == Stop::kMalformed && cursor.at < input.size()) {
    // Resynchronise on the next line; an unterminated quote has consumed everything already.
    stop = SkipLine(cursor);
  }
  if (stop == Stop::kNeedMore) return Outcome::kNeedMore;
  *offset = cursor.at;
  line_ += cursor.newlines;
  return Outcome::kRecord;
}

std::vector<CsvRecord> ParseCsv(std::string_view bytes) {
  std::vector<CsvRecord> records;
  CsvParser parser;
  size_t offset = 0;
  CsvRecord record;
  while (parser.Next(bytes, /*input_complete=*/true, &offset, &record) ==
         CsvParser::Outcome::kRecord) {
    records.push_back(record);
  }
  return records;
}

bool IsValidText(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char lead = static_cast<unsigned char>(text[i]);
    if (lead == 0) return false;
    if (lead < 0x80) {
      ++i;
      continue;
    }
    size_t length;
    unsigned int code;
    if ((lead & 0xE0) == 0xC0) {
      length = 2;
      code = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      code = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      code = lead & 0x07;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      const unsigned char next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    // Overlong forms, surrogates and values beyond Unicode are not UTF-8.
    const unsigned int minimum = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
    if (code < minimum || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    i += length;
  }
  return true;
}

}  // namespace renfort::ctl
