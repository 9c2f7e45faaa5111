#include "tools/renfortctl/org_view.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/renfortctl/display.h"
#include "tools/renfortctl/flags.h"
#include "tools/renfortctl/table.h"

namespace renfort::ctl {
namespace {

std::string KindName(int kind) {
  return EnumDisplayName(*v1::OrganisationKind_descriptor(), "ORGANISATION_KIND_", kind);
}
std::string StatusName(int status) {
  return EnumDisplayName(*v1::OrganisationStatus_descriptor(), "ORGANISATION_STATUS_", status);
}

std::string Place(const v1::Address& address) {
  std::vector<std::string> parts;
  if (!address.street().empty()) parts.push_back(address.street());
  std::string commune =
      address.commune().name().empty() ? address.commune().insee_code() : address.commune().name();
  if (!address.postal_code().empty()) commune = absl::StrCat(address.postal_code(), " ", commune);
  if (!commune.empty()) parts.push_back(commune);
  return absl::StrJoin(parts, ", ");
}

}  // namespace

std::string OrganisationFields(const v1::Organisation& organisation) {
  std::vector<std::string> managers;
  for (const v1::OrganisationManager& manager : organisation.managers()) {
    std::string text = manager.display_name().empty() ? manager.user_id() : manager.display_name();
    if (!manager.email().empty()) absl::StrAppend(&text, " <", manager.email(), ">");
    managers.push_back(std::move(text));
  }
  return RenderFields({{"id", organisation.id()},
                       {"name", organisation.name()},
                       {"kind", KindName(organisation.kind())},
                       {"status", StatusName(organisation.status())},
                       {"status reason", organisation.status_reason()},
                       {"siret", organisation.siret()},
                       {"rna", organisation.rna()},
                       {"network", organisation.network_id()},
                       {"address", Place(organisation.address())},
                       {"département", organisation.address().commune().department_code()},
                       {"managers", absl::StrJoin(managers, "; ")},
                       {"created", FormatTime(organisation.create_time())},
                       {"updated", FormatTime(organisation.update_time())}});
}

std::string OrganisationTable(
    const google::protobuf::RepeatedPtrField<v1::Organisation>& organisations) {
  Table table({"ID", "NAME", "KIND", "DEPT", "STATUS", "NETWORK"});
  for (const v1::Organisation& organisation : organisations) {
    table.AddRow({organisation.id(), organisation.name(), KindName(organisation.kind()),
                  organisation.address().commune().department_code(),
                  StatusName(organisation.status()), organisation.network_id()});
  }
  return table.Render();
}

}  // namespace renfort::ctl
