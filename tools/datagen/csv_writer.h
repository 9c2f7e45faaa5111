#ifndef RENFORT_TOOLS_DATAGEN_CSV_WRITER_H_
#define RENFORT_TOOLS_DATAGEN_CSV_WRITER_H_

#include <array>
#include <cstdio>
#include <string>

#include "absl/status/status.h"
#include "tools/datagen/tables.h"

namespace renfort::datagen {

// Escapes one value for PostgreSQL's CSV COPY format: NULL is an empty unquoted field, an
// empty string is "", and values holding a comma, quote or line break are quoted.
std::string CsvField(const std::optional<std::string>& value);

// Writes one CSV file per table (<dir>/<table>.csv, with a header line) and <dir>/load.sql,
// the psql \copy commands that load them in foreign-key order:
//   psql "$DATABASE_URL" -f <dir>/load.sql   (run from <dir>, after migrating and loading
//   the communes).
class CsvWriter : public RowSink {
 public:
  // INVALID_ARGUMENT when a file cannot be created.
  absl::Status Open(const std::string& directory);
  void Add(Table table, const Row& row) override;
  // Flushes and closes every file; INTERNAL when a write failed (e.g. disk full).
  absl::Status Close();
  ~CsvWriter() override;

  int64_t rows(Table table) const { return rows_[static_cast<int>(table)]; }

 private:
  std::array<std::FILE*, kTableCount> files_{};
  std::array<int64_t, kTableCount> rows_{};
  std::string line_;
};

}  // namespace renfort::datagen

#endif  // RENFORT_TOOLS_DATAGEN_CSV_WRITER_H_
