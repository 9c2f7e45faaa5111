#include "tools/seed/seeder.h"

#include <array>
#include <optional>
#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace renfort::seed {
namespace {

using datagen::Row;
using datagen::Table;

// Any constant: the key of the advisory lock that serialises concurrent seeds.
constexpr int64_t kSeedLockKey = 0x5EED2026;

constexpr char kIsSeeded[] = "SELECT 1 FROM organisations WHERE id = $1";

// Missions whose places_held differs from their participations holding a place.
constexpr char kInconsistentPlaces[] = R"sql(
  SELECT count(*) FROM missions m
  WHERE m.places_held <> (SELECT count(*) FROM participations p
                          WHERE p.mission_id = m.id AND participation_status_holds_place(p.status)))sql";

// stream_to writes tuple-like rows only: a Row goes through an array of its size.
template <size_t N>
void WriteFixed(pqxx::stream_to& stream, const Row& row) {
  std::array<std::optional<std::string>, N> fixed;
  for (size_t i = 0; i < N; ++i) fixed[i] = row[i];
  stream << fixed;
}

void Write(pqxx::stream_to& stream, const Row& row) {
  switch (row.size()) {
    case 2: return WriteFixed<2>(stream, row);
    case 4: return WriteFixed<4>(stream, row);
    case 6: return WriteFixed<6>(stream, row);
    case 7: return WriteFixed<7>(stream, row);
    case 9: return WriteFixed<9>(stream, row);
    case 12: return WriteFixed<12>(stream, row);
    case 19: return WriteFixed<19>(stream, row);
    default: throw std::logic_error(absl::StrCat("no row writer for ", row.size(), " columns"));
  }
}

// The columns the stores need beyond those datagen writes: a recurring mission's weekdays
// bit set, and each dated slot's local date and minutes (storage/migrations/0011).
std::vector<std::string> ColumnsOf(Table table) {
  std::vector<std::string> columns = datagen::SpecOf(table).columns;
  if (table == Table::kMissions) columns.push_back("weekdays");
  if (table == Table::kMissionDatedSlots) {
    for (const char* column : {"local_date", "start_minute", "end_minute"}) columns.push_back(column);
  }
  return columns;
}

// Streams the rows of one table into COPY, adding the columns of ColumnsOf.
class TableStream : public datagen::RowSink {
 public:
  TableStream(pqxx::stream_to& stream, Table table) : stream_(stream), table_(table) {}

  void set_mission(const renfort::v1::Mission* mission) {
    mission_ = mission;
    dated_slot_ = 0;
  }

  void Add(Table table, const Row& row) override {
    if (table != table_) return;
    ++rows_;
    if (table == Table::kMissions) {
      int weekdays = 0;
      for (const renfort::v1::WeeklySlot& slot : mission_->schedule().weekly_slots()) {
        weekdays |= 1 << (static_cast<int>(slot.weekday()) - 1);
      }
      Row extended = row;
      extended.push_back(absl::StrCat(weekdays));
      Write(stream_, extended);
    } else if (table == Table::kMissionDatedSlots) {
      const renfort::v1::DatedSlot& slot = mission_->schedule().dated_slots(dated_slot_++);
      Row extended = row;
      extended.push_back(absl::StrFormat("%04d-%02d-%02d", slot.date().year(), slot.date().month(),
                                         slot.date().day()));
      extended.push_back(absl::StrCat(slot.start_minute()));
      extended.push_back(absl::StrCat(slot.end_minute()));
      Write(stream_, extended);
    } else {
      Write(stream_, row);
    }
  }
  int64_t rows() const { return rows_; }

 private:
  pqxx::stream_to& stream_;
  Table table_;
  const renfort::v1::Mission* mission_ = nullptr;
  int dated_slot_ = 0;
  int64_t rows_ = 0;
};

int64_t LoadTable(pqxx::work& txn, const DemoPlatform& platform, Table table) {
  pqxx::stream_to stream(txn, datagen::SpecOf(table).name, ColumnsOf(table));
  TableStream sink(stream, table);
  switch (table) {
    case Table::kOrganisations:
      for (int64_t i = 0; i < platform.organisation_count(); ++i) {
        datagen::EmitOrganisationRows(platform.Organisation(i), sink);
      }
      break;
    case Table::kVolunteers:
    case Table::kVolunteerWeeklySlots:
    case Table::kVolunteerDomains:
    case Table::kVolunteerSkills:
      for (int64_t i = 0; i < platform.volunteer_count(); ++i) {
        datagen::EmitVolunteerRows(platform.Volunteer(i), sink);
      }
      break;
    default:
      for (int64_t i = 0; i < platform.mission_count(); ++i) {
        const DemoMission demo = platform.Mission(i);
        sink.set_mission(&demo.mission);
        datagen::EmitMissionRows(demo.mission, sink);
      }
      break;
  }
  stream.complete();
  return sink.rows();
}

// participations, or participation_transitions when `transitions`.
int64_t LoadHistory(pqxx::work& txn, const DemoPlatform& platform, bool transitions) {
  pqxx::stream_to stream(txn, transitions ? "participation_transitions" : "participations",
                         transitions ? TransitionColumns() : ParticipationColumns());
  int64_t rows = 0;
  for (int64_t i = 0; i < platform.mission_count(); ++i) {
    const DemoMission demo = platform.Mission(i);
    for (const Row& row : transitions ? demo.plan.transitions : demo.plan.participations) {
      Write(stream, row);
      ++rows;
    }
  }
  stream.complete();
  return rows;
}

}  // namespace

absl::StatusOr<bool> IsSeeded(pqxx::connection& connection) {
  try {
    pqxx::read_transaction txn(connection);
    return !txn.exec_params(kIsSeeded, std::string(kDemoOrganisationId)).empty();
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat("PostgreSQL: ", e.what()));
  }
}

absl::StatusOr<SeedReport> Seed(pqxx::connection& connection, const DemoPlatform& platform) {
  SeedReport report;
  try {
    pqxx::work txn(connection);
    txn.exec_params("SELECT pg_advisory_xact_lock($1)", kSeedLockKey);
    if (!txn.exec_params(kIsSeeded, std::string(kDemoOrganisationId)).empty()) return report;
    if (txn.exec("SELECT count(*) FROM communes")[0][0].as<int64_t>() == 0) {
      return absl::FailedPreconditionError(
          "the communes are not loaded: run renfort-migrate --communes_csv=... first");
    }
    txn.exec("ALTER TABLE participations DISABLE TRIGGER participations_hold_places");
    for (const datagen::TableSpec& spec : datagen::AllTables()) {
      if (spec.table == Table::kVolunteerActivity) continue;  // a benchmark table, not the schema
      report.rows.emplace_back(spec.name, LoadTable(txn, platform, spec.table));
    }
    report.rows.emplace_back("participations", LoadHistory(txn, platform, false));
    report.rows.emplace_back("participation_transitions", LoadHistory(txn, platform, true));
    txn.exec("ALTER TABLE participations ENABLE TRIGGER participations_hold_places");
    const int64_t inconsistent = txn.exec(kInconsistentPlaces)[0][0].as<int64_t>();
    if (inconsistent != 0) {
      return absl::InternalError(absl::StrCat(
          inconsistent, " missions would hold places_held unequal to their participations"));
    }
    txn.commit();
  } catch (const pqxx::broken_connection& e) {
    return absl::UnavailableError(absl::StrCat("PostgreSQL: ", e.what()));
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat("seeding failed (nothing was loaded): ", e.what()));
  }
  try {
    pqxx::nontransaction(connection).exec(
        "ANALYZE organisations, volunteers, volunteer_weekly_slots, volunteer_domains, "
        "volunteer_skills, missions, mission_addresses, mission_weekly_slots, "
        "mission_dated_slots, mission_skills, participations, participation_transitions");
  } catch (const std::exception&) {
    // Statistics only speed up the first queries; autovacuum analyses the tables soon anyway.
  }
  return report;
}

}  // namespace renfort::seed
