// MissionHandlers — Organisations: create, read, list, review.
#include "absl/strings/str_cat.h"
#include "services/common/paging.h"
#include "services/common/validation.h"
#include "services/missions/mission_access.h"
#include "services/missions/mission_handlers.h"
#include "services/missions/mission_validation.h"
#include "storage/missions/organisation_store.h"
#include "storage/status_macros.h"

namespace renfort::services {
namespace {

// "75", "2A", "974": the shape of a département code.
bool IsDepartmentCode(absl::string_view code) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (code.size() == 2) return (digit(code[0]) && digit(code[1])) || code == "2A" || code == "2B";
  return code.size() == 3 && code[0] == '9' && code[1] == '7' && digit(code[2]);
}

absl::Status ValidateListFilters(const v1::ListOrganisationsRequest& request) {
  FieldChecker check;
  check.Expect(request.department_code().empty() || IsDepartmentCode(request.department_code()),
               "department_code",
               absl::StrCat("must be a département code like 75, 2A or 974, got '",
                            request.department_code(), "'"));
  for (int i = 0; i < request.statuses_size(); ++i) {
    check.Range(absl::StrCat("statuses[", i, "]"), request.statuses(i), 1, 4);
  }
  check.Range("kind", request.kind(), 0, 5);
  check.Length("network_id", request.network_id(), 0, 100);
  return check.status();
}

}  // namespace

absl::Status MissionHandlers::CreateOrganisation(const Caller& caller,
                                                 const v1::CreateOrganisationRequest& request,
                                                 v1::CreateOrganisationResponse& response) {
  RETURN_IF_ERROR(ValidateNewOrganisation(request.organisation()));
  storage::OrganisationStore store(*backends_.database);
  ASSIGN_OR_RETURN(*response.mutable_organisation(),
                   store.Create(request.organisation(), caller.subject));
  return absl::OkStatus();
}

absl::Status MissionHandlers::GetOrganisation(const Caller& caller,
                                              const v1::GetOrganisationRequest& request,
                                              v1::GetOrganisationResponse& response) {
  FieldChecker check;
  check.Uuid("organisation_id", request.organisation_id());
  RETURN_IF_ERROR(check.status());
  storage::OrganisationStore store(*backends_.database);
  ASSIGN_OR_RETURN(v1::Organisation organisation, store.Get(request.organisation_id()));
  if (!CanSeeOrganisation(caller, organisation)) {
    return absl::NotFoundError(
        absl::StrCat("organisation ", request.organisation_id(), " not found"));
  }
  *response.mutable_organisation() = std::move(organisation);
  return absl::OkStatus();
}

absl::Status MissionHandlers::ListOrganisations(const Caller& caller,
                                                const v1::ListOrganisationsRequest& request,
                                                v1::ListOrganisationsResponse& response) {
  ASSIGN_OR_RETURN(const int page_size, PageSize(request.page_size()));
  RETURN_IF_ERROR(ValidateListFilters(request));
  const std::string fingerprint = FilterFingerprint(request);
  ASSIGN_OR_RETURN(const std::vector<std::string> after,
                   DecodePageToken(request.page_token(), fingerprint, 2));
  if (after.size() == 2 && !IsUuid(after[1])) {
    return absl::InvalidArgumentError("page_token: is not a token of this list");
  }
  storage::OrganisationStore store(*backends_.database);
  ASSIGN_OR_RETURN(std::vector<v1::Organisation> organisations,
                   store.List(request, VisibilityOf(caller), page_size + 1, after));
  const bool more = static_cast<int>(organisations.size()) > page_size;
  if (more) organisations.resize(page_size);
  for (v1::Organisation& organisation : organisations) {
    *response.add_organisations() = std::move(organisation);
  }
  if (more) {
    const v1::Organisation& last = response.organisations(page_size - 1);
    response.set_next_page_token(EncodePageToken(fingerprint, {last.name(), last.id()}));
  }
  return absl::OkStatus();
}

absl::Status MissionHandlers::ReviewOrganisation(const Caller& caller,
                                                 const v1::ReviewOrganisationRequest& request,
                                                 v1::ReviewOrganisationResponse& response) {
  FieldChecker check;
  check.Uuid("organisation_id", request.organisation_id());
  check.Range("decision", request.decision(), 1, 4);
  RETURN_IF_ERROR(check.status());
  const bool reason_required = request.decision() == v1::ORGANISATION_REVIEW_DECISION_REFUSE ||
                               request.decision() == v1::ORGANISATION_REVIEW_DECISION_SUSPEND;
  RETURN_IF_ERROR(ValidateReason("reason", request.reason(), reason_required));
  storage::OrganisationStore store(*backends_.database);
  auto authorize = [&](const v1::Organisation& organisation) -> absl::Status {
    if (CoordinatesScope(caller, organisation.address().commune().department_code(),
                         organisation.network_id())) {
      return absl::OkStatus();
    }
    return absl::PermissionDeniedError(absl::StrCat(
        "organisation ", organisation.id(), " is outside the caller's départements and networks"));
  };
  ASSIGN_OR_RETURN(*response.mutable_organisation(),
                   store.Review(request.organisation_id(), request.decision(), request.reason(),
                                caller.subject, authorize));
  return absl::OkStatus();
}

}  // namespace renfort::services
