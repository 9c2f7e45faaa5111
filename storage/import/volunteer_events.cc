#include "storage/import/volunteer_events.h"

#include <pqxx/pqxx>
#include <string_view>

namespace renfort::storage {
namespace {

// One volunteer.imported event per 1,000 loaded volunteers, rather than one volunteer.registered
// per row: a million outbox rows (each with its identity value, random event_id, four indexes
// and CHECKs, then a stream entry and an indexer round trip each) cost more than loading the
// volunteers themselves. The payload is a ListVolunteersResponse whose volunteers hold only
// their id; the aggregate id is the first of them. Consumers read each volunteer's state from
// PostgreSQL by id, as for volunteer.registered. The payloads are built here from the ids
// loaded: building them in SQL (a GROUP BY over a staging table) cost PostgreSQL 1.6 s of CPU
// per million rows, in the import's serial part.
constexpr int kVolunteersPerEvent = 1000;
constexpr char kAppendEventStatement[] = "renfort_import_append_event";
constexpr char kAppendEvent[] = R"sql(
  INSERT INTO outbox_events (type, aggregate_type, aggregate_id, payload)
  VALUES ('volunteer.imported', 'VOLUNTEER', $1, $2))sql";
// A payload (40 kB) is compressed as it is stored; pglz, the default, took PostgreSQL about a
// second per thousand payloads, lz4 (when the server has it) a tenth of that. Readers decompress
// either alike.
constexpr char kUseLz4WhenAvailable[] = R"sql(
  SELECT set_config('default_toast_compression', 'lz4', true)
  FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals))sql";
// ListVolunteersResponse.volunteers (field 1, 38 bytes) holding Volunteer.id (field 1, 36).
constexpr char kIdEntryPrefix[] = {0x0a, 0x26, 0x0a, 0x24};
constexpr size_t kIdLength = 36;

}  // namespace

absl::Status ImportedIds::Add(const std::string& id, int64_t line) {
  if (id.size() != kIdLength) return absl::InternalError("volunteer id of unexpected length");
  ids_.append(id);
  lines_.push_back(line);
  return absl::OkStatus();
}

void ImportedIds::AppendEvents(pqxx::transaction_base& txn,
                               const absl::flat_hash_set<int64_t>& refused) const {
  txn.exec(kUseLz4WhenAvailable);
  txn.conn().prepare(kAppendEventStatement, kAppendEvent);
  std::string payload, first_id;
  int in_payload = 0;
  auto append = [&] {
    txn.exec_prepared(kAppendEventStatement, first_id, pqxx::binarystring(payload));
    payload.clear();
    in_payload = 0;
  };
  for (size_t i = 0; i < lines_.size(); ++i) {
    if (refused.contains(lines_[i])) continue;
    const std::string_view id(ids_.data() + i * kIdLength, kIdLength);
    if (in_payload == 0) first_id.assign(id);
    payload.append(kIdEntryPrefix, sizeof(kIdEntryPrefix));
    payload.append(id);
    if (++in_payload == kVolunteersPerEvent) append();
  }
  if (in_payload > 0) append();
}

}  // namespace renfort::storage
