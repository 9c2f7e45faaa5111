#ifndef RENFORT_SERVICES_COMMON_AUTH_SIGNING_KEY_H_
#define RENFORT_SERVICES_COMMON_AUTH_SIGNING_KEY_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace renfort::services {

// The JWS algorithms renfort accepts. HS256 exists only for development (shared secret).
enum class TokenAlgorithm { kRs256, kEs256, kHs256 };

absl::string_view TokenAlgorithmName(TokenAlgorithm algorithm);

// A PEM key (public for verification, private for minting) and the algorithm its type implies:
// an RSA key signs RS256, an EC key on P-256 signs ES256. Other key types are refused.
struct PemKey {
  std::string id;  // the JWT `kid`: the key file's name without directory and extension
  TokenAlgorithm algorithm;
  std::string pem;
};

// Reads and classifies a PEM public key file. INVALID_ARGUMENT naming the file when it is
// missing, not a public key, or of an unsupported type (a private key is refused on purpose:
// servers must never hold signing keys).
absl::StatusOr<PemKey> ReadPublicKeyFile(const std::string& path);

// Same for a PEM private key file, used by the token-minting tool.
absl::StatusOr<PemKey> ReadPrivateKeyFile(const std::string& path);

// The whole content of a file; NOT_FOUND naming it when it cannot be read.
absl::StatusOr<std::string> ReadFileToString(const std::string& path);

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_COMMON_AUTH_SIGNING_KEY_H_
