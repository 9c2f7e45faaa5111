#include "services/common/auth/signing_key.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "storage/status_macros.h"

namespace renfort::services {
namespace {

struct PkeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};

enum class KeyKind { kPublic, kPrivate };

absl::StatusOr<TokenAlgorithm> AlgorithmOf(EVP_PKEY& key, const std::string& path) {
  switch (EVP_PKEY_get_base_id(&key)) {
    case EVP_PKEY_RSA:
      if (EVP_PKEY_get_bits(&key) < 2048) {
        return absl::InvalidArgumentError(absl::StrCat(path, ": RSA keys must have 2048 bits or more"));
      }
      return TokenAlgorithm::kRs256;
    case EVP_PKEY_EC: {
      char group[64] = {};
      size_t length = 0;
      if (EVP_PKEY_get_group_name(&key, group, sizeof(group), &length) != 1 ||
          absl::string_view(group, length) != "prime256v1") {
        return absl::InvalidArgumentError(
            absl::StrCat(path, ": EC keys must be on curve P-256 (ES256)"));
      }
      return TokenAlgorithm::kEs256;
    }
    default:
      return absl::InvalidArgumentError(absl::StrCat(path, ": only RSA and EC P-256 keys are supported"));
  }
}

absl::StatusOr<PemKey> ReadKeyFile(const std::string& path, KeyKind kind) {
  ASSIGN_OR_RETURN(std::string pem, ReadFileToString(path));
  std::unique_ptr<BIO, BioDeleter> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  std::unique_ptr<EVP_PKEY, PkeyDeleter> key(
      kind == KeyKind::kPublic ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr)
                               : PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (key == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, kind == KeyKind::kPublic ? ": not a PEM public key (-----BEGIN PUBLIC KEY-----)"
                                       : ": not a PEM private key"));
  }
  ASSIGN_OR_RETURN(const TokenAlgorithm algorithm, AlgorithmOf(*key, path));
  return PemKey{std::filesystem::path(path).stem().string(), algorithm, std::move(pem)};
}

}  // namespace

absl::string_view TokenAlgorithmName(TokenAlgorithm algorithm) {
  switch (algorithm) {
    case TokenAlgorithm::kRs256: return "RS256";
    case TokenAlgorithm::kEs256: return "ES256";
    case TokenAlgorithm::kHs256: return "HS256";
  }
  return "unknown";
}

absl::StatusOr<std::string> ReadFileToString(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream content;
  content << file.rdbuf();
  return content.str();
}

absl::StatusOr<PemKey> ReadPublicKeyFile(const std::string& path) {
  return ReadKeyFile(path, KeyKind::kPublic);
}

absl::StatusOr<PemKey> ReadPrivateKeyFile(const std::string& path) {
  return ReadKeyFile(path, KeyKind::kPrivate);
}

}  // namespace renfort::services
