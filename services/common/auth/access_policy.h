#ifndef RENFORT_SERVICES_COMMON_AUTH_ACCESS_POLICY_H_
#define RENFORT_SERVICES_COMMON_AUTH_ACCESS_POLICY_H_

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/common/auth/caller.h"

namespace renfort::services {

// Which roles may call an RPC at all. Finer rules (this organisation is yours, this volunteer is
// you) are checked by the handler with Caller::Require*.
struct RpcPolicy {
  absl::string_view method;  // full gRPC method name, "/renfort.v1.MissionService/GetMission"
  std::vector<Role> roles;   // roles allowed to call it
};

// The whole table, one row per RPC of renfort.v1 (health and reflection are not in it: they are
// open to anyone). A test checks that every RPC of the three services has exactly one row.
const std::vector<RpcPolicy>& AccessPolicy();

// OK when one of the caller's roles may call `method`. PERMISSION_DENIED otherwise, naming the
// method and the allowed roles; also for a method missing from the table (fail closed).
absl::Status CheckRole(const Caller& caller, absl::string_view method);

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_COMMON_AUTH_ACCESS_POLICY_H_
