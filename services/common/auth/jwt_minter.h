#ifndef RENFORT_SERVICES_COMMON_AUTH_JWT_MINTER_H_
#define RENFORT_SERVICES_COMMON_AUTH_JWT_MINTER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/auth/caller.h"
#include "services/common/auth/signing_key.h"

namespace renfort::services {

// What a minted token says.
struct TokenClaims {
  Caller caller;  // sub, roles and scopes
  std::string issuer;
  std::string audience;
  absl::Time issued_at;
  absl::Duration lifetime = absl::Hours(12);
};

// Signs `claims` with `key` (a private key from ReadPrivateKeyFile; RS256 or ES256 by key type,
// `kid` = key.id), or with an HS256 secret when `key.algorithm` is kHs256 and `key.pem` holds the
// secret. Used by the development tooling and tests; production tokens come from the platform's
// identity provider.
absl::StatusOr<std::string> MintToken(const TokenClaims& claims, const PemKey& key);

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_COMMON_AUTH_JWT_MINTER_H_
