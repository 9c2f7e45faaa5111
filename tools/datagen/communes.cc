#include "tools/datagen/communes.h"

#include <fstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace renfort::datagen {
namespace {

// Splits one CSV line (RFC 4180 quoting, no embedded newlines: the file has none).
std::vector<std::string> SplitCsvLine(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

}  // namespace

absl::StatusOr<CommuneTable> CommuneTable::Load(const std::string& csv_path) {
  std::ifstream in(csv_path);
  if (!in) return absl::NotFoundError(absl::StrCat(csv_path, ": cannot be read"));
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = SplitCsvLine(line);
  auto column = [&header](const std::string& name) -> int {
    for (size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return static_cast<int>(i);
    }
    return -1;
  };
  const int code = column("insee_code"), name = column("nom"),
            department = column("departement_code"), latitude = column("latitude"),
            longitude = column("longitude"), population = column("population");
  if (code < 0 || name < 0 || department < 0 || latitude < 0 || longitude < 0 ||
      population < 0) {
    return absl::InvalidArgumentError(absl::StrCat(csv_path, ":1: missing a required column"));
  }
  CommuneTable table;
  std::vector<double> weights;
  int line_number = 1;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty()) continue;
    const std::vector<std::string> fields = SplitCsvLine(line);
    if (fields.size() != header.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat(csv_path, ":", line_number, ": expected ", header.size(), " fields"));
    }
    CommuneRow row;
    row.insee_code = fields[code];
    row.name = fields[name];
    row.department_code = fields[department];
    if (row.department_code.size() != 2) continue;  // overseas (971–976): see the class comment
    if (!absl::SimpleAtod(fields[latitude], &row.latitude) ||
        !absl::SimpleAtod(fields[longitude], &row.longitude)) {
      return absl::InvalidArgumentError(
          absl::StrCat(csv_path, ":", line_number, ": bad coordinates"));
    }
    if (!absl::SimpleAtoi(fields[population], &row.population) || row.population <= 0) {
      continue;  // uninhabited "communes mortes pour la France" place nobody
    }
    table.total_population_ += row.population;
    weights.push_back(row.population);
    Department& dep = table.departments_[row.department_code];
    dep.rows.push_back(table.rows_.size());
    table.by_code_[row.insee_code] = table.rows_.size();
    table.rows_.push_back(std::move(row));
  }
  if (table.rows_.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(csv_path, ": no inhabited commune"));
  }
  table.by_population_ = Weighted(weights);
  for (auto& [code_, dep] : table.departments_) {
    std::vector<double> dep_weights;
    for (size_t r : dep.rows) dep_weights.push_back(table.rows_[r].population);
    dep.by_population = Weighted(dep_weights);
  }
  return table;
}

const CommuneRow& CommuneTable::PickIn(const std::string& department_code, Rng& rng) const {
  const Department& dep = departments_.at(department_code);
  return rows_[dep.rows[dep.by_population.Sample(rng)]];
}

const CommuneRow* CommuneTable::Find(const std::string& insee_code) const {
  auto it = by_code_.find(insee_code);
  return it == by_code_.end() ? nullptr : &rows_[it->second];
}

}  // namespace renfort::datagen
