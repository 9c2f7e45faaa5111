#ifndef RENFORT_TESTS_UNIT_TOOLS_COMMAND_TEST_UTIL_H_
#define RENFORT_TESTS_UNIT_TOOLS_COMMAND_TEST_UTIL_H_

// Drives one renfortctl command's pure steps: request from flags, text from a response.

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "tools/renfortctl/cli.h"
#include "tools/renfortctl/command.h"

namespace renfort::ctl::testing {

inline const Command& CommandNamed(const std::string& group, const std::string& name) {
  const Command* command = FindCommand(group, name);
  EXPECT_NE(command, nullptr) << group << " " << name;
  static const Command kNone;
  return command == nullptr ? kNone : *command;
}

// The request `renfortctl group name words...` would send; a failed expectation (and an
// empty request) when building fails.
template <typename Request>
Request Build(const std::string& group, const std::string& name,
              const std::vector<std::string>& words) {
  absl::StatusOr<std::unique_ptr<Message>> request = BuildRequest(CommandNamed(group, name), words);
  EXPECT_TRUE(request.ok()) << request.status();
  if (!request.ok()) return Request();
  const auto* typed = dynamic_cast<const Request*>(request->get());
  EXPECT_NE(typed, nullptr) << "request is a " << (*request)->GetTypeName();
  return typed == nullptr ? Request() : *typed;
}

// Why building `renfortctl group name words...` fails; OK if it does not.
inline absl::Status BuildError(const std::string& group, const std::string& name,
                               const std::vector<std::string>& words) {
  absl::StatusOr<std::unique_ptr<Message>> request = BuildRequest(CommandNamed(group, name), words);
  return request.status();
}

// What the command prints for `responses` with `words` (e.g. {"--json"}).
inline std::string FormatAll(const std::string& group, const std::string& name,
                             const std::vector<const Message*>& responses,
                             const std::vector<std::string>& words = {}) {
  const Command& command = CommandNamed(group, name);
  std::vector<FlagSpec> specs = command.flags;
  for (FlagSpec& flag : GlobalFlags()) specs.push_back(flag);
  for (FlagSpec& flag : specs) flag.required = false;  // formatting needs no request flags
  absl::StatusOr<ParsedFlags> flags = ParseFlags(specs, words);
  EXPECT_TRUE(flags.ok()) << flags.status();
  if (!flags.ok()) return "";
  Responses owned;
  for (const Message* response : responses) {
    owned.emplace_back(response->New());
    owned.back()->CopyFrom(*response);
  }
  return RenderResponses(command, owned, *flags);
}

inline std::string Format(const std::string& group, const std::string& name,
                          const Message& response, const std::vector<std::string>& words = {}) {
  return FormatAll(group, name, {&response}, words);
}

// Runs the whole CLI without a server; for usage errors and help. {exit code, stdout, stderr}.
struct CliResult {
  int code;
  std::string out;
  std::string err;
};
inline CliResult RunWords(const std::vector<std::string>& words) {
  std::ostringstream out, err;
  Environment environment;
  environment.endpoint = "127.0.0.1:1";
  const int code = RunCli(words, environment, out, err);
  return {code, out.str(), err.str()};
}

}  // namespace renfort::ctl::testing

#endif  // RENFORT_TESTS_UNIT_TOOLS_COMMAND_TEST_UTIL_H_
