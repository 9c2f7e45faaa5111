#include "tools/renfortctl/table.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace renfort::ctl {
namespace {

// Decodes the code point starting at text[*i] and advances *i past it; invalid bytes decode
// as themselves (one column each) so a bad string still renders.
char32_t NextCodePoint(absl::string_view text, size_t* i) {
  const unsigned char lead = static_cast<unsigned char>(text[*i]);
  int length = lead < 0x80           ? 1
               : (lead >> 5) == 0x6  ? 2
               : (lead >> 4) == 0xE  ? 3
               : (lead >> 3) == 0x1E ? 4
                                     : 1;
  if (*i + length > text.size()) length = 1;
  char32_t code = length == 1 ? lead : lead & (0x7F >> length);
  for (int k = 1; k < length; ++k) {
    const unsigned char next = static_cast<unsigned char>(text[*i + k]);
    if ((next & 0xC0) != 0x80) {
      length = 1;
      code = lead;
      break;
    }
    code = (code << 6) | (next & 0x3F);
  }
  *i += length;
  return code;
}

int ColumnsOf(char32_t code) {
  if (code == 0x200B || (code >= 0x0300 && code <= 0x036F) || (code >= 0x1AB0 && code <= 0x1AFF) ||
      (code >= 0x20D0 && code <= 0x20FF) || (code >= 0xFE20 && code <= 0xFE2F)) {
    return 0;  // combining marks: "e" + U+0301 is one column
  }
  if ((code >= 0x1100 && code <= 0x115F) || (code >= 0x2E80 && code <= 0xA4CF) ||
      (code >= 0xAC00 && code <= 0xD7A3) || (code >= 0xF900 && code <= 0xFAFF) ||
      (code >= 0xFF00 && code <= 0xFF60) || (code >= 0x1F300 && code <= 0x1FAFF)) {
    return 2;
  }
  return 1;
}

// Tabs and line breaks inside a cell would break the alignment.
std::string OneLine(absl::string_view text) {
  std::string line(text);
  for (char& c : line) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return line;
}

void AppendPadded(std::string* out, absl::string_view cell, size_t width) {
  absl::StrAppend(out, cell, std::string(width - std::min(width, DisplayWidth(cell)), ' '));
}

// An empty value, or "-" (an unset enum), says nothing worth a line.
bool IsBlank(const std::string& value) { return value.empty() || value == "-"; }

void TrimTrailingSpaces(std::string* line) {
  while (!line->empty() && line->back() == ' ') line->pop_back();
}

}  // namespace

size_t DisplayWidth(absl::string_view text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size();) width += ColumnsOf(NextCodePoint(text, &i));
  return width;
}

std::string TruncateToWidth(absl::string_view text, size_t max_columns) {
  if (DisplayWidth(text) <= max_columns) return std::string(text);
  if (max_columns == 0) return "";
  size_t width = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t next = i;
    const int columns = ColumnsOf(NextCodePoint(text, &next));
    if (width + columns > max_columns - 1) break;  // keep one column for the ellipsis
    width += columns;
    i = next;
  }
  return absl::StrCat(text.substr(0, i), "…");
}

void Table::AddRow(std::vector<std::string> cells) {
  cells.resize(header_.size());
  for (std::string& cell : cells) cell = TruncateToWidth(OneLine(cell), max_cell_columns_);
  rows_.push_back(std::move(cells));
}

std::string Table::Render() const {
  std::vector<size_t> widths(header_.size(), 0);
  for (size_t c = 0; c < header_.size(); ++c) widths[c] = DisplayWidth(header_[c]);
  for (const auto& row : rows_) {
    for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], DisplayWidth(row[c]));
  }
  std::string text;
  auto append_line = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (size_t c = 0; c < cells.size(); ++c) {
      AppendPadded(&line, cells[c], widths[c] + (c + 1 < cells.size() ? 2 : 0));
    }
    TrimTrailingSpaces(&line);
    absl::StrAppend(&text, line, "\n");
  };
  append_line(header_);
  for (const auto& row : rows_) append_line(row);
  if (rows_.empty()) absl::StrAppend(&text, "(none)\n");
  return text;
}

std::string RenderFields(const std::vector<std::pair<std::string, std::string>>& fields) {
  size_t width = 0;
  for (const auto& [name, value] : fields) {
    if (!IsBlank(value)) width = std::max(width, DisplayWidth(name));
  }
  std::string text;
  for (const auto& [name, value] : fields) {
    if (IsBlank(value)) continue;
    std::string line;
    AppendPadded(&line, name, width + 2);
    absl::StrAppend(&line, OneLine(value));
    TrimTrailingSpaces(&line);
    absl::StrAppend(&text, line, "\n");
  }
  return text;
}

}  // namespace renfort::ctl
