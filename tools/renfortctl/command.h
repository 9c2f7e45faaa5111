#ifndef RENFORT_TOOLS_RENFORTCTL_COMMAND_H_
#define RENFORT_TOOLS_RENFORTCTL_COMMAND_H_

// One renfortctl command (`mission publish`) in three steps, the first and last pure so tests
// drive them without a server: build the request from parsed flags, call the RPC, format the
// response(s) for a person. `--json` output and `--out` are handled by the driver (cli.h).

#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tools/renfortctl/flags.h"

namespace renfort::ctl {

using Message = google::protobuf::Message;
// What a call returned: one message for a unary RPC, one per streamed message otherwise.
using Responses = std::vector<std::unique_ptr<Message>>;

struct Command {
  std::string group;    // "mission"; empty for a top-level command such as "token"
  std::string name;     // "publish"
  std::string summary;  // one line for the group's help
  std::string details;  // more lines for the command's own help; may be empty
  std::string rpc;      // "renfort.v1.MissionService/PublishMission"; empty for local commands
  std::vector<FlagSpec> flags;

  // Request from flags. INVALID_ARGUMENT naming the flag when they do not make a request.
  std::function<absl::StatusOr<std::unique_ptr<Message>>(const ParsedFlags&)> build;
  // Calls the RPC on `channel` within `context` (deadline and token already set), handing
  // each response to `receive` as it arrives: once for a unary RPC, once per streamed message.
  std::function<grpc::Status(const std::shared_ptr<grpc::Channel>& channel,
                             grpc::ClientContext* context, const Message& request,
                             const std::function<void(std::unique_ptr<Message>)>& receive)>
      call;
  // Text for a person (tables); also what `--out` writes.
  std::function<std::string(const Responses&, const ParsedFlags&)> format;

  // Streaming commands write their output as messages arrive, so an export of a million rows
  // never sits in memory: stream_header first, then stream_row per message (--json: one JSON
  // object per line). `format` is their concatenation.
  bool streaming = false;
  std::function<std::string(const ParsedFlags&)> stream_header;
  std::function<std::string(const Message&, const ParsedFlags&)> stream_row;

  // Commands made of several calls (`stats report`) set `call_several` instead of `call` and
  // `format`: it makes each call with a context from `new_context` (the token and the one
  // deadline of the whole command already set) and, when all succeed, sets `text` to what is
  // written to stdout or --out. The first failing call's status is returned as is.
  std::function<grpc::Status(
      const std::shared_ptr<grpc::Channel>& channel,
      const std::function<std::unique_ptr<grpc::ClientContext>()>& new_context,
      const Message& request, const ParsedFlags& flags, std::string& text)>
      call_several;

  // Deadline of the call when --timeout is not given.
  absl::Duration default_timeout = absl::Seconds(10);

  // Local commands (token) run without a server instead: returns the exit code.
  std::function<int(const ParsedFlags&, std::ostream& out, std::ostream& err)> run_local;
  // A flag the command also takes as a bare word (`import volunteers FILE.csv` sets --file).
  std::string positional;

  // "mission publish", or "token".
  std::string Path() const { return group.empty() ? name : group + " " + name; }
};

// A command calling unary RPC `method` of `Service`, with a typed builder and formatter.
template <typename Service, typename Request, typename Response>
Command UnaryCommand(std::string group, std::string name, std::string summary, std::string rpc,
                     std::vector<FlagSpec> flags,
                     std::function<absl::Status(const ParsedFlags&, Request&)> build,
                     grpc::Status (Service::Stub::*method)(grpc::ClientContext*, const Request&,
                                                           Response*),
                     std::function<std::string(const Response&, const ParsedFlags&)> format) {
  Command command;
  command.group = std::move(group);
  command.name = std::move(name);
  command.summary = std::move(summary);
  command.rpc = std::move(rpc);
  command.flags = std::move(flags);
  command.build = [build](const ParsedFlags& flags) -> absl::StatusOr<std::unique_ptr<Message>> {
    auto request = std::make_unique<Request>();
    if (absl::Status status = build(flags, *request); !status.ok()) return status;
    return std::unique_ptr<Message>(std::move(request));
  };
  command.call = [method](const std::shared_ptr<grpc::Channel>& channel,
                          grpc::ClientContext* context, const Message& request,
                          const std::function<void(std::unique_ptr<Message>)>& receive) {
    auto stub = Service::NewStub(channel);
    auto response = std::make_unique<Response>();
    grpc::Status status =
        ((*stub).*method)(context, static_cast<const Request&>(request), response.get());
    if (status.ok()) receive(std::move(response));
    return status;
  };
  command.format = [format](const Responses& responses, const ParsedFlags& flags) {
    return responses.empty() ? std::string()
                             : format(static_cast<const Response&>(*responses[0]), flags);
  };
  return command;
}

// A command calling server-streaming RPC `method`: `header` is written first, then `row` for
// each message as it arrives.
template <typename Service, typename Request, typename Response>
Command StreamingCommand(std::string group, std::string name, std::string summary, std::string rpc,
                         std::vector<FlagSpec> flags,
                         std::function<absl::Status(const ParsedFlags&, Request&)> build,
                         std::unique_ptr<grpc::ClientReader<Response>> (Service::Stub::*method)(
                             grpc::ClientContext*, const Request&),
                         std::function<std::string(const ParsedFlags&)> header,
                         std::function<std::string(const Response&, const ParsedFlags&)> row) {
  Command command;
  command.group = std::move(group);
  command.name = std::move(name);
  command.summary = std::move(summary);
  command.rpc = std::move(rpc);
  command.flags = std::move(flags);
  command.streaming = true;
  command.build = [build](const ParsedFlags& flags) -> absl::StatusOr<std::unique_ptr<Message>> {
    auto request = std::make_unique<Request>();
    if (absl::Status status = build(flags, *request); !status.ok()) return status;
    return std::unique_ptr<Message>(std::move(request));
  };
  command.call = [method](const std::shared_ptr<grpc::Channel>& channel,
                          grpc::ClientContext* context, const Message& request,
                          const std::function<void(std::unique_ptr<Message>)>& receive) {
    auto stub = Service::NewStub(channel);
    std::unique_ptr<grpc::ClientReader<Response>> reader =
        ((*stub).*method)(context, static_cast<const Request&>(request));
    auto response = std::make_unique<Response>();
    while (reader->Read(response.get())) {
      receive(std::move(response));
      response = std::make_unique<Response>();
    }
    return reader->Finish();
  };
  command.stream_header = header;
  command.stream_row = [row](const Message& message, const ParsedFlags& flags) {
    return row(static_cast<const Response&>(message), flags);
  };
  command.format = [header, row](const Responses& responses, const ParsedFlags& flags) {
    std::string text = header(flags);
    for (const auto& response : responses)
      text += row(static_cast<const Response&>(*response), flags);
    return text;
  };
  return command;
}

// INVALID_ARGUMENT "--flag: message", the error a builder returns for a bad combination.
absl::Status FlagError(const std::string& flag, const std::string& message);

// Every command of renfortctl, grouped; each group lives in its own <group>_commands.cc.
std::vector<Command> OrgCommands();
std::vector<Command> MissionCommands();
std::vector<Command> VolunteerCommands();
std::vector<Command> ParticipationCommands();
std::vector<Command> MatchCommands();
std::vector<Command> InvitationCommands();
std::vector<Command> StatsCommands();
std::vector<Command> ImportCommands();
Command TokenCommand();
const std::vector<Command>& AllCommands();

// The command `group name` (or top-level `name` when group is empty); nullptr if none.
const Command* FindCommand(const std::string& group, const std::string& name);

}  // namespace renfort::ctl

#endif  // RENFORT_TOOLS_RENFORTCTL_COMMAND_H_
