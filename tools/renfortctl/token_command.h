#ifndef RENFORT_TOOLS_RENFORTCTL_TOKEN_COMMAND_H_
#define RENFORT_TOOLS_RENFORTCTL_TOKEN_COMMAND_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace renfort::ctl {

// What `renfortctl token` is asked to mint.
struct TokenOptions {
  std::vector<std::string> roles;            // --role: volunteer, org_manager, coordinator, admin
  std::string subject;                       // --subject, or --volunteer for a volunteer
  std::vector<std::string> organisation_ids; // --org
  std::vector<std::string> department_codes; // --dept
  std::vector<std::string> network_ids;      // --network
  std::string private_key_file;              // --key
  std::string issuer = "renfort";
  std::string audience = "renfort";
  absl::Duration lifetime = absl::Hours(12);
};

// Mints a development token signed with the private key file. INVALID_ARGUMENT naming the flag
// when the options are inconsistent (no role, unknown role, a volunteer without --volunteer...).
absl::StatusOr<std::string> MintDevelopmentToken(const TokenOptions& options, absl::Time now);

}  // namespace renfort::ctl

#endif  // RENFORT_TOOLS_RENFORTCTL_TOKEN_COMMAND_H_
