// The registry of renfortctl's commands, and the `token` command, which needs no server.
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "tools/renfortctl/command.h"
#include "tools/renfortctl/errors.h"
#include "tools/renfortctl/token_command.h"

namespace renfort::ctl {
namespace {

int RunToken(const ParsedFlags& flags, std::ostream& out, std::ostream& err) {
  TokenOptions options;
  options.roles = flags.List("role");
  options.subject = flags.Has("volunteer") ? flags.String("volunteer") : flags.String("subject");
  options.organisation_ids = flags.List("org");
  options.department_codes = flags.List("dept");
  options.network_ids = flags.List("network");
  options.private_key_file = flags.String("key");
  if (options.private_key_file.empty()) {
    const char* env = std::getenv("RENFORT_DEV_SIGNING_KEY");
    options.private_key_file = env == nullptr ? "" : env;
  }
  if (options.private_key_file.empty()) {
    err << "renfortctl token: --key (RENFORT_DEV_SIGNING_KEY) is required: the development "
           "private key, e.g. build/dev-keys/renfort-dev.private.pem\n";
    return kExitUsage;
  }
  if (flags.Has("issuer")) options.issuer = flags.String("issuer");
  if (flags.Has("audience")) options.audience = flags.String("audience");
  if (flags.Has("ttl")) options.lifetime = flags.Duration("ttl");
  absl::StatusOr<std::string> token = MintDevelopmentToken(options, absl::Now());
  if (!token.ok()) {
    err << "renfortctl token: " << token.status().message() << "\n";
    return kExitUsage;
  }
  out << *token << "\n";
  return kExitOk;
}

std::vector<Command> BuildAll() {
  std::vector<Command> all;
  for (auto group : {OrgCommands, MissionCommands, VolunteerCommands, ParticipationCommands,
                     MatchCommands, InvitationCommands, StatsCommands, ImportCommands}) {
    for (Command& command : group()) all.push_back(std::move(command));
  }
  all.push_back(TokenCommand());
  return all;
}

}  // namespace

absl::Status FlagError(const std::string& flag, const std::string& message) {
  // "--commune is required", but "--places: expected ...".
  const bool verb_first = message.rfind("is ", 0) == 0;
  return absl::InvalidArgumentError(absl::StrCat("--", flag, verb_first ? " " : ": ", message));
}

Command TokenCommand() {
  Command command;
  command.name = "token";
  command.summary = "Mints a development bearer token signed with the key scripts/run creates.";
  command.details =
      "Examples: --role=volunteer --volunteer=<uuid>; --role=org_manager --org=<uuid>;\n"
      "--role=coordinator --dept=59,62; --role=admin. Use it with --token or RENFORT_TOKEN:\n"
      "  export RENFORT_TOKEN=$(renfortctl token --role=admin)";
  command.flags = {
      ListFlag("role", "roles: volunteer, org_manager, coordinator, admin"),
      StringFlag("volunteer", "volunteer id (the token's subject for the volunteer role)"),
      StringFlag("subject", "token subject when not a volunteer (default: <role>-dev)"),
      ListFlag("org", "organisation ids an org_manager manages"),
      ListFlag("dept", "département codes a coordinator covers"),
      ListFlag("network", "network ids a coordinator heads"),
      StringFlag("key", "private signing key (PEM); default RENFORT_DEV_SIGNING_KEY"),
      StringFlag("issuer", "token issuer (default renfort)"),
      StringFlag("audience", "token audience (default renfort)"),
      DurationFlag("ttl", "token lifetime, e.g. 30m or 12h (default 12h)"),
  };
  command.run_local = RunToken;
  return command;
}

const std::vector<Command>& AllCommands() {
  static const auto* const kAll = new std::vector<Command>(BuildAll());
  return *kAll;
}

const Command* FindCommand(const std::string& group, const std::string& name) {
  for (const Command& command : AllCommands()) {
    if (command.group == group && command.name == name) return &command;
  }
  return nullptr;
}

}  // namespace renfort::ctl
