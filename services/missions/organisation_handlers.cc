// MissionHandlers — Organisations: create, read, list, review.
#include "services/missions/mission_handlers.h"

#include "services/common/status.h"

namespace renfort::services {

absl::Status MissionHandlers::CreateOrganisation(const Caller&, const v1::CreateOrganisationRequest&,
                      v1::CreateOrganisationResponse&) {
  return NotYetAvailable("MissionService.CreateOrganisation");
}

absl::Status MissionHandlers::GetOrganisation(const Caller&, const v1::GetOrganisationRequest&,
                      v1::GetOrganisationResponse&) {
  return NotYetAvailable("MissionService.GetOrganisation");
}

absl::Status MissionHandlers::ListOrganisations(const Caller&, const v1::ListOrganisationsRequest&,
                      v1::ListOrganisationsResponse&) {
  return NotYetAvailable("MissionService.ListOrganisations");
}

absl::Status MissionHandlers::ReviewOrganisation(const Caller&, const v1::ReviewOrganisationRequest&,
                      v1::ReviewOrganisationResponse&) {
  return NotYetAvailable("MissionService.ReviewOrganisation");
}

}  // namespace renfort::services
