#ifndef RENFORT_TOOLS_DATAGEN_TABLES_H_
#define RENFORT_TOOLS_DATAGEN_TABLES_H_

#include <optional>
#include <string>
#include <vector>

#include "renfort/v1/mission.pb.h"
#include "renfort/v1/organisation.pb.h"
#include "tools/datagen/world.h"

namespace renfort::datagen {

// The tables of storage/migrations/ the generator fills, in an order that satisfies their
// foreign keys (communes must already be loaded: storage::LoadCommunes). kVolunteerActivity is
// not part of the schema: it holds the DONE / NO_SHOW / invitation counts that storage derives
// from participations and invitations, so that a SQL ranking can read them without
// generating millions of participation rows.
enum class Table {
  kOrganisations,
  kVolunteers,
  kVolunteerWeeklySlots,
  kVolunteerDomains,
  kVolunteerSkills,
  kVolunteerActivity,
  kMissions,
  kMissionAddresses,
  kMissionWeeklySlots,
  kMissionDatedSlots,
  kMissionSkills,
};
inline constexpr int kTableCount = 11;

struct TableSpec {
  Table table;
  const char* name;                  // e.g. "volunteer_weekly_slots"
  std::vector<std::string> columns;  // the columns every row fills, in row order
};
// Every table, in load order.
const std::vector<TableSpec>& AllTables();
const TableSpec& SpecOf(Table table);

// One row: text values in the columns' order, nullopt for NULL. Values are in PostgreSQL's
// input syntax (dates as 2026-12-01, timestamps with their zone, booleans as t/f).
using Row = std::vector<std::optional<std::string>>;

// Receives the rows of generated items.
class RowSink {
 public:
  virtual ~RowSink() = default;
  virtual void Add(Table table, const Row& row) = 0;
};

// The rows of one item in every table it touches (its own table first).
void EmitOrganisationRows(const renfort::v1::Organisation& organisation, RowSink& sink);
void EmitVolunteerRows(const GeneratedVolunteer& volunteer, RowSink& sink);
void EmitMissionRows(const renfort::v1::Mission& mission, RowSink& sink);

// Streams the whole world into `sink`: organisations, then volunteers, then missions.
void EmitWorld(const World& world, RowSink& sink);

}  // namespace renfort::datagen

#endif  // RENFORT_TOOLS_DATAGEN_TABLES_H_
