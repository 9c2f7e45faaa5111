#ifndef RENFORT_SERVICES_COMMON_AUTH_JWT_VERIFIER_H_
#define RENFORT_SERVICES_COMMON_AUTH_JWT_VERIFIER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/auth/caller.h"
#include "services/common/auth/signing_key.h"

namespace renfort::services {

struct JwtVerifierOptions {
  // PEM public key files (RSA ≥ 2048 bits → RS256, EC P-256 → ES256). A token whose header names
  // a `kid` is checked against the key of that file name (without extension) only.
  std::vector<std::string> key_files;
  std::string issuer;    // required `iss`
  std::string audience;  // required in `aud` (a string or an array)
  // Development only: a file holding an HS256 shared secret. Empty: HS256 tokens are refused.
  std::string dev_hs256_secret_file;
  // Allowance on `exp` and `nbf` for clocks that disagree.
  absl::Duration clock_skew = absl::Seconds(60);
};

// Verifies bearer JWTs (libjwt for the signature) and turns their claims into a Caller.
//
// Claims: `iss`, `aud`, `exp` (required), `nbf` (optional), `sub` (required), `roles` (array of
// "volunteer" | "org_manager" | "coordinator" | "admin", at least one), and the optional string
// arrays `org_ids`, `dept_codes`, `network_ids`.
//
// The algorithm is taken from the token header only to pick a key of the matching type: an RS256
// token is never checked with an HMAC of a public key, "none" is never accepted.
// Verified tokens are cached until their expiry, so a client reusing its token costs a hash
// lookup, not a signature check. Thread-safe; ReloadKeys may run while calls are verified.
class JwtVerifier {
 public:
  // INVALID_ARGUMENT naming the file or option at fault.
  static absl::StatusOr<std::unique_ptr<JwtVerifier>> Create(JwtVerifierOptions options);

  // UNAUTHENTICATED with a reason (malformed, bad signature, expired, wrong audience...). The
  // reason never contains the token.
  absl::StatusOr<Caller> Verify(absl::string_view token, absl::Time now) const;

  // Re-reads every key file. On any error the previous keys stay in force and the error is
  // returned. On success, tokens signed by keys no longer present are refused from now on.
  absl::Status ReloadKeys();

  int key_count() const;

 private:
  struct KeySet {
    std::vector<PemKey> keys;
    std::string hs256_secret;
  };
  struct CachedToken {
    Caller caller;
    absl::Time not_before;
    absl::Time expires;
  };

  explicit JwtVerifier(JwtVerifierOptions options) : options_(std::move(options)) {}
  absl::StatusOr<std::shared_ptr<const KeySet>> LoadKeys() const;
  std::shared_ptr<const KeySet> CurrentKeys() const;
  absl::StatusOr<CachedToken> VerifyUncached(const std::string& token, const KeySet& keys) const;
  absl::Status CheckTimes(const CachedToken& token, absl::Time now) const;

  const JwtVerifierOptions options_;
  mutable absl::Mutex mu_;
  std::shared_ptr<const KeySet> keys_ ABSL_GUARDED_BY(mu_);
  mutable absl::flat_hash_map<std::string, CachedToken> cache_ ABSL_GUARDED_BY(mu_);
};

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_COMMON_AUTH_JWT_VERIFIER_H_
