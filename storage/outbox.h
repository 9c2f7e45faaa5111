#ifndef RENFORT_STORAGE_OUTBOX_H_
#define RENFORT_STORAGE_OUTBOX_H_

#include <google/protobuf/message.h>

#include <pqxx/transaction_base>
#include <string>

#include "absl/strings/string_view.h"

namespace renfort::storage {

// The kinds of aggregates an event is about (outbox_events.aggregate_type).
enum class Aggregate { kOrganisation, kNetwork, kMission, kVolunteer, kParticipation, kInvitation };

// Appends an event to the transactional outbox inside `txn`: it becomes visible to the relay only
// if `txn` commits, together with the change it describes (DESIGN.md §4). The payload is the
// serialized `event`, whose full proto name is the event type (e.g. "renfort.v1.Mission").
// Returns the event id (a UUID) consumers use to deduplicate.
std::string AppendOutboxEvent(pqxx::transaction_base& txn, absl::string_view type,
                              Aggregate aggregate, absl::string_view aggregate_id,
                              const google::protobuf::Message& event);

// Records that `consumer` processed `event_id`, inside the consumer's own transaction. Returns
// false when it was recorded already: the event is a redelivery and must be skipped. This is how
// consumers that write to PostgreSQL stay idempotent under at-least-once delivery.
bool MarkEventProcessed(pqxx::transaction_base& txn, absl::string_view consumer,
                        absl::string_view event_id);

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_OUTBOX_H_
