#ifndef RENFORT_STORAGE_MATCHING_INVITED_PARTICIPATION_H_
#define RENFORT_STORAGE_MATCHING_INVITED_PARTICIPATION_H_

#include <optional>
#include <pqxx/transaction_base>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "renfort/v1/matching.pb.h"
#include "renfort/v1/mission.pb.h"
#include "renfort/v1/participation.pb.h"

namespace renfort::storage {

// The participation an accepted invitation creates, and the schedule check that comes first.
// Both run inside the caller's transaction; libpqxx errors come back as mapped statuses.

// Creates the participation (origin INVITED) of an accepted invitation: ACCEPTED when the
// mission has a place left, else WAITLISTED; with its first transition by the volunteer. The
// participations_hold_places trigger enforces the places. ALREADY_EXISTS when the volunteer
// already has an active participation in the mission.
absl::StatusOr<renfort::v1::Participation> InsertInvitedParticipation(
    pqxx::transaction_base& txn, const renfort::v1::Mission& locked_mission,
    const renfort::v1::Invitation& invitation, const std::string& motivation, absl::Time now);

// The title and id of a mission whose time overlaps `mission_id`'s among the volunteer's
// ACCEPTED participations (dated slots compared as instants; weekly slots by weekday and minutes
// within overlapping date ranges; a dated slot against a weekly one by its local weekday and
// minutes), or nullopt. Back-to-back slots do not overlap.
absl::StatusOr<std::optional<std::string>> FindOverlappingAcceptedMission(
    pqxx::transaction_base& txn, const std::string& volunteer_id, const std::string& mission_id);

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_MATCHING_INVITED_PARTICIPATION_H_
