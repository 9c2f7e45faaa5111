#include "services/volunteers/volunteer_access.h"

#include "absl/strings/str_cat.h"
#include "services/common/validation.h"

namespace renfort::services {

absl::StatusOr<std::string> TargetVolunteer(const Caller& caller, absl::string_view requested_id,
                                            absl::string_view field) {
  std::string id(requested_id);
  if (id.empty() && caller.HasRole(Role::kVolunteer)) id = caller.subject;
  FieldChecker check;
  check.Uuid(field, id);
  if (!check.ok()) return check.status();
  return id;
}

bool IsSelf(const Caller& caller, absl::string_view volunteer_id) {
  return caller.HasRole(Role::kVolunteer) && caller.subject == volunteer_id;
}

absl::Status RequireSelfOrStaff(const Caller& caller, absl::string_view volunteer_id) {
  if (IsSelf(caller, volunteer_id) || caller.IsAdmin() || caller.HasRole(Role::kCoordinator) ||
      caller.HasRole(Role::kOrgManager)) {
    return absl::OkStatus();
  }
  return caller.RequireSelf(volunteer_id);
}

absl::Status RequireSelfOrCoordinator(const Caller& caller, const renfort::v1::Volunteer& volunteer) {
  if (IsSelf(caller, volunteer.id()) || caller.IsAdmin()) return absl::OkStatus();
  if (caller.HasRole(Role::kCoordinator)) {
    return caller.RequireDepartment(volunteer.home_commune().department_code());
  }
  return caller.RequireSelf(volunteer.id());
}

}  // namespace renfort::services
