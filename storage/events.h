#ifndef RENFORT_STORAGE_EVENTS_H_
#define RENFORT_STORAGE_EVENTS_H_

#include <string>

#include "absl/time/time.h"

namespace renfort::storage {

// The Redis Stream every committed outbox row is published to (DESIGN.md §4).
inline constexpr char kEventStream[] = "renfort:events";

// One event as it travels: written to `outbox_events` in the transaction of the change, relayed
// to the stream, read by consumer groups. Delivery is at-least-once: consumers deduplicate by
// `event_id`.
struct Event {
  std::string event_id;        // UUID, unique per event
  std::string type;            // e.g. "mission.published"
  std::string aggregate_type;  // "MISSION", "VOLUNTEER", ...
  std::string aggregate_id;
  std::string payload;         // serialized protobuf message describing the new state
  absl::Time created_at;       // when the change committed (the outbox row's created_at)
  std::string stream_id;       // Redis entry id ("1700000000000-0"); empty before publication
};

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_EVENTS_H_
