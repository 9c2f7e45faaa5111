#include "services/common/auth/jwt_verifier.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "absl/strings/escaping.h"
#include "services/common/auth/jwt_minter.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_keys.h"

namespace renfort::services {
namespace {

using ::renfort::testing::AdminCaller;
using ::renfort::testing::CoordinatorCaller;
using ::renfort::testing::IsOk;
using ::renfort::testing::OrgManagerCaller;
using ::renfort::testing::StatusIs;
using ::renfort::testing::TestSigningKey;
using ::renfort::testing::VolunteerCaller;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

class JwtVerifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    es256_ = TestSigningKey::Generate(TokenAlgorithm::kEs256, "es-key");
    rs256_ = TestSigningKey::Generate(TokenAlgorithm::kRs256, "rs-key");
    ASSERT_NE(es256_, nullptr);
    ASSERT_NE(rs256_, nullptr);
  }

  std::unique_ptr<JwtVerifier> MakeVerifier(JwtVerifierOptions options = {}) {
    if (options.key_files.empty()) {
      options.key_files = {es256_->public_key_file(), rs256_->public_key_file()};
    }
    options.issuer = "renfort";
    options.audience = "renfort";
    absl::StatusOr<std::unique_ptr<JwtVerifier>> verifier = JwtVerifier::Create(options);
    EXPECT_THAT(verifier, IsOk());
    return verifier.ok() ? *std::move(verifier) : nullptr;
  }

  std::unique_ptr<TestSigningKey> es256_;
  std::unique_ptr<TestSigningKey> rs256_;
};

TEST_F(JwtVerifierTest, AcceptsEs256TokenAndReadsEveryClaim) {
  auto verifier = MakeVerifier();
  Caller caller = OrgManagerCaller("org-1");
  caller.department_codes = {"59", "62"};
  caller.network_ids = {"net-1"};
  caller.roles.push_back(Role::kVolunteer);

  absl::StatusOr<Caller> verified = verifier->Verify(es256_->Token(caller, kNow), kNow);

  ASSERT_THAT(verified, IsOk());
  EXPECT_EQ(verified->subject, "manager-1");
  EXPECT_THAT(verified->roles, ElementsAre(Role::kOrgManager, Role::kVolunteer));
  EXPECT_THAT(verified->organisation_ids, ElementsAre("org-1"));
  EXPECT_THAT(verified->department_codes, ElementsAre("59", "62"));
  EXPECT_THAT(verified->network_ids, ElementsAre("net-1"));
}

TEST_F(JwtVerifierTest, AcceptsRs256Token) {
  auto verifier = MakeVerifier();
  EXPECT_THAT(verifier->Verify(rs256_->Token(AdminCaller(), kNow), kNow), IsOk());
}

TEST_F(JwtVerifierTest, RefusesTokenSignedByAnUntrustedKey) {
  auto verifier = MakeVerifier();
  auto stranger = TestSigningKey::Generate(TokenAlgorithm::kEs256, "es-key");  // same kid, other key
  EXPECT_THAT(verifier->Verify(stranger->Token(AdminCaller(), kNow), kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("signature")));
}

TEST_F(JwtVerifierTest, RefusesExpiredTokenBeyondTheClockSkew) {
  auto verifier = MakeVerifier();
  const std::string token = es256_->Token(AdminCaller(), kNow - absl::Hours(2), absl::Hours(1));
  EXPECT_THAT(verifier->Verify(token, kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("expired")));
}

TEST_F(JwtVerifierTest, ToleratesClockSkewOfUpToAMinute) {
  auto verifier = MakeVerifier();
  // Expired 30 s ago, and issued (nbf) 30 s in the future: both within the allowance.
  EXPECT_THAT(verifier->Verify(es256_->Token(AdminCaller(), kNow - absl::Minutes(10),
                                             absl::Seconds(570)), kNow),
              IsOk());
  EXPECT_THAT(verifier->Verify(es256_->Token(AdminCaller(), kNow + absl::Seconds(30)), kNow),
              IsOk());
}

TEST_F(JwtVerifierTest, RefusesTokenNotValidYet) {
  auto verifier = MakeVerifier();
  EXPECT_THAT(verifier->Verify(es256_->Token(AdminCaller(), kNow + absl::Hours(1)), kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("not valid yet")));
}

TEST_F(JwtVerifierTest, RefusesWrongAudienceAndWrongIssuer) {
  auto verifier = MakeVerifier();
  EXPECT_THAT(verifier->Verify(es256_->Token(AdminCaller(), kNow, absl::Hours(1), "other-app"), kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("audience")));
  EXPECT_THAT(verifier->Verify(es256_->Token(AdminCaller(), kNow, absl::Hours(1), "renfort",
                                             "someone-else"), kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("issuer")));
}

TEST_F(JwtVerifierTest, RefusesGarbageWithoutEchoingIt) {
  auto verifier = MakeVerifier();
  const std::string garbage = "not.a.jwt-secret-looking-value";
  absl::StatusOr<Caller> result = verifier->Verify(garbage, kNow);
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kUnauthenticated, Not(HasSubstr(garbage))));
}

TEST_F(JwtVerifierTest, ErrorMessagesNeverContainTheToken) {
  auto verifier = MakeVerifier();
  const std::string token = es256_->Token(AdminCaller(), kNow - absl::Hours(5));
  absl::StatusOr<Caller> result = verifier->Verify(token, kNow);
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(std::string(result.status().message()), Not(HasSubstr(token.substr(0, 20))));
}

// An unsigned token ("alg":"none") claiming admin must never pass.
TEST_F(JwtVerifierTest, RefusesUnsignedTokens) {
  auto verifier = MakeVerifier();
  const std::string header = absl::WebSafeBase64Escape(R"({"alg":"none","typ":"JWT"})");
  const std::string payload = absl::WebSafeBase64Escape(
      R"({"iss":"renfort","aud":"renfort","sub":"x","exp":1900000000,"roles":["admin"]})");
  EXPECT_THAT(verifier->Verify(header + "." + payload + ".", kNow),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

// The classic confusion attack: an HS256 token whose HMAC secret is the server's public key.
TEST_F(JwtVerifierTest, RefusesHs256SignedWithThePublicKeyAsSecret) {
  auto verifier = MakeVerifier();
  absl::StatusOr<std::string> public_pem = ReadFileToString(rs256_->public_key_file());
  ASSERT_THAT(public_pem, IsOk());
  absl::StatusOr<std::string> forged = MintToken(
      {.caller = AdminCaller(), .issuer = "renfort", .audience = "renfort", .issued_at = kNow},
      PemKey{"rs-key", TokenAlgorithm::kHs256, *public_pem});
  ASSERT_THAT(forged, IsOk());
  EXPECT_THAT(verifier->Verify(*forged, kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("HS256")));
}

TEST_F(JwtVerifierTest, AcceptsHs256OnlyWithTheDevelopmentSecret) {
  const std::string secret_file = es256_->public_key_file() + ".hs256";
  std::ofstream(secret_file) << "a development secret of at least thirty-two bytes";
  auto verifier = MakeVerifier({.dev_hs256_secret_file = secret_file});
  absl::StatusOr<std::string> token = MintToken(
      {.caller = VolunteerCaller(), .issuer = "renfort", .audience = "renfort", .issued_at = kNow},
      PemKey{"", TokenAlgorithm::kHs256, "a development secret of at least thirty-two bytes"});
  ASSERT_THAT(token, IsOk());
  EXPECT_THAT(verifier->Verify(*token, kNow), IsOk());
}

TEST_F(JwtVerifierTest, RefusesTokensWithoutRolesOrWithUnknownRoles) {
  auto verifier = MakeVerifier();
  EXPECT_THAT(verifier->Verify(es256_->Token(Caller{.subject = "x"}, kNow), kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("roles")));
}

TEST_F(JwtVerifierTest, ReloadDropsRemovedKeysAndTrustsNewOnes) {
  auto verifier = MakeVerifier({.key_files = {es256_->public_key_file()}});
  const std::string old_token = es256_->Token(CoordinatorCaller(), kNow);
  ASSERT_THAT(verifier->Verify(old_token, kNow), IsOk());  // now cached

  es256_->Regenerate();
  ASSERT_THAT(verifier->ReloadKeys(), IsOk());

  EXPECT_THAT(verifier->Verify(old_token, kNow), StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(verifier->Verify(es256_->Token(CoordinatorCaller(), kNow), kNow), IsOk());
}

TEST_F(JwtVerifierTest, FailedReloadKeepsThePreviousKeys) {
  auto verifier = MakeVerifier({.key_files = {es256_->public_key_file()}});
  std::ofstream(es256_->public_key_file()) << "this is not a key";
  EXPECT_THAT(verifier->ReloadKeys(), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(verifier->Verify(es256_->Token(AdminCaller(), kNow), kNow), IsOk());
}

TEST_F(JwtVerifierTest, CreateRefusesAPrivateKeyInPlaceOfAPublicOne) {
  EXPECT_THAT(JwtVerifier::Create({.key_files = {es256_->private_key_file()},
                                   .issuer = "renfort", .audience = "renfort"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a PEM public key")));
}

TEST_F(JwtVerifierTest, CreateRequiresKeysIssuerAndAudience) {
  EXPECT_THAT(JwtVerifier::Create({.issuer = "renfort", .audience = "renfort"}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(JwtVerifier::Create({.key_files = {es256_->public_key_file()}, .audience = "renfort"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("issuer")));
}

}  // namespace
}  // namespace renfort::services
