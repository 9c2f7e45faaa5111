// Hostile import files into the row rules of `renfortctl import volunteers|missions`: the first
// byte picks the kind, the rest is the CSV file. Its first record is the header; every other
// record goes through VolunteerFromRecord or MissionFromRecord, the checks a row passes before
// anything is written, against small fixed reference tables and a fixed clock.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "tools/renfortctl/import_csv.h"
#include "tools/renfortctl/import_fields.h"
#include "tools/renfortctl/import_mission_rows.h"
#include "tools/renfortctl/import_volunteer_rows.h"

namespace {

using renfort::ctl::CsvColumns;
using renfort::ctl::CsvRecord;

const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2026, 12, 1, 12, 0, 0), absl::UTCTimeZone());

const renfort::storage::ImportReferences& References() {
  static const renfort::storage::ImportReferences* const references = [] {
    auto* built = new renfort::storage::ImportReferences;
    built->communes["59350"] = {"Lille", "59", 50.6311, 3.0468};
    built->communes["75056"] = {"Paris", "75", 48.8589, 2.347};
    built->departments = {"59", "75"};
    built->skills = {"first_aid", "driving_licence_b"};
    built->activities = {"maraude"};
    return built;
  }();
  return *references;
}

std::string NewId() { return "11111111-2222-4333-8444-555555555555"; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const bool missions = (data[0] & 1) != 0;
  const std::vector<CsvRecord> records = renfort::ctl::ParseCsv(
      std::string_view(reinterpret_cast<const char*>(data + 1), size - 1));
  if (records.empty()) return 0;
  const renfort::ctl::ColumnSet& set =
      missions ? renfort::ctl::MissionColumnSet() : renfort::ctl::VolunteerColumnSet();
  absl::StatusOr<CsvColumns> columns = CsvColumns::FromHeader(records[0], set);
  if (!columns.ok()) return 0;
  for (size_t i = 1; i < records.size(); ++i) {
    if (missions) {
      absl::StatusOr<renfort::storage::ImportedMission> row =
          renfort::ctl::MissionFromRecord(records[i], *columns, References(), kNow, NewId);
      if (row.ok() && row->line != records[i].line) std::abort();
    } else {
      absl::StatusOr<renfort::storage::ImportedVolunteer> row =
          renfort::ctl::VolunteerFromRecord(records[i], *columns, References(), kNow, NewId);
      if (row.ok() && row->line != records[i].line) std::abort();
    }
  }
  return 0;
}
