#include "storage/reference_data.h"

#include <optional>
#include <pqxx/pqxx>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "storage/csv_reader.h"
#include "storage/pg/errors.h"

namespace renfort::storage {
namespace {

constexpr char kCreateStaging[] = R"sql(
  CREATE TEMPORARY TABLE communes_staging (LIKE communes INCLUDING DEFAULTS) ON COMMIT DROP)sql";

constexpr char kMergeStaging[] = R"sql(
  INSERT INTO communes (insee_code, name, postal_code, postal_codes, department_code, latitude,
                        longitude, population)
  SELECT insee_code, name, postal_code, postal_codes, department_code, latitude, longitude,
         population
  FROM communes_staging
  ON CONFLICT (insee_code) DO UPDATE SET
    name = EXCLUDED.name, postal_code = EXCLUDED.postal_code,
    postal_codes = EXCLUDED.postal_codes, department_code = EXCLUDED.department_code,
    latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude,
    population = EXCLUDED.population)sql";

using CommuneRow = std::tuple<std::string, std::string, std::string, std::string, std::string,
                              double, double, std::optional<int>>;

// "13001,13002" or "13001 13002" -> "{13001,13002}" (a PostgreSQL array literal).
std::string PostalCodesArray(const std::string& text) {
  std::vector<absl::string_view> codes = absl::StrSplit(text, absl::ByAnyChar(", "), absl::SkipEmpty());
  return absl::StrCat("{", absl::StrJoin(codes, ","), "}");
}

absl::StatusOr<std::vector<CommuneRow>> ReadCommunes(const std::string& csv_path) {
  std::vector<CommuneRow> rows;
  try {
    io::CSVReader<8, io::trim_chars<' '>, io::double_quote_escape<',', '"'>> reader(csv_path);
    reader.read_header(io::ignore_extra_column, "insee_code", "nom", "code_postal",
                       "codes_postaux", "departement_code", "latitude", "longitude", "population");
    std::string insee, name, postal_code, postal_codes, department, population;
    double latitude = 0;
    double longitude = 0;
    while (reader.read_row(insee, name, postal_code, postal_codes, department, latitude, longitude,
                           population)) {
      std::optional<int> inhabitants;
      if (!population.empty()) inhabitants = std::stoi(population);
      rows.emplace_back(insee, name, postal_code, PostalCodesArray(postal_codes), department,
                        latitude, longitude, inhabitants);
    }
  } catch (const io::error::base& e) {
    return absl::InvalidArgumentError(absl::StrCat("reading communes: ", e.what()));
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(csv_path, ": ", e.what()));
  }
  return rows;
}

}  // namespace

absl::StatusOr<int> LoadCommunes(pqxx::connection& connection, const std::string& csv_path) {
  absl::StatusOr<std::vector<CommuneRow>> rows = ReadCommunes(csv_path);
  if (!rows.ok()) return rows.status();
  try {
    pqxx::work txn(connection);
    txn.exec(kCreateStaging);
    pqxx::stream_to stream(txn, "communes_staging",
                           std::vector<std::string>{"insee_code", "name", "postal_code",
                                                    "postal_codes", "department_code", "latitude",
                                                    "longitude", "population"});
    for (const CommuneRow& row : *rows) stream << row;
    stream.complete();
    txn.exec(kMergeStaging);
    txn.commit();
  } catch (...) {
    return StatusFromCurrentException(absl::StrCat("loading communes from ", csv_path));
  }
  return static_cast<int>(rows->size());
}

absl::StatusOr<int> CountCommunes(pqxx::connection& connection) {
  try {
    pqxx::read_transaction txn(connection);
    return txn.exec("SELECT count(*) FROM communes")[0][0].as<int>();
  } catch (...) {
    return StatusFromCurrentException("counting communes");
  }
}

}  // namespace renfort::storage
