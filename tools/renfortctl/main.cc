// renfortctl: the command-line client of renfort.
//
//   renfortctl token --role=volunteer --volunteer=<id>      mint a development bearer token
//   renfortctl token --role=org_manager --org=<id>[,<id>]
//   renfortctl token --role=coordinator --dept=59[,62]
//   renfortctl token --role=admin
//
// Tokens are signed with --key (RENFORT_DEV_SIGNING_KEY), the development private key that
// scripts/run creates in build/dev-keys/. Exit codes: 0 ok, 2 bad usage.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "tools/renfortctl/token_command.h"

ABSL_FLAG(std::string, role, "", "Roles, comma-separated: volunteer, org_manager, coordinator, admin");
ABSL_FLAG(std::string, volunteer, "", "Volunteer id (the token's subject for the volunteer role)");
ABSL_FLAG(std::string, subject, "", "Token subject when not a volunteer (default: <role>-dev)");
ABSL_FLAG(std::string, org, "", "Organisation ids an org_manager manages, comma-separated");
ABSL_FLAG(std::string, dept, "", "Département codes a coordinator covers, comma-separated");
ABSL_FLAG(std::string, network, "", "Network ids a coordinator heads, comma-separated");
ABSL_FLAG(std::string, key, "", "Private signing key (PEM); default RENFORT_DEV_SIGNING_KEY");
ABSL_FLAG(std::string, issuer, "renfort", "Token issuer");
ABSL_FLAG(std::string, audience, "renfort", "Token audience");
ABSL_FLAG(absl::Duration, ttl, absl::Hours(12), "Token lifetime, e.g. 30m or 12h");

namespace {

std::vector<std::string> List(const std::string& text) {
  return absl::StrSplit(text, ',', absl::SkipWhitespace());
}

int Usage() {
  std::fputs("usage: renfortctl token --role=ROLE [--volunteer=ID] [--org=IDS] [--dept=CODES] "
             "[--key=FILE]\n       renfortctl --help for every flag\n",
             stderr);
  return 2;
}

int RunToken() {
  renfort::ctl::TokenOptions options;
  options.roles = List(absl::GetFlag(FLAGS_role));
  options.subject = absl::GetFlag(FLAGS_volunteer).empty() ? absl::GetFlag(FLAGS_subject)
                                                           : absl::GetFlag(FLAGS_volunteer);
  options.organisation_ids = List(absl::GetFlag(FLAGS_org));
  options.department_codes = List(absl::GetFlag(FLAGS_dept));
  options.network_ids = List(absl::GetFlag(FLAGS_network));
  options.private_key_file = absl::GetFlag(FLAGS_key);
  if (options.private_key_file.empty()) {
    const char* env = std::getenv("RENFORT_DEV_SIGNING_KEY");
    options.private_key_file = env == nullptr ? "" : env;
  }
  if (options.private_key_file.empty()) {
    std::fputs("renfortctl token: --key (RENFORT_DEV_SIGNING_KEY) is required: the development "
               "private key, e.g. build/dev-keys/renfort-dev.private.pem\n",
               stderr);
    return 2;
  }
  options.issuer = absl::GetFlag(FLAGS_issuer);
  options.audience = absl::GetFlag(FLAGS_audience);
  options.lifetime = absl::GetFlag(FLAGS_ttl);
  absl::StatusOr<std::string> token = renfort::ctl::MintDevelopmentToken(options, absl::Now());
  if (!token.ok()) {
    std::fprintf(stderr, "renfortctl token: %s\n", std::string(token.status().message()).c_str());
    return 2;
  }
  std::printf("%s\n", token->c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("renfortctl COMMAND [flags]. Commands: token.");
  std::vector<char*> arguments = absl::ParseCommandLine(argc, argv);
  if (arguments.size() != 2) return Usage();
  const std::string command = arguments[1];
  if (command == "token") return RunToken();
  std::fprintf(stderr, "renfortctl: unknown command '%s'\n", command.c_str());
  return Usage();
}
