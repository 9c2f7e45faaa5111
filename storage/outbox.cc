#include "storage/outbox.h"

#include <pqxx/pqxx>

#include "storage/pg/prepared_statement.h"

namespace renfort::storage {
namespace {

const PreparedStatement kAppendEvent("outbox.append_event", R"sql(
  INSERT INTO outbox_events (type, aggregate_type, aggregate_id, payload)
  VALUES ($1, $2, $3, $4)
  RETURNING event_id)sql");

const PreparedStatement kMarkProcessed("outbox.mark_processed", R"sql(
  INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2)
  ON CONFLICT DO NOTHING
  RETURNING 1)sql");

const char* AggregateName(Aggregate aggregate) {
  switch (aggregate) {
    case Aggregate::kOrganisation: return "ORGANISATION";
    case Aggregate::kNetwork: return "NETWORK";
    case Aggregate::kMission: return "MISSION";
    case Aggregate::kVolunteer: return "VOLUNTEER";
    case Aggregate::kParticipation: return "PARTICIPATION";
    case Aggregate::kInvitation: return "INVITATION";
  }
  return "";
}

}  // namespace

std::string AppendOutboxEvent(pqxx::transaction_base& txn, absl::string_view type,
                              Aggregate aggregate, absl::string_view aggregate_id,
                              const google::protobuf::Message& event) {
  const std::string payload = event.SerializeAsString();
  const pqxx::binarystring bytes(payload);
  return kAppendEvent.Exec1(txn, std::string(type), AggregateName(aggregate),
                          std::string(aggregate_id), bytes)[0]
      .as<std::string>();
}

bool MarkEventProcessed(pqxx::transaction_base& txn, absl::string_view consumer,
                        absl::string_view event_id) {
  return !kMarkProcessed.Exec(txn, std::string(consumer), std::string(event_id)).empty();
}

}  // namespace renfort::storage
