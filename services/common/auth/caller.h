#ifndef RENFORT_SERVICES_COMMON_AUTH_CALLER_H_
#define RENFORT_SERVICES_COMMON_AUTH_CALLER_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace renfort::services {

// The four roles of DESIGN.md §3. A token may carry several (an association manager who also
// volunteers).
enum class Role { kVolunteer, kOrgManager, kCoordinator, kAdmin };

// "volunteer", "org_manager", "coordinator", "admin": the names used in tokens and messages.
absl::string_view RoleName(Role role);
// false for an unknown name.
bool ParseRole(absl::string_view name, Role& role);

// Who is calling, as proven by a verified token. Immutable once built.
struct Caller {
  std::string subject;                        // `sub`: the volunteer id for the volunteer role
  std::vector<Role> roles;
  std::vector<std::string> organisation_ids;  // `org_ids`: organisations an org_manager manages
  std::vector<std::string> department_codes;  // `dept_codes`: départements of a coordinator
  std::vector<std::string> network_ids;       // `network_ids`: networks a coordinator heads

  bool HasRole(Role role) const;
  bool IsAdmin() const { return HasRole(Role::kAdmin); }

  // The scope checks every handler uses after the policy table has let the call in. Each returns
  // OK or PERMISSION_DENIED with a message naming the rule (never a token or personal data).
  // Admins pass them all.

  // The caller is the volunteer `volunteer_id` itself.
  absl::Status RequireSelf(absl::string_view volunteer_id) const;
  // The caller manages organisation `organisation_id`.
  absl::Status RequireOrganisation(absl::string_view organisation_id) const;
  // The caller coordinates département `department_code`.
  absl::Status RequireDepartment(absl::string_view department_code) const;
  // The caller heads network `network_id`.
  absl::Status RequireNetwork(absl::string_view network_id) const;

  bool ManagesOrganisation(absl::string_view organisation_id) const;
  bool CoordinatesDepartment(absl::string_view department_code) const;
};

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_COMMON_AUTH_CALLER_H_
