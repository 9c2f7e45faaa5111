#include "services/common/auth/caller.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace renfort::services {
namespace {

bool Contains(const std::vector<std::string>& values, absl::string_view value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

}  // namespace

absl::string_view RoleName(Role role) {
  switch (role) {
    case Role::kVolunteer: return "volunteer";
    case Role::kOrgManager: return "org_manager";
    case Role::kCoordinator: return "coordinator";
    case Role::kAdmin: return "admin";
  }
  return "unknown";
}

bool ParseRole(absl::string_view name, Role& role) {
  for (Role candidate : {Role::kVolunteer, Role::kOrgManager, Role::kCoordinator, Role::kAdmin}) {
    if (RoleName(candidate) == name) {
      role = candidate;
      return true;
    }
  }
  return false;
}

bool Caller::HasRole(Role role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

bool Caller::ManagesOrganisation(absl::string_view organisation_id) const {
  return IsAdmin() || (HasRole(Role::kOrgManager) && Contains(organisation_ids, organisation_id));
}

bool Caller::CoordinatesDepartment(absl::string_view department_code) const {
  return IsAdmin() || (HasRole(Role::kCoordinator) && Contains(department_codes, department_code));
}

absl::Status Caller::RequireSelf(absl::string_view volunteer_id) const {
  if (IsAdmin() || (HasRole(Role::kVolunteer) && subject == volunteer_id)) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError("a volunteer may only act on their own account");
}

absl::Status Caller::RequireOrganisation(absl::string_view organisation_id) const {
  if (ManagesOrganisation(organisation_id)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat("organisation ", organisation_id, " is not one of the caller's organisations"));
}

absl::Status Caller::RequireDepartment(absl::string_view department_code) const {
  if (CoordinatesDepartment(department_code)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat("département ", department_code, " is not one of the caller's départements"));
}

absl::Status Caller::RequireNetwork(absl::string_view network_id) const {
  if (IsAdmin() || (HasRole(Role::kCoordinator) && Contains(network_ids, network_id))) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      absl::StrCat("network ", network_id, " is not headed by the caller"));
}

}  // namespace renfort::services
