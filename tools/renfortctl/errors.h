#ifndef RENFORT_TOOLS_RENFORTCTL_ERRORS_H_
#define RENFORT_TOOLS_RENFORTCTL_ERRORS_H_

// What renfortctl tells a person when a call fails, and the exit code scripts see.
//
// Exit codes: 0 ok; 1 the server refused the call (any gRPC error but the two below);
// 2 bad usage (unknown command or flag, bad value), nothing was sent; 3 the server could not
// be reached (UNAVAILABLE, or a deadline that expired before any connection was made).

#include <grpcpp/grpcpp.h>

#include <string>

namespace renfort::ctl {

constexpr int kExitOk = 0;
constexpr int kExitRefused = 1;
constexpr int kExitUsage = 2;
constexpr int kExitUnreachable = 3;

// "UNAVAILABLE", "FAILED_PRECONDITION"...
std::string StatusCodeName(grpc::StatusCode code);

struct CallSite {
  std::string command_path;  // "mission publish"
  std::string endpoint;      // "127.0.0.1:50051"
  std::string timeout;       // "10s", for the DEADLINE_EXCEEDED hint
  bool connected = false;    // whether the channel ever reached READY
};

// "renfortctl mission publish: FAILED_PRECONDITION: <server message>\n  hint: ...\n"; the hint
// line appears for the codes a person can act on.
std::string FormatRpcError(const CallSite& site, const grpc::Status& status);

// The exit code for a failed call (kExitRefused or kExitUnreachable).
int ExitCodeFor(const CallSite& site, const grpc::Status& status);

}  // namespace renfort::ctl

#endif  // RENFORT_TOOLS_RENFORTCTL_ERRORS_H_
