#ifndef RENFORT_TOOLS_RENFORTCTL_IMPORT_FIELDS_H_
#define RENFORT_TOOLS_RENFORTCTL_IMPORT_FIELDS_H_

// Columns and field values of an import file: which header column holds which field, and the
// text forms accepted for dates, instants, booleans, numbers and slug lists (the forms
// PostgreSQL's COPY and tools/datagen write). Pure functions.

#include <cstdint>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "renfort/v1/common.pb.h"
#include "tools/renfortctl/import_csv.h"

namespace renfort::ctl {

// The columns of one kind of import file, named in its header in any order.
struct ColumnSet {
  std::vector<std::string> names;     // every column accepted, indexed by the entity's enum
  std::vector<std::string> required;  // those the header must name
};

// Where each column of a ColumnSet sits in the file's records.
class CsvColumns {
 public:
  // INVALID_ARGUMENT naming an unknown or repeated column, or a missing required one.
  static absl::StatusOr<CsvColumns> FromHeader(const CsvRecord& header, const ColumnSet& set);

  // The field of column `column` (an index into ColumnSet::names) of `record`, or nullptr when
  // the file has no such column or the field is absent (empty and unquoted).
  const CsvField* Find(const CsvRecord& record, int column) const;
  bool Has(int column) const { return positions_[column] >= 0; }
  // Fields a record must have: the header's.
  size_t width() const { return width_; }

 private:
  std::vector<int> positions_;
  size_t width_ = 0;
};

// Checks the record's shape against the header: parse error, field count, text encoding.
// INVALID_ARGUMENT with the reason to report.
absl::Status CheckRecordShape(const CsvRecord& record, const CsvColumns& columns,
                              const ColumnSet& set);

// "YYYY-MM-DD".
absl::StatusOr<renfort::v1::Date> ParseDateField(absl::string_view column, absl::string_view text);
// RFC 3339 ("2026-12-01T12:00:00Z", "...+01:00"), PostgreSQL's form ("2026-12-01 12:00:00+00",
// fractions of seconds allowed), or a date alone (midnight UTC).
absl::StatusOr<absl::Time> ParseTimeField(absl::string_view column, absl::string_view text);
// t/f, true/false, yes/no, 1/0 (any case).
absl::StatusOr<bool> ParseBoolField(absl::string_view column, absl::string_view text);
absl::StatusOr<int64_t> ParseIntField(absl::string_view column, absl::string_view text);
absl::StatusOr<double> ParseDoubleField(absl::string_view column, absl::string_view text);
// Slugs separated by ';' or ',' (spaces around them ignored); empty items skipped.
std::vector<std::string> SplitSlugs(absl::string_view text);

}  // namespace renfort::ctl

#endif  // RENFORT_TOOLS_RENFORTCTL_IMPORT_FIELDS_H_
