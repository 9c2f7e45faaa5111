#include "tools/renfortctl/errors.h"

#include <cctype>

#include "absl/strings/str_cat.h"

namespace renfort::ctl {
namespace {

// The group of "mission publish", for hints that name a sibling command.
std::string GroupOf(const std::string& command_path) {
  return command_path.substr(0, command_path.find(' '));
}

// The command listing what a group's commands take ids of; "" when there is none.
std::string ListCommandFor(const std::string& group) {
  if (group == "match") return "mission list";  // matching commands take mission ids
  if (group == "stats" || group == "token") return "";
  return group + " list";
}

// The command showing the status a group's commands depend on; "" when there is none.
std::string LookCommandFor(const std::string& group) {
  if (group == "match") return "mission get";
  if (group == "invitation") return "invitation list";
  if (group == "stats" || group == "token") return "";
  return group + " get";
}

// The field an INVALID_ARGUMENT message starts with ("mission.places: must be ..."), or "".
std::string LeadingField(const std::string& message) {
  const size_t colon = message.find(':');
  if (colon == std::string::npos || colon == 0) return "";
  const std::string field = message.substr(0, colon);
  for (char c : field) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '[' ||
          c == ']')) {
      return "";
    }
  }
  return field;
}

std::string Hint(const CallSite& site, const grpc::Status& status) {
  const std::string group = GroupOf(site.command_path);
  switch (status.error_code()) {
    case grpc::StatusCode::UNAUTHENTICATED:
      return "get a token with `renfortctl token --role=... "
             "--key=build/dev-keys/renfort-dev.private.pem` "
             "and pass it with --token or RENFORT_TOKEN";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "your token's role or scope does not allow this; mint one with the right "
             "--role/--org/--dept (`renfortctl token --help`)";
    case grpc::StatusCode::UNAVAILABLE:
      if (site.connected)
        return "the server answered but is not ready (its database or Redis?); retry";
      return absl::StrCat("is `scripts/run` running at ", site.endpoint,
                          "? Set the address with --endpoint or RENFORT_ENDPOINT");
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return site.connected
                 ? absl::StrCat("the server did not answer within ", site.timeout,
                                "; retry or raise --timeout")
                 : absl::StrCat("no server answered at ", site.endpoint, " within ", site.timeout,
                                "; is `scripts/run` running? (--endpoint, RENFORT_ENDPOINT)");
    case grpc::StatusCode::INVALID_ARGUMENT: {
      const std::string field = LeadingField(status.error_message());
      return absl::StrCat(
          field.empty() ? "a field is wrong" : absl::StrCat("fix the field `", field, "`"),
          "; see `renfortctl ", site.command_path, " --help`");
    }
    case grpc::StatusCode::NOT_FOUND: {
      const std::string list = ListCommandFor(group);
      return list.empty()
                 ? "check the ids you gave"
                 : absl::StrCat("check the id (`renfortctl ", list, "` shows those you may see)");
    }
    case grpc::StatusCode::FAILED_PRECONDITION: {
      const std::string look = LookCommandFor(group);
      return absl::StrCat(
          "the current status does not allow this",
          look.empty() ? "" : absl::StrCat("; look at it with `renfortctl ", look, "`"));
    }
    case grpc::StatusCode::ALREADY_EXISTS:
      return "it exists already; look it up instead of creating it again";
    case grpc::StatusCode::UNIMPLEMENTED:
      return "this server does not offer this call yet; update the server";
    case grpc::StatusCode::ABORTED:
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "a conflict or overload: retry in a moment";
    default:
      return "";
  }
}

}  // namespace

std::string StatusCodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "OK";
    case grpc::StatusCode::CANCELLED:
      return "CANCELLED";
    case grpc::StatusCode::UNKNOWN:
      return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED:
      return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE:
      return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED:
      return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL:
      return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE:
      return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS:
      return "DATA_LOSS";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    default:
      return absl::StrCat("CODE_", static_cast<int>(code));
  }
}

std::string FormatRpcError(const CallSite& site, const grpc::Status& status) {
  std::string text =
      absl::StrCat("renfortctl ", site.command_path, ": ", StatusCodeName(status.error_code()),
                   ": ", status.error_message(), "\n");
  if (const std::string hint = Hint(site, status); !hint.empty()) {
    absl::StrAppend(&text, "  hint: ", hint, "\n");
  }
  return text;
}

int ExitCodeFor(const CallSite& site, const grpc::Status& status) {
  if (status.ok()) return kExitOk;
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE && !site.connected)
    return kExitUnreachable;
  if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED && !site.connected) {
    return kExitUnreachable;
  }
  return kExitRefused;
}

}  // namespace renfort::ctl
