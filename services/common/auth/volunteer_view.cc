#include "services/common/auth/volunteer_view.h"

namespace renfort::services {
namespace {

void Pseudonymise(renfort::v1::Volunteer& volunteer) {
  // Keep the first character of the last name (a whole UTF-8 sequence) as an initial.
  std::string initial;
  const std::string& last_name = volunteer.last_name();
  if (!last_name.empty()) {
    size_t length = 1;
    while (length < last_name.size() && (static_cast<unsigned char>(last_name[length]) & 0xC0) == 0x80) {
      ++length;
    }
    initial = last_name.substr(0, length) + ".";
  }
  volunteer.set_last_name(initial);
  volunteer.clear_email();
  volunteer.clear_phone();
  volunteer.clear_birth_date();
}

}  // namespace

void RestrictVolunteerView(const Caller& caller, VolunteerRelation relation,
                           renfort::v1::Volunteer& volunteer) {
  if (caller.IsAdmin()) return;
  if (caller.HasRole(Role::kVolunteer) && caller.subject == volunteer.id()) return;
  if (caller.HasRole(Role::kOrgManager) &&
      relation == VolunteerRelation::kRelatedToCallersOrganisation) {
    volunteer.clear_birth_date();
    return;
  }
  Pseudonymise(volunteer);
}

}  // namespace renfort::services
