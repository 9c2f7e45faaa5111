#ifndef RENFORT_STORAGE_VOLUNTEERS_VOLUNTEER_ERASURE_H_
#define RENFORT_STORAGE_VOLUNTEERS_VOLUNTEER_ERASURE_H_

#include <pqxx/transaction_base>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "renfort/v1/volunteer_service.pb.h"

namespace renfort::storage {

// Erases volunteer `id` inside `txn` (GDPR art. 17), at `now`:
//  - active participations are CANCELLED (reason change_mind, actor system, with their
//    transition and a participation.transitioned event), PROPOSED invitations DECLINED; each
//    place freed promotes the mission's first waitlisted participation (actor system);
//  - motivations and transition notes are cleared, notifications deleted, slots, domains and
//    skills deleted;
//  - the profile keeps only id, status DELETED, create/delete times, département and
//    preferences (the schema's volunteers_personal_data_erased CHECK enforces the rest);
//  - earlier outbox payloads about the volunteer, and those about their participations, are
//    rewritten without personal data, so no table still holds it;
//  - a volunteer.deleted event is appended.
// Participations stay, anonymised, for statistics. An already DELETED volunteer is left as it is
// and the answer carries the original delete_time and zero counts. NOT_FOUND for an unknown id.
absl::StatusOr<renfort::v1::DeleteVolunteerResponse> EraseVolunteer(pqxx::transaction_base& txn,
                                                                    const std::string& id,
                                                                    absl::Time now);

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_VOLUNTEERS_VOLUNTEER_ERASURE_H_
