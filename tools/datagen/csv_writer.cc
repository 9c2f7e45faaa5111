#include "tools/datagen/csv_writer.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace renfort::datagen {

std::string CsvField(const std::optional<std::string>& value) {
  if (!value.has_value()) return "";
  if (!value->empty() && value->find_first_of(",\"\r\n") == std::string::npos) return *value;
  std::string quoted = "\"";
  for (char c : *value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

absl::Status CsvWriter::Open(const std::string& directory) {
  std::string script;
  for (const TableSpec& spec : AllTables()) {
    const std::string file = absl::StrCat(spec.name, ".csv");
    const std::string path = absl::StrCat(directory, "/", file);
    std::FILE* out = std::fopen(path.c_str(), "w");
    if (out == nullptr) return absl::InvalidArgumentError(absl::StrCat(path, ": cannot be created"));
    files_[static_cast<int>(spec.table)] = out;
    const std::string columns = absl::StrJoin(spec.columns, ",");
    std::fputs(absl::StrCat(columns, "\n").c_str(), out);
    if (spec.table == Table::kVolunteerActivity) {
      absl::StrAppend(&script,
                      "CREATE TABLE IF NOT EXISTS bench_volunteer_activity (volunteer_id uuid "
                      "PRIMARY KEY REFERENCES volunteers (id), done_count integer NOT NULL, "
                      "no_show_count integer NOT NULL, invitations_this_month integer NOT NULL);\n");
    }
    absl::StrAppend(&script, "\\copy ", spec.name, " (", columns, ") FROM '", file,
                    "' WITH (FORMAT csv, HEADER true)\n");
  }
  const std::string script_path = absl::StrCat(directory, "/load.sql");
  std::FILE* out = std::fopen(script_path.c_str(), "w");
  if (out == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(script_path, ": cannot be created"));
  }
  std::fputs(script.c_str(), out);
  std::fclose(out);
  return absl::OkStatus();
}

void CsvWriter::Add(Table table, const Row& row) {
  line_.clear();
  for (size_t i = 0; i < row.size(); ++i) {
    if (i > 0) line_ += ',';
    line_ += CsvField(row[i]);
  }
  line_ += '\n';
  std::fwrite(line_.data(), 1, line_.size(), files_[static_cast<int>(table)]);
  ++rows_[static_cast<int>(table)];
}

absl::Status CsvWriter::Close() {
  bool failed = false;
  for (std::FILE*& file : files_) {
    if (file == nullptr) continue;
    failed |= std::ferror(file) != 0;
    failed |= std::fclose(file) != 0;
    file = nullptr;
  }
  return failed ? absl::InternalError("writing a CSV file failed") : absl::OkStatus();
}

CsvWriter::~CsvWriter() { (void)Close(); }

}  // namespace renfort::datagen
