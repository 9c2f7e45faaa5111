#ifndef RENFORT_TESTS_SUPPORT_TEST_KEYS_H_
#define RENFORT_TESTS_SUPPORT_TEST_KEYS_H_

#include <memory>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/auth/caller.h"
#include "services/common/auth/signing_key.h"

namespace renfort::testing {

// A key pair generated for one test (OpenSSL), written as PEM files in a private temporary
// directory that is removed on destruction, and the tokens it signs.
class TestSigningKey {
 public:
  // `algorithm` is kEs256 (EC P-256) or kRs256 (RSA 2048). The files are named `key_id`.pem
  // (public) and `key_id`.private.pem, so the key id seen by servers is `key_id`.
  static std::unique_ptr<TestSigningKey> Generate(services::TokenAlgorithm algorithm,
                                                  const std::string& key_id);
  ~TestSigningKey();

  const std::string& public_key_file() const { return public_key_file_; }
  const std::string& private_key_file() const { return private_key_file_; }

  // A token for `caller` signed with this key, issuer and audience "renfort" unless given.
  std::string Token(const services::Caller& caller, absl::Time issued_at = absl::Now(),
                    absl::Duration lifetime = absl::Hours(1), const std::string& audience = "renfort",
                    const std::string& issuer = "renfort") const;

  // Overwrites this key's files with a new key pair of the same name (key rotation).
  void Regenerate();

 private:
  TestSigningKey(services::TokenAlgorithm algorithm, std::string directory, std::string key_id);

  services::TokenAlgorithm algorithm_;
  std::string directory_;
  std::string public_key_file_;
  std::string private_key_file_;
};

// Callers for each role, with plausible scopes, for tests that need "a coordinator".
services::Caller VolunteerCaller(const std::string& volunteer_id = "0b9a3c4e-1d2f-4a5b-8c7d-000000000001");
services::Caller OrgManagerCaller(const std::string& organisation_id = "0b9a3c4e-1d2f-4a5b-8c7d-000000000002");
services::Caller CoordinatorCaller(const std::string& department_code = "59");
services::Caller AdminCaller();

}  // namespace renfort::testing

#endif  // RENFORT_TESTS_SUPPORT_TEST_KEYS_H_
