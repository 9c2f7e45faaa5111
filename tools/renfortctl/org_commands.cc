// `renfortctl org create|get|list|review`: organisations (MissionService).
#include "absl/strings/str_cat.h"
#include "renfort/v1/mission_service.grpc.pb.h"
#include "tools/renfortctl/command.h"
#include "tools/renfortctl/display.h"
#include "tools/renfortctl/org_view.h"
#include "tools/renfortctl/request_parts.h"
#include "tools/renfortctl/table.h"

namespace renfort::ctl {
namespace {

using v1::MissionService;

const google::protobuf::EnumDescriptor* kKind() { return v1::OrganisationKind_descriptor(); }
const google::protobuf::EnumDescriptor* kStatus() { return v1::OrganisationStatus_descriptor(); }

// "user_id,Display Name,email": the display name may itself hold commas.
absl::Status ParseManager(const std::string& text, v1::OrganisationManager* manager) {
  const size_t first = text.find(',');
  const size_t last = text.rfind(',');
  if (first == std::string::npos || first == last) {
    return FlagError("manager",
                     absl::StrCat("expected 'user_id,Display Name,email', got '", text, "'"));
  }
  manager->set_user_id(text.substr(0, first));
  manager->set_display_name(text.substr(first + 1, last - first - 1));
  manager->set_email(text.substr(last + 1));
  return absl::OkStatus();
}

absl::Status BuildCreate(const ParsedFlags& flags, v1::CreateOrganisationRequest& request) {
  v1::Organisation& organisation = *request.mutable_organisation();
  if (flags.Has("file")) {
    if (absl::Status status = ReadJsonFile("file", flags.String("file"), &organisation);
        !status.ok()) {
      return status;
    }
  } else if (!flags.Has("name")) {
    return FlagError("name", "is required (or give the whole organisation with --file)");
  }
  if (flags.Has("name")) organisation.set_name(flags.String("name"));
  if (flags.Has("kind"))
    organisation.set_kind(static_cast<v1::OrganisationKind>(flags.Enum("kind")));
  if (flags.Has("siret")) organisation.set_siret(flags.String("siret"));
  if (flags.Has("rna")) organisation.set_rna(flags.String("rna"));
  if (flags.Has("network")) organisation.set_network_id(flags.String("network"));
  v1::Address& address = *organisation.mutable_address();
  if (flags.Has("commune")) address.mutable_commune()->set_insee_code(flags.String("commune"));
  if (flags.Has("street")) address.set_street(flags.String("street"));
  if (flags.Has("postal-code")) address.set_postal_code(flags.String("postal-code"));
  if (flags.Has("manager")) organisation.clear_managers();
  for (const std::string& text : flags.List("manager")) {
    if (absl::Status status = ParseManager(text, organisation.add_managers()); !status.ok())
      return status;
  }
  if (organisation.kind() == v1::ORGANISATION_KIND_UNSPECIFIED) {
    return FlagError("kind", "is required");
  }
  if (organisation.address().commune().insee_code().empty()) {
    return FlagError("commune", "is required: the INSEE code of the seat's commune, e.g. 59350");
  }
  if (organisation.managers().empty()) {
    return FlagError("manager", "is required at least once: 'user_id,Display Name,email'");
  }
  return absl::OkStatus();
}

std::string FormatOne(const v1::Organisation& organisation, const ParsedFlags&) {
  return OrganisationFields(organisation);
}

Command Create() {
  Command command =
      UnaryCommand<MissionService, v1::CreateOrganisationRequest, v1::CreateOrganisationResponse>(
          "org", "create",
          "Creates an organisation, PENDING_REVIEW until a coordinator reviews it.",
          "renfort.v1.MissionService/CreateOrganisation",
          {StringFlag("file", "the Organisation as protobuf JSON; flags given as well override it"),
           StringFlag("name", "name, 1-200 characters"),
           EnumFlag("kind", kKind(), "ORGANISATION_KIND_", "legal kind"),
           StringFlag("siret", "SIRET, 14 digits"), StringFlag("rna", "RNA number, W + 9 digits"),
           StringFlag("network", "network slug, e.g. restos_du_coeur"),
           StringFlag("commune", "INSEE code of the seat's commune, e.g. 59350 (Lille)"),
           StringFlag("street", "street line of the seat"),
           StringFlag("postal-code", "postal code of the seat"),
           RepeatedFlag("manager",
                        "a manager as 'user_id,Display Name,email'; repeat for several")},
          BuildCreate, &MissionService::Stub::CreateOrganisation,
          [](const v1::CreateOrganisationResponse& response, const ParsedFlags& flags) {
            return FormatOne(response.organisation(), flags);
          });
  command.details =
      "Example: --name='Banque alimentaire du Nord' --kind=association --commune=59350 \\\n"
      "  --manager='u-1,Claire Martin,claire@example.org'";
  return command;
}

Command Get() {
  return UnaryCommand<MissionService, v1::GetOrganisationRequest, v1::GetOrganisationResponse>(
      "org", "get", "Shows one organisation.", "renfort.v1.MissionService/GetOrganisation",
      {StringFlag("id", "organisation id", true)},
      [](const ParsedFlags& flags, v1::GetOrganisationRequest& request) {
        request.set_organisation_id(flags.String("id"));
        return absl::OkStatus();
      },
      &MissionService::Stub::GetOrganisation,
      [](const v1::GetOrganisationResponse& response, const ParsedFlags& flags) {
        return FormatOne(response.organisation(), flags);
      });
}

Command List() {
  std::vector<FlagSpec> flags = {
      StringFlag("dept", "only organisations of this département, e.g. 59"),
      EnumListFlag("status", kStatus(), "ORGANISATION_STATUS_", "only these statuses"),
      EnumFlag("kind", kKind(), "ORGANISATION_KIND_", "only this kind"),
      StringFlag("network", "only members of this network")};
  for (FlagSpec& flag : PageFlags()) flags.push_back(std::move(flag));
  return UnaryCommand<MissionService, v1::ListOrganisationsRequest, v1::ListOrganisationsResponse>(
      "org", "list", "Lists the organisations you may see, by name.",
      "renfort.v1.MissionService/ListOrganisations", std::move(flags),
      [](const ParsedFlags& flags, v1::ListOrganisationsRequest& request) {
        SetPage(flags, request);
        request.set_department_code(flags.String("dept"));
        AddEnums(flags, "status", request.mutable_statuses());
        request.set_kind(static_cast<v1::OrganisationKind>(flags.Enum("kind")));
        request.set_network_id(flags.String("network"));
        return absl::OkStatus();
      },
      &MissionService::Stub::ListOrganisations,
      [](const v1::ListOrganisationsResponse& response, const ParsedFlags&) {
        return OrganisationTable(response.organisations()) +
               NextPageLine(response.next_page_token());
      });
}

Command Review() {
  Command command =
      UnaryCommand<MissionService, v1::ReviewOrganisationRequest, v1::ReviewOrganisationResponse>(
          "org", "review", "Records a review decision: validate, refuse, suspend or reinstate.",
          "renfort.v1.MissionService/ReviewOrganisation",
          {StringFlag("id", "organisation id", true),
           EnumFlag("decision", v1::OrganisationReviewDecision_descriptor(),
                    "ORGANISATION_REVIEW_DECISION_", "the decision", true),
           StringFlag("reason", "why, shown to the organisation; required to refuse or suspend")},
          [](const ParsedFlags& flags, v1::ReviewOrganisationRequest& request) {
            request.set_organisation_id(flags.String("id"));
            request.set_decision(
                static_cast<v1::OrganisationReviewDecision>(flags.Enum("decision")));
            request.set_reason(flags.String("reason"));
            const bool needs_reason =
                request.decision() == v1::ORGANISATION_REVIEW_DECISION_REFUSE ||
                request.decision() == v1::ORGANISATION_REVIEW_DECISION_SUSPEND;
            if (needs_reason && request.reason().empty()) {
              return FlagError("reason", "is required to refuse or suspend an organisation");
            }
            return absl::OkStatus();
          },
          &MissionService::Stub::ReviewOrganisation,
          [](const v1::ReviewOrganisationResponse& response, const ParsedFlags& flags) {
            return FormatOne(response.organisation(), flags);
          });
  command.details = "Coordinators of the organisation's département or network, and admins.";
  return command;
}

}  // namespace

std::vector<Command> OrgCommands() { return {Create(), Get(), List(), Review()}; }

}  // namespace renfort::ctl
