#include "services/common/auth/authenticator.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "services/common/auth/access_policy.h"
#include "storage/status_macros.h"

namespace renfort::services {
namespace {

constexpr absl::string_view kBearerPrefix = "bearer ";

}  // namespace

absl::StatusOr<Caller> Authenticator::Authenticate(
    const std::multimap<grpc::string_ref, grpc::string_ref>& metadata, absl::string_view method,
    absl::Time now) const {
  auto it = metadata.find("authorization");
  if (it == metadata.end()) {
    return absl::UnauthenticatedError(
        "missing credentials: send the metadata 'authorization: Bearer <token>'");
  }
  const absl::string_view value(it->second.data(), it->second.size());
  if (!absl::StartsWithIgnoreCase(value, kBearerPrefix)) {
    return absl::UnauthenticatedError("the authorization metadata must be 'Bearer <token>'");
  }
  const absl::string_view token = absl::StripAsciiWhitespace(value.substr(kBearerPrefix.size()));
  ASSIGN_OR_RETURN(Caller caller, verifier_->Verify(token, now));
  RETURN_IF_ERROR(CheckRole(caller, method));
  return caller;
}

}  // namespace renfort::services
