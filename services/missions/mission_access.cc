#include "services/missions/mission_access.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/common/validation.h"

namespace renfort::services {

bool ManagesOrganisation(const Caller& caller, const v1::Organisation& organisation) {
  if (caller.ManagesOrganisation(organisation.id())) return true;
  if (!caller.HasRole(Role::kOrgManager) || caller.subject.empty()) return false;
  return std::any_of(
      organisation.managers().begin(), organisation.managers().end(),
      [&](const v1::OrganisationManager& manager) { return manager.user_id() == caller.subject; });
}

bool CoordinatesScope(const Caller& caller, absl::string_view department_code,
                      absl::string_view network_id) {
  if (caller.CoordinatesDepartment(department_code)) return true;
  return !network_id.empty() && caller.RequireNetwork(network_id).ok();
}

bool CanSeeOrganisation(const Caller& caller, const v1::Organisation& organisation) {
  return organisation.status() == v1::ORGANISATION_STATUS_VALIDATED ||
         ManagesOrganisation(caller, organisation) ||
         CoordinatesScope(caller, organisation.address().commune().department_code(),
                          organisation.network_id());
}

bool CanSeeMission(const Caller& caller, const v1::Mission& mission,
                   const v1::Organisation& organisation) {
  switch (mission.status()) {
    case v1::MISSION_STATUS_PUBLISHED:
    case v1::MISSION_STATUS_PAUSED:
    case v1::MISSION_STATUS_CLOSED:
      return true;
    default:
      return ManagesOrganisation(caller, organisation) ||
             CoordinatesScope(caller, mission.department_code(), organisation.network_id());
  }
}

storage::Visibility VisibilityOf(const Caller& caller) {
  storage::Visibility visibility;
  visibility.everything = caller.IsAdmin();
  if (caller.HasRole(Role::kOrgManager)) {
    for (const std::string& id : caller.organisation_ids) {
      if (IsUuid(id)) visibility.organisation_ids.push_back(id);
    }
    visibility.manager_subject = caller.subject;
  }
  if (caller.HasRole(Role::kCoordinator)) {
    visibility.department_codes = caller.department_codes;
    visibility.network_ids = caller.network_ids;
  }
  return visibility;
}

absl::Status RequireMissionManager(const Caller& caller, const v1::Mission& mission,
                                   const v1::Organisation& organisation) {
  if (ManagesOrganisation(caller, organisation)) return absl::OkStatus();
  if (!CanSeeMission(caller, mission, organisation)) {
    return absl::NotFoundError(absl::StrCat("mission ", mission.id(), " not found"));
  }
  return absl::PermissionDeniedError(
      absl::StrCat("mission ", mission.id(), " belongs to organisation ", organisation.id(),
                   ", which is not one of the caller's organisations"));
}

std::string ActorRoleName(const Caller& caller, const v1::Organisation& organisation) {
  if (caller.IsAdmin()) return "admin";
  if (ManagesOrganisation(caller, organisation)) return "org_manager";
  return "coordinator";
}

}  // namespace renfort::services
