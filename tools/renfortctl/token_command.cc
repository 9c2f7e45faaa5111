#include "tools/renfortctl/token_command.h"

#include "absl/strings/str_cat.h"
#include "services/common/auth/jwt_minter.h"
#include "storage/status_macros.h"

namespace renfort::ctl {

using services::Caller;
using services::Role;

absl::StatusOr<std::string> MintDevelopmentToken(const TokenOptions& options, absl::Time now) {
  Caller caller{.subject = options.subject,
                .organisation_ids = options.organisation_ids,
                .department_codes = options.department_codes,
                .network_ids = options.network_ids};
  if (options.roles.empty()) {
    return absl::InvalidArgumentError(
        "--role is required: volunteer, org_manager, coordinator or admin (comma-separated)");
  }
  for (const std::string& name : options.roles) {
    Role role;
    if (!services::ParseRole(name, role)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--role: unknown role '", name, "'; use volunteer, org_manager, coordinator or admin"));
    }
    caller.roles.push_back(role);
  }
  if (caller.subject.empty()) {
    if (caller.HasRole(Role::kVolunteer)) {
      return absl::InvalidArgumentError(
          "--volunteer is required for the volunteer role: the token's subject is the volunteer id");
    }
    caller.subject = absl::StrCat(options.roles.front(), "-dev");
  }
  if (caller.HasRole(Role::kOrgManager) && caller.organisation_ids.empty()) {
    return absl::InvalidArgumentError("--org is required for the org_manager role");
  }
  if (caller.HasRole(Role::kCoordinator) && caller.department_codes.empty() &&
      caller.network_ids.empty()) {
    return absl::InvalidArgumentError("--dept (or --network) is required for the coordinator role");
  }
  ASSIGN_OR_RETURN(services::PemKey key, services::ReadPrivateKeyFile(options.private_key_file));
  // Servers name keys after their public file: "renfort-dev.private.pem" signs for "renfort-dev".
  if (const size_t suffix = key.id.rfind(".private"); suffix != std::string::npos) {
    key.id.resize(suffix);
  }
  return services::MintToken({.caller = caller,
                              .issuer = options.issuer,
                              .audience = options.audience,
                              .issued_at = now,
                              .lifetime = options.lifetime},
                             key);
}

}  // namespace renfort::ctl
