#ifndef RENFORT_SERVICES_COMMON_AUTH_AUTHENTICATOR_H_
#define RENFORT_SERVICES_COMMON_AUTH_AUTHENTICATOR_H_

#include <map>
#include <memory>

#include <grpcpp/support/string_ref.h>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/auth/caller.h"
#include "services/common/auth/jwt_verifier.h"

namespace renfort::services {

// Decides who may make a call: the bearer token in the `authorization` metadata proves who the
// caller is (UNAUTHENTICATED otherwise), and the access policy says whether that caller's roles
// may call the method (PERMISSION_DENIED otherwise). Thread-safe.
class Authenticator {
 public:
  explicit Authenticator(std::unique_ptr<JwtVerifier> verifier) : verifier_(std::move(verifier)) {}

  absl::StatusOr<Caller> Authenticate(
      const std::multimap<grpc::string_ref, grpc::string_ref>& metadata, absl::string_view method,
      absl::Time now) const;

  // Re-reads the verification keys (on SIGHUP). Calls in flight are not disturbed.
  absl::Status ReloadKeys() { return verifier_->ReloadKeys(); }

 private:
  std::unique_ptr<JwtVerifier> verifier_;
};

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_COMMON_AUTH_AUTHENTICATOR_H_
