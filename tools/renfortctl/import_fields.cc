#include "tools/renfortctl/import_fields.h"

#include <cerrno>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "tools/renfortctl/flags.h"

namespace renfort::ctl {
namespace {

absl::Status BadField(absl::string_view column, absl::string_view expected, absl::string_view text) {
  return absl::InvalidArgumentError(
      absl::StrCat(column, ": expected ", expected, ", got '", text.substr(0, 80), "'"));
}

}  // namespace

absl::StatusOr<CsvColumns> CsvColumns::FromHeader(const CsvRecord& header, const ColumnSet& set) {
  if (!header.error.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("header (line ", header.line, "): ", header.error));
  }
  CsvColumns columns;
  columns.positions_.assign(set.names.size(), -1);
  columns.width_ = header.fields.size();
  for (size_t i = 0; i < header.fields.size(); ++i) {
    const std::string name(absl::StripAsciiWhitespace(header.fields[i].text));
    int column = -1;
    for (size_t k = 0; k < set.names.size(); ++k) {
      if (set.names[k] == name) column = static_cast<int>(k);
    }
    if (column < 0) {
      return absl::InvalidArgumentError(absl::StrCat("header: unknown column '", name,
                                                     "'; the columns are ",
                                                     absl::StrJoin(set.names, ",")));
    }
    if (columns.positions_[column] >= 0) {
      return absl::InvalidArgumentError(absl::StrCat("header: column '", name, "' appears twice"));
    }
    columns.positions_[column] = static_cast<int>(i);
  }
  std::vector<std::string> missing;
  for (const std::string& name : set.required) {
    for (size_t k = 0; k < set.names.size(); ++k) {
      if (set.names[k] == name && columns.positions_[k] < 0) missing.push_back(name);
    }
  }
  if (!missing.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("header: missing required column(s) ", absl::StrJoin(missing, ",")));
  }
  return columns;
}

const CsvField* CsvColumns::Find(const CsvRecord& record, int column) const {
  const int position = positions_[column];
  if (position < 0 || static_cast<size_t>(position) >= record.fields.size()) return nullptr;
  const CsvField& field = record.fields[position];
  return field.absent() ? nullptr : &field;
}

absl::Status CheckRecordShape(const CsvRecord& record, const CsvColumns& columns,
                              const ColumnSet& set) {
  if (!record.error.empty()) return absl::InvalidArgumentError(absl::StrCat("malformed CSV: ", record.error));
  if (record.fields.size() != columns.width()) {
    return absl::InvalidArgumentError(absl::StrCat("expected ", columns.width(),
                                                   " fields (as in the header), got ",
                                                   record.fields.size()));
  }
  for (size_t k = 0; k < set.names.size(); ++k) {
    const CsvField* field = columns.Find(record, static_cast<int>(k));
    if (field != nullptr && !IsValidText(field->text)) {
      return absl::InvalidArgumentError(
          absl::StrCat(set.names[k], ": not UTF-8 text (or holds a NUL byte)"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<renfort::v1::Date> ParseDateField(absl::string_view column, absl::string_view text) {
  absl::StatusOr<renfort::v1::Date> date = ParseDate(std::string(text));
  if (!date.ok()) return BadField(column, "a date YYYY-MM-DD", text);
  return date;
}

absl::StatusOr<absl::Time> ParseTimeField(absl::string_view column, absl::string_view text) {
  std::string normal(text);
  // PostgreSQL writes "2026-12-01 12:00:00+00": an offset of hours only, which %Ez refuses.
  if (normal.size() > 3 && (normal[normal.size() - 3] == '+' || normal[normal.size() - 3] == '-') &&
      absl::ascii_isdigit(normal[normal.size() - 2]) && absl::ascii_isdigit(normal.back()) &&
      normal.find(':') != std::string::npos) {
    normal += ":00";
  }
  absl::Time time;
  std::string error;
  for (const char* format : {"%Y-%m-%d%ET%H:%M:%E*S%Ez", "%Y-%m-%d %H:%M:%E*S%Ez"}) {
    if (absl::ParseTime(format, normal, &time, &error)) return time;
  }
  if (absl::StatusOr<renfort::v1::Date> date = ParseDate(normal); date.ok()) {
    return absl::FromCivil(absl::CivilDay(date->year(), date->month(), date->day()),
                           absl::UTCTimeZone());
  }
  return BadField(column, "a time such as 2026-12-01T12:00:00Z or 2026-12-01 12:00:00+00", text);
}

absl::StatusOr<bool> ParseBoolField(absl::string_view column, absl::string_view text) {
  const std::string word = absl::AsciiStrToLower(absl::StripAsciiWhitespace(text));
  if (word == "t" || word == "true" || word == "yes" || word == "1") return true;
  if (word == "f" || word == "false" || word == "no" || word == "0") return false;
  return BadField(column, "t or f (true/false)", text);
}

absl::StatusOr<int64_t> ParseIntField(absl::string_view column, absl::string_view text) {
  int64_t value;
  if (!absl::SimpleAtoi(text, &value)) {
    return BadField(column, "an integer", text);
  }
  return value;
}

absl::StatusOr<double> ParseDoubleField(absl::string_view column, absl::string_view text) {
  double value;
  if (!absl::SimpleAtod(text, &value) ||
      value != value) {
    return BadField(column, "a number", text);
  }
  return value;
}

std::vector<std::string> SplitSlugs(absl::string_view text) {
  std::vector<std::string> slugs;
  for (absl::string_view item :
       absl::StrSplit(text, absl::ByAnyChar(";,"))) {
    item = absl::StripAsciiWhitespace(item);
    if (!item.empty()) slugs.emplace_back(item);
  }
  return slugs;
}

}  // namespace renfort::ctl
