// The rules of participations (DESIGN.md §1 and §5), as pure functions of protos: who may apply
// to what, which action leads where, and who may request it. No I/O, no clock (dates come in).
#ifndef RENFORT_SERVICES_MISSIONS_PARTICIPATION_RULES_H_
#define RENFORT_SERVICES_MISSIONS_PARTICIPATION_RULES_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "renfort/v1/mission.pb.h"
#include "renfort/v1/mission_service.pb.h"
#include "renfort/v1/participation.pb.h"
#include "renfort/v1/volunteer.pb.h"
#include "services/common/auth/caller.h"

namespace renfort::services {

inline constexpr int kPlatformMinimumAge = 16;
inline constexpr int kAdultAge = 18;

// Full years of someone born on `birth_date` on `day`.
int AgeOn(const renfort::v1::Date& birth_date, absl::CivilDay day);

// OK when `volunteer` may apply to `mission` with `motivation`, else FAILED_PRECONDITION saying
// which rule failed: the mission is PUBLISHED; the volunteer is not erased; they are 18 or older
// (16 when the mission is open to minors) on the later of the mission's start date and `today`
// (the mission's local date); a REMOTE mission needs a volunteer who accepts remote work, an
// IN_PERSON or HYBRID one a volunteer who accepts in-person work; a mission with
// motivation_required needs a non-blank motivation.
// Reads mission.status, open_to_minors, start_date, format, motivation_required and
// volunteer.status, birth_date, accepts_in_person, accepts_remote.
absl::Status CheckCanApply(const renfort::v1::Mission& mission,
                           const renfort::v1::Volunteer& volunteer, absl::string_view motivation,
                           absl::CivilDay today);

// The status `action` leads to from `from`, or FAILED_PRECONDITION naming both when the
// transition is not allowed (participation.proto's state machine).
absl::StatusOr<renfort::v1::ParticipationStatus> TargetStatus(
    renfort::v1::ParticipationStatus from, renfort::v1::ParticipationAction action);

// The role under which `caller` requests `action` on a participation of `volunteer_id` in a
// mission of `organisation_id`, or PERMISSION_DENIED. The organisation (its managers, admins)
// may request every action; the volunteer only CANCEL of their own participation.
absl::StatusOr<renfort::v1::ActorRole> ActingRole(const Caller& caller,
                                                  renfort::v1::ParticipationAction action,
                                                  absl::string_view volunteer_id,
                                                  absl::string_view organisation_id);

// Field checks of a TransitionParticipationRequest (INVALID_ARGUMENT naming the field).
absl::Status ValidateTransitionRequest(const renfort::v1::TransitionParticipationRequest& request);

// Hours given by a MARK_DONE request, rounded to two decimals.
double HoursGiven(const renfort::v1::TransitionParticipationRequest& request);

// Whether a participation in `status` holds one of the mission's places.
bool HoldsPlace(renfort::v1::ParticipationStatus status);

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_MISSIONS_PARTICIPATION_RULES_H_
