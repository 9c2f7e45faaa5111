#include "tools/renfortctl/token_command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/common/auth/jwt_verifier.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_keys.h"

namespace renfort::ctl {
namespace {

using ::renfort::services::TokenAlgorithm;
using ::renfort::testing::IsOk;
using ::renfort::testing::StatusIs;
using ::renfort::testing::TestSigningKey;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(MintDevelopmentToken, MintsATokenTheServersVerifierAccepts) {
  auto key = TestSigningKey::Generate(TokenAlgorithm::kEs256, "renfort-dev");
  const absl::Time now = absl::Now();
  absl::StatusOr<std::string> token = MintDevelopmentToken(
      {.roles = {"coordinator"}, .department_codes = {"59", "62"},
       .private_key_file = key->private_key_file()},
      now);
  ASSERT_THAT(token, IsOk());

  auto verifier = services::JwtVerifier::Create(
      {.key_files = {key->public_key_file()}, .issuer = "renfort", .audience = "renfort"});
  ASSERT_THAT(verifier, IsOk());
  absl::StatusOr<services::Caller> caller = (*verifier)->Verify(*token, now);
  ASSERT_THAT(caller, IsOk());
  EXPECT_EQ(caller->subject, "coordinator-dev");
  EXPECT_THAT(caller->department_codes, ElementsAre("59", "62"));
}

TEST(MintDevelopmentToken, ExplainsWhatIsMissing) {
  auto key = TestSigningKey::Generate(TokenAlgorithm::kEs256, "renfort-dev");
  const std::string file = key->private_key_file();
  EXPECT_THAT(MintDevelopmentToken({.private_key_file = file}, absl::Now()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--role is required")));
  EXPECT_THAT(MintDevelopmentToken({.roles = {"mayor"}, .private_key_file = file}, absl::Now()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("unknown role 'mayor'")));
  EXPECT_THAT(MintDevelopmentToken({.roles = {"volunteer"}, .private_key_file = file}, absl::Now()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--volunteer")));
  EXPECT_THAT(MintDevelopmentToken({.roles = {"org_manager"}, .private_key_file = file}, absl::Now()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--org")));
}

}  // namespace
}  // namespace renfort::ctl
