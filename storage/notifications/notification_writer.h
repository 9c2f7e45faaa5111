#ifndef RENFORT_STORAGE_NOTIFICATIONS_NOTIFICATION_WRITER_H_
#define RENFORT_STORAGE_NOTIFICATIONS_NOTIFICATION_WRITER_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/events.h"
#include "storage/pg/connection_pool.h"

namespace renfort::storage {

// Writes the notifications an event calls for, in one transaction per event that also records
// (consumer, event_id) in processed_events: a redelivered event writes nothing. Every row also
// has a unique dedup_key ("<event_id>:<recipient_kind>:<recipient_id>", or per mission for the
// "almost full", "full" and "published" notices), so a notification exists at most once per
// recipient even if two consumer names ever handled the same event.
//
// Events and what they write (kinds and inboxes: notification_schema.h):
//  - participation.transitioned, last transition to ACCEPTED: participation_accepted
//    (waitlist_promoted when it came from WAITLISTED; also WAITLISTED -> PENDING/IN_REVIEW);
//    to REFUSED: participation_refused. [volunteer]
//  - invitation.created: invitation_received. [volunteer]
//  - mission.cancelled: mission_cancelled to every volunteer whose participation the
//    cancellation ended (status CANCELLED, reason MISSION_TERMINATED). [volunteer]
//  - participation.created / participation.transitioned: mission_almost_full (80 % of the
//    places held) and mission_full, once per mission. [organisation]
//  - mission.published, while the mission is PUBLISHED or PAUSED: mission_published, once per
//    mission (key "mission_published:<mission>:COORDINATOR:<département>"), to the inbox of the
//    coordinators of the mission's département, or of its organisation's for a remote
//    mission. [coordinator]
// Deleted volunteers get nothing. Events about rows this database does not hold (another
// deployment's stream, or rows deleted since) are skipped. Returns the rows inserted.
absl::StatusOr<int> WriteNotificationsForEvents(ConnectionPool& pool, absl::string_view consumer,
                                                const std::vector<Event>& events);

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_NOTIFICATIONS_NOTIFICATION_WRITER_H_
