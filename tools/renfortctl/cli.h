#ifndef RENFORT_TOOLS_RENFORTCTL_CLI_H_
#define RENFORT_TOOLS_RENFORTCTL_CLI_H_

// The renfortctl driver: finds the command, parses its flags, builds the request, calls the
// server with a deadline and the bearer token, prints a table or JSON, and returns the exit
// code documented in errors.h.

#include <ostream>
#include <string>
#include <vector>

#include "tools/renfortctl/command.h"

namespace renfort::ctl {

// Defaults taken from the environment; flags win over them.
struct Environment {
  std::string endpoint = "127.0.0.1:50051";  // RENFORT_ENDPOINT
  std::string token;                         // RENFORT_TOKEN
};

// Reads RENFORT_ENDPOINT and RENFORT_TOKEN.
Environment EnvironmentFromProcess();

// Runs `renfortctl <words...>` (words exclude the program name).
int RunCli(const std::vector<std::string>& words, const Environment& environment, std::ostream& out,
           std::ostream& err);

// Help texts, as printed by --help.
std::string TopLevelHelp();
std::string GroupHelp(const std::string& group);
std::string CommandHelp(const Command& command);

// The flags every calling command accepts in addition to its own.
std::vector<FlagSpec> GlobalFlags();

// Parses `words` with `command`'s flags (and the global ones), then builds its request.
// INVALID_ARGUMENT naming the flag; what tests use to check request building.
absl::StatusOr<std::unique_ptr<Message>> BuildRequest(const Command& command,
                                                      const std::vector<std::string>& words);

// What the driver prints for `responses`: the command's table, or JSON with `--json`.
std::string RenderResponses(const Command& command, const Responses& responses,
                            const ParsedFlags& flags);

}  // namespace renfort::ctl

#endif  // RENFORT_TOOLS_RENFORTCTL_CLI_H_
