#ifndef RENFORT_TOOLS_RENFORTCTL_TABLE_H_
#define RENFORT_TOOLS_RENFORTCTL_TABLE_H_

// Aligned plain-text tables for people. Widths are counted in terminal columns, not bytes, so
// "Hôpital Saint-Éloi" lines up with "Banque alimentaire" (UTF-8, combining accents take no
// column, East Asian wide characters take two).

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace renfort::ctl {

// Terminal columns that `text` (UTF-8) occupies.
size_t DisplayWidth(absl::string_view text);

// `text` cut to at most `max_columns` columns, ending with "…" when cut. Never splits a
// UTF-8 sequence.
std::string TruncateToWidth(absl::string_view text, size_t max_columns);

// Rows under a header, each column as wide as its widest cell (cells wider than
// max_cell_columns are truncated), separated by two spaces, no trailing spaces.
class Table {
 public:
  explicit Table(std::vector<std::string> header, size_t max_cell_columns = 48)
      : header_(std::move(header)), max_cell_columns_(max_cell_columns) {}

  // A row with as many cells as the header (missing cells are empty, extra ones dropped).
  void AddRow(std::vector<std::string> cells);
  size_t row_count() const { return rows_.size(); }

  // The header line, then one line per row. With no row: the header and "(none)".
  std::string Render() const;

 private:
  std::vector<std::string> header_;
  size_t max_cell_columns_;
  std::vector<std::vector<std::string>> rows_;
};

// A single object as "name  value" lines, names aligned; empty and "-" values are skipped.
std::string RenderFields(const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace renfort::ctl

#endif  // RENFORT_TOOLS_RENFORTCTL_TABLE_H_
