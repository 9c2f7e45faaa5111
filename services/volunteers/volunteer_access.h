#ifndef RENFORT_SERVICES_VOLUNTEERS_VOLUNTEER_ACCESS_H_
#define RENFORT_SERVICES_VOLUNTEERS_VOLUNTEER_ACCESS_H_

// Who may act on which volunteer, inside VolunteerService handlers, after the access policy
// table let the call in (docs/privacy.md). Refusals are PERMISSION_DENIED and never say whether
// the volunteer exists.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "renfort/v1/volunteer.pb.h"
#include "services/common/auth/caller.h"

namespace renfort::services {

// The volunteer a request is about: `requested_id` (field `field`), or the caller's own id when
// it is empty and the caller is a volunteer. INVALID_ARGUMENT when empty for anyone else, or not
// a UUID.
absl::StatusOr<std::string> TargetVolunteer(const Caller& caller, absl::string_view requested_id,
                                            absl::string_view field = "volunteer_id");

// True when the caller is the volunteer `volunteer_id` themself (volunteer role, same subject).
bool IsSelf(const Caller& caller, absl::string_view volunteer_id);

// Checks made before reading anything: a caller whose only ways in are being the volunteer
// (volunteer role) is refused at once for someone else, so a volunteer can never learn anything
// about another one.
absl::Status RequireSelfOrStaff(const Caller& caller, absl::string_view volunteer_id);

// The volunteer themself, an admin, or a coordinator of the volunteer's home département.
absl::Status RequireSelfOrCoordinator(const Caller& caller, const renfort::v1::Volunteer& volunteer);

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_VOLUNTEERS_VOLUNTEER_ACCESS_H_
