#include "tests/support/test_keys.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>

#include "services/common/auth/jwt_minter.h"

namespace renfort::testing {
namespace {

using services::Caller;
using services::Role;
using services::TokenAlgorithm;

void WritePem(const std::string& path, EVP_PKEY* key, bool private_key) {
  FILE* file = std::fopen(path.c_str(), "w");
  ASSERT_NE(file, nullptr) << path;
  const int ok = private_key
                     ? PEM_write_PrivateKey(file, key, nullptr, nullptr, 0, nullptr, nullptr)
                     : PEM_write_PUBKEY(file, key);
  std::fclose(file);
  ASSERT_EQ(ok, 1) << "cannot write " << path;
}

void GenerateInto(TokenAlgorithm algorithm, const std::string& public_file,
                  const std::string& private_file) {
  EVP_PKEY* key = algorithm == TokenAlgorithm::kRs256
                      ? EVP_RSA_gen(2048)
                      : EVP_EC_gen("P-256");
  ASSERT_NE(key, nullptr) << "key generation failed";
  WritePem(public_file, key, /*private_key=*/false);
  WritePem(private_file, key, /*private_key=*/true);
  EVP_PKEY_free(key);
}

}  // namespace

TestSigningKey::TestSigningKey(TokenAlgorithm algorithm, std::string directory, std::string key_id)
    : algorithm_(algorithm),
      directory_(std::move(directory)),
      public_key_file_(directory_ + "/" + key_id + ".pem"),
      private_key_file_(directory_ + "/" + key_id + ".private.pem") {}

std::unique_ptr<TestSigningKey> TestSigningKey::Generate(TokenAlgorithm algorithm,
                                                         const std::string& key_id) {
  char directory[] = "/tmp/renfort-keys-XXXXXX";
  if (mkdtemp(directory) == nullptr) {
    ADD_FAILURE() << "cannot create a temporary key directory";
    return nullptr;
  }
  auto key = std::unique_ptr<TestSigningKey>(new TestSigningKey(algorithm, directory, key_id));
  key->Regenerate();
  return key;
}

void TestSigningKey::Regenerate() { GenerateInto(algorithm_, public_key_file_, private_key_file_); }

TestSigningKey::~TestSigningKey() {
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

std::string TestSigningKey::Token(const Caller& caller, absl::Time issued_at,
                                  absl::Duration lifetime, const std::string& audience,
                                  const std::string& issuer) const {
  absl::StatusOr<services::PemKey> key = services::ReadPrivateKeyFile(private_key_file_);
  EXPECT_TRUE(key.ok()) << key.status();
  if (!key.ok()) return "";
  // The key id is the public file's name, as servers see it.
  key->id = std::filesystem::path(public_key_file_).stem().string();
  absl::StatusOr<std::string> token = services::MintToken(
      {.caller = caller, .issuer = issuer, .audience = audience, .issued_at = issued_at,
       .lifetime = lifetime},
      *key);
  EXPECT_TRUE(token.ok()) << token.status();
  return token.ok() ? *token : "";
}

Caller VolunteerCaller(const std::string& volunteer_id) {
  return Caller{.subject = volunteer_id, .roles = {Role::kVolunteer}};
}

Caller OrgManagerCaller(const std::string& organisation_id) {
  return Caller{.subject = "manager-1", .roles = {Role::kOrgManager},
                .organisation_ids = {organisation_id}};
}

Caller CoordinatorCaller(const std::string& department_code) {
  return Caller{.subject = "coordinator-1", .roles = {Role::kCoordinator},
                .department_codes = {department_code}};
}

Caller AdminCaller() { return Caller{.subject = "admin-1", .roles = {Role::kAdmin}}; }

}  // namespace renfort::testing
