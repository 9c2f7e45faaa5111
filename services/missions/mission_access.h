#ifndef RENFORT_SERVICES_MISSIONS_MISSION_ACCESS_H_
#define RENFORT_SERVICES_MISSIONS_MISSION_ACCESS_H_

// Who may see and act on organisations and missions, beyond the role table of
// services/common/auth/access_policy.cc. A caller manages an organisation when its token names
// it (org_ids) or when, as an org_manager, it is listed among the organisation's managers (so a
// manager can use an organisation they just created before their token is reissued).
// Coordinators act within their départements and the networks they head; admins everywhere.

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "renfort/v1/mission.pb.h"
#include "renfort/v1/organisation.pb.h"
#include "services/common/auth/caller.h"
#include "storage/missions/visibility.h"

namespace renfort::services {

namespace v1 = ::renfort::v1;

bool ManagesOrganisation(const Caller& caller, const v1::Organisation& organisation);
// A coordinator of `department_code` or of network `network_id` (when not empty), or an admin.
bool CoordinatesScope(const Caller& caller, absl::string_view department_code,
                      absl::string_view network_id);

// GetOrganisation: VALIDATED ones to anyone; others to managers, coordinators, admins.
bool CanSeeOrganisation(const Caller& caller, const v1::Organisation& organisation);
// GetMission: PUBLISHED, PAUSED and CLOSED ones to anyone; others to the organisation's
// managers, coordinators of the mission's département or the organisation's network, admins.
bool CanSeeMission(const Caller& caller, const v1::Mission& mission,
                   const v1::Organisation& organisation);

// The same rules as one list filter.
storage::Visibility VisibilityOf(const Caller& caller);

// NOT_FOUND when the caller may not even see the mission, PERMISSION_DENIED when it may see it
// but not manage its organisation, OK for the organisation's managers and admins.
absl::Status RequireMissionManager(const Caller& caller, const v1::Mission& mission,
                                   const v1::Organisation& organisation);

// The role recorded on participation transitions caused by `caller`: "admin", "org_manager"
// or "coordinator".
std::string ActorRoleName(const Caller& caller, const v1::Organisation& organisation);

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_MISSIONS_MISSION_ACCESS_H_
