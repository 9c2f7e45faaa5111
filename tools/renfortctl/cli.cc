#include "tools/renfortctl/cli.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "tools/renfortctl/display.h"
#include "tools/renfortctl/errors.h"

namespace renfort::ctl {
namespace {

struct Group {
  std::string name;
  std::string summary;
};

const std::vector<Group>& Groups() {
  static const auto* const kGroups = new std::vector<Group>{
      {"org", "organisations: create, read, review"},
      {"mission", "missions: write, review, publish, search"},
      {"volunteer", "volunteer profiles, availability, personal data"},
      {"participation", "applications and their life: accept, refuse, done"},
      {"match", "matching: rank, recommend, invite, staff an event"},
      {"invitation", "invitations sent by matching, and answering them"},
      {"stats", "participation figures and CSV export for coordinators"},
      {"import", "bulk load of volunteers or missions from CSV, into PostgreSQL directly"},
  };
  return *kGroups;
}

bool IsHelpWord(const std::string& word) {
  return word == "--help" || word == "-h" || word == "help";
}

bool HasHelpFlag(const std::vector<std::string>& words) {
  for (const std::string& word : words) {
    if (word == "--help" || word == "-h") return true;
  }
  return false;
}

std::vector<FlagSpec> FlagsOf(const Command& command) {
  std::vector<FlagSpec> flags = command.flags;
  if (command.run_local) {
    flags.push_back(BoolFlag("help", "print this help"));
  } else {
    for (FlagSpec& flag : GlobalFlags()) flags.push_back(std::move(flag));
  }
  return flags;
}

// `words` with the first bare word (not a flag nor a flag's value) turned into
// --<command.positional>=word.
std::vector<std::string> PositionalAsFlag(const Command& command,
                                          const std::vector<std::string>& words) {
  std::vector<std::string> result;
  const std::vector<FlagSpec> specs = FlagsOf(command);
  bool taken = false;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (word.rfind("--", 0) == 0) {
      result.push_back(word);
      std::string name = word.substr(2, word.find('=') == std::string::npos
                                            ? std::string::npos : word.find('=') - 2);
      std::replace(name.begin(), name.end(), '_', '-');
      const bool takes_value = std::any_of(specs.begin(), specs.end(), [&](const FlagSpec& s) {
        std::string spec_name = s.name;
        std::replace(spec_name.begin(), spec_name.end(), '_', '-');
        return spec_name == name && s.kind != FlagKind::kBool;
      });
      if (takes_value && word.find('=') == std::string::npos && i + 1 < words.size()) {
        result.push_back(words[++i]);
      }
    } else if (!taken) {
      result.push_back(absl::StrCat("--", command.positional, "=", word));
      taken = true;
    } else {
      result.push_back(word);
    }
  }
  return result;
}

int UsageError(const std::string& path, const std::string& message, std::ostream& err) {
  err << "renfortctl" << (path.empty() ? "" : " ") << path << ": " << message << "\n"
      << "  see `renfortctl " << path << (path.empty() ? "" : " ") << "--help`\n";
  return kExitUsage;
}

int WriteOutput(const std::string& text, const ParsedFlags& flags, std::ostream& out,
                std::ostream& err, const std::string& path) {
  if (!flags.Has("out") || flags.String("out") == "-") {
    out << text;
    return kExitOk;
  }
  std::ofstream file(flags.String("out"), std::ios::binary);
  file << text;
  file.close();
  if (!file) {
    err << "renfortctl " << path << ": cannot write '" << flags.String("out") << "'\n";
    return kExitRefused;
  }
  err << "wrote " << flags.String("out") << " (" << text.size() << " bytes)\n";
  return kExitOk;
}

// Writes a streaming command's output as messages arrive: to stdout, or to FILE.partial renamed
// to FILE once the stream is complete, so a failed export never leaves a truncated FILE.
grpc::Status StreamOutput(const Command& command, const std::shared_ptr<grpc::Channel>& channel,
                          grpc::ClientContext* context, const Message& request,
                          const ParsedFlags& flags, std::ostream& out, std::ostream& err) {
  const bool to_file = flags.Has("out") && flags.String("out") != "-";
  const std::string path = flags.String("out");
  const std::string partial = path + ".partial";
  std::ofstream file;
  if (to_file) {
    file.open(partial, std::ios::binary | std::ios::trunc);
    if (!file)
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "--out: cannot write " + partial);
  }
  std::ostream& sink = to_file ? file : out;
  const bool json = flags.Bool("json");
  if (!json) sink << command.stream_header(flags);
  int64_t rows = 0;
  grpc::Status status =
      command.call(channel, context, request, [&](std::unique_ptr<Message> message) {
        sink << (json ? ToJson(*message, /*one_line=*/true) : command.stream_row(*message, flags));
        ++rows;
      });
  if (!to_file) return status;
  file.close();
  if (status.ok() && (!file || std::rename(partial.c_str(), path.c_str()) != 0)) {
    status = grpc::Status(grpc::StatusCode::INTERNAL, "--out: cannot write " + path);
  }
  if (!status.ok()) {
    std::remove(partial.c_str());
    return status;
  }
  err << "wrote " << path << " (" << rows << " rows)\n";
  return status;
}

int CallServer(const Command& command, const Message& request, const ParsedFlags& flags,
               const Environment& environment, std::ostream& out, std::ostream& err) {
  CallSite site;
  site.command_path = command.Path();
  site.endpoint = flags.Has("endpoint") ? flags.String("endpoint") : environment.endpoint;
  const std::string token = flags.Has("token") ? flags.String("token") : environment.token;
  const absl::Duration timeout =
      flags.Has("timeout") ? flags.Duration("timeout") : command.default_timeout;
  site.timeout = absl::FormatDuration(timeout);

  std::shared_ptr<grpc::Channel> channel =
      grpc::CreateChannel(site.endpoint, grpc::InsecureChannelCredentials());
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(timeout));
  if (!token.empty()) context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
  if (command.call_several) {
    std::string text;
    const grpc::Status status = command.call_several(
        channel,
        [&] {
          auto each = std::make_unique<grpc::ClientContext>();
          each->set_deadline(context.deadline());
          if (!token.empty()) each->AddMetadata("authorization", absl::StrCat("Bearer ", token));
          return each;
        },
        request, flags, text);
    if (!status.ok()) {
      site.connected = channel->GetState(false) == GRPC_CHANNEL_READY;
      err << FormatRpcError(site, status);
      return ExitCodeFor(site, status);
    }
    return WriteOutput(text, flags, out, err, command.Path());
  }
  Responses responses;
  const grpc::Status status =
      command.streaming
          ? StreamOutput(command, channel, &context, request, flags, out, err)
          : command.call(channel, &context, request, [&](std::unique_ptr<Message> response) {
              responses.push_back(std::move(response));
            });
  if (!status.ok()) {
    site.connected = channel->GetState(false) == GRPC_CHANNEL_READY;
    err << FormatRpcError(site, status);
    return ExitCodeFor(site, status);
  }
  if (command.streaming) return kExitOk;
  return WriteOutput(RenderResponses(command, responses, flags), flags, out, err, command.Path());
}

}  // namespace

Environment EnvironmentFromProcess() {
  Environment environment;
  if (const char* endpoint = std::getenv("RENFORT_ENDPOINT");
      endpoint != nullptr && *endpoint != '\0') {
    environment.endpoint = endpoint;
  }
  if (const char* token = std::getenv("RENFORT_TOKEN"); token != nullptr) environment.token = token;
  return environment;
}

std::vector<FlagSpec> GlobalFlags() {
  return {
      StringFlag("endpoint",
                 "server address host:port (RENFORT_ENDPOINT, default 127.0.0.1:50051)"),
      StringFlag("token", "bearer token (RENFORT_TOKEN); mint one with `renfortctl token`"),
      DurationFlag("timeout",
                   "deadline of the call, e.g. 30s or 2m (default 10s; see the command's help)"),
      BoolFlag("json", "print protobuf JSON instead of a table, for scripts"),
      BoolFlag("help", "print this help")};
}

std::string TopLevelHelp() {
  std::string text =
      "usage: renfortctl GROUP COMMAND [flags]\n"
      "       renfortctl token [flags]\n"
      "       renfortctl GROUP --help | renfortctl GROUP COMMAND --help\n\n"
      "The command-line client of renfort. Groups:\n";
  for (const Group& group : Groups()) {
    absl::StrAppend(&text, "  ", group.name, std::string(15 - group.name.size(), ' '),
                    group.summary, "\n");
  }
  absl::StrAppend(&text, "  token          mint a development bearer token (no server needed)\n\n",
                  "global flags (every command that calls the server):\n",
                  DescribeFlags(GlobalFlags()),
                  "\nexit codes: 0 ok, 1 the server refused the call (gRPC error), 2 bad usage,\n"
                  "            3 cannot reach the server\n");
  return text;
}

std::string GroupHelp(const std::string& group) {
  std::string text = absl::StrCat("usage: renfortctl ", group, " COMMAND [flags]\n\ncommands:\n");
  size_t width = 0;
  for (const Command& command : AllCommands()) {
    if (command.group == group) width = std::max(width, command.name.size());
  }
  for (const Command& command : AllCommands()) {
    if (command.group != group) continue;
    absl::StrAppend(&text, "  ", command.name, std::string(width - command.name.size() + 2, ' '),
                    command.summary, "\n");
  }
  absl::StrAppend(&text, "\n`renfortctl ", group,
                  " COMMAND --help` lists the flags of a command.\n");
  return text;
}

std::string CommandHelp(const Command& command) {
  std::string text =
      absl::StrCat("usage: renfortctl ", command.Path(), " [flags]\n\n", command.summary, "\n");
  if (!command.details.empty()) absl::StrAppend(&text, command.details, "\n");
  if (!command.rpc.empty()) absl::StrAppend(&text, "Calls ", command.rpc, ".\n");
  absl::StrAppend(&text, "\nflags:\n", DescribeFlags(command.flags));
  if (!command.run_local) {
    absl::StrAppend(
        &text, "\nglobal flags:\n", DescribeFlags(GlobalFlags()),
        "\nexit codes: 0 ok, 1 the server refused the call, 2 bad usage, 3 cannot reach "
        "the server\n");
  }
  return text;
}

absl::StatusOr<std::unique_ptr<Message>> BuildRequest(const Command& command,
                                                      const std::vector<std::string>& words) {
  absl::StatusOr<ParsedFlags> flags = ParseFlags(FlagsOf(command), words);
  if (!flags.ok()) return flags.status();
  return command.build(*flags);
}

std::string RenderResponses(const Command& command, const Responses& responses,
                            const ParsedFlags& flags) {
  if (!flags.Bool("json")) return command.format(responses, flags);
  std::string text;
  for (const auto& response : responses)
    absl::StrAppend(&text, ToJson(*response, command.streaming));
  return text;
}

int RunCli(const std::vector<std::string>& words, const Environment& environment, std::ostream& out,
           std::ostream& err) {
  if (words.empty()) {
    err << TopLevelHelp();
    return kExitUsage;
  }
  if (IsHelpWord(words[0])) {
    out << TopLevelHelp();
    return kExitOk;
  }
  const Command* command = FindCommand("", words[0]);
  size_t first_flag = 1;
  if (command == nullptr) {
    const std::string& group = words[0];
    const bool known = std::any_of(Groups().begin(), Groups().end(),
                                   [&](const Group& g) { return g.name == group; });
    if (!known) return UsageError("", absl::StrCat("unknown command '", group, "'"), err);
    if (words.size() < 2 || IsHelpWord(words[1])) {
      (words.size() < 2 ? err : out) << GroupHelp(group);
      return words.size() < 2 ? kExitUsage : kExitOk;
    }
    command = FindCommand(group, words[1]);
    if (command == nullptr) {
      return UsageError(group, absl::StrCat("unknown command '", words[1], "'"), err);
    }
    first_flag = 2;
  }
  std::vector<std::string> rest(words.begin() + first_flag, words.end());
  if (!command->positional.empty()) rest = PositionalAsFlag(*command, rest);
  if (HasHelpFlag(rest)) {
    out << CommandHelp(*command);
    return kExitOk;
  }
  absl::StatusOr<ParsedFlags> flags = ParseFlags(FlagsOf(*command), rest);
  if (!flags.ok()) return UsageError(command->Path(), std::string(flags.status().message()), err);
  if (command->run_local) return command->run_local(*flags, out, err);
  absl::StatusOr<std::unique_ptr<Message>> request = command->build(*flags);
  if (!request.ok())
    return UsageError(command->Path(), std::string(request.status().message()), err);
  return CallServer(*command, **request, *flags, environment, out, err);
}

}  // namespace renfort::ctl
