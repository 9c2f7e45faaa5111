#include "services/missions/participation_scope.h"

#include "absl/strings/ascii.h"
#include "services/common/validation.h"

namespace renfort::services {
namespace {

// Token claims are trusted but not necessarily well formed; a malformed id could never match
// a row, and would break the uuid[] parameter it is sent in.
std::vector<std::string> WellFormedIds(const std::vector<std::string>& ids) {
  std::vector<std::string> result;
  for (const std::string& id : ids) {
    if (IsUuid(id)) result.push_back(id);
  }
  return result;
}

}  // namespace

storage::ParticipationVisibility ParticipationVisibilityOf(const Caller& caller) {
  storage::ParticipationVisibility visibility;
  visibility.everything = caller.IsAdmin();
  if (caller.HasRole(Role::kVolunteer)) visibility.volunteer_id = caller.subject;
  if (caller.HasRole(Role::kOrgManager)) {
    visibility.organisation_ids = WellFormedIds(caller.organisation_ids);
  }
  if (caller.HasRole(Role::kCoordinator)) {
    visibility.department_codes = caller.department_codes;
    visibility.network_ids = WellFormedIds(caller.network_ids);
  }
  return visibility;
}

void RestrictParticipantContact(const Caller& caller, renfort::v1::Participation& participation) {
  if (caller.IsAdmin() || caller.HasRole(Role::kCoordinator) ||
      caller.ManagesOrganisation(participation.organisation_id())) {
    return;
  }
  participation.clear_participant();
}

bool IsDepartmentCode(absl::string_view code) {
  if (code == "2A" || code == "2B") return true;
  if (code.size() == 2) return absl::ascii_isdigit(code[0]) && absl::ascii_isdigit(code[1]);
  if (code.size() == 3) return code.substr(0, 2) == "97" && code[2] >= '1' && code[2] <= '6';
  return false;
}

}  // namespace renfort::services
