// Runs the renfortctl binary against a real all-in-one server and checks what a person sees:
// that it reaches the server with the endpoint and token from flags or the environment, and the
// messages and exit codes of a refused call, a bad token and a dead endpoint. Holds for a server
// whose handlers are not written yet (UNIMPLEMENTED) as well as for one whose are.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/support/child_process.h"
#include "tests/support/running_server.h"
#include "tests/support/scratch_database.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_keys.h"

namespace renfort {
namespace {

using ::grpc::health::v1::HealthCheckResponse;
using ::renfort::services::TokenAlgorithm;
using ::renfort::testing::ChildProcess;
using ::renfort::testing::IsOk;
using ::renfort::testing::RunningServer;
using ::renfort::testing::ScratchDatabase;
using ::renfort::testing::TestSigningKey;
using ::testing::AnyOf;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kUnknownMissionId[] = "0b9a3c4e-1d2f-4a5b-8c7d-00000000ffff";

struct RunResult {
  std::optional<int> code;
  std::string output;  // stdout and stderr
};

class RenfortctlTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Children inherit this environment: the tests must not depend on the caller's settings.
    unsetenv("RENFORT_ENDPOINT");
    unsetenv("RENFORT_TOKEN");
    key_ = TestSigningKey::Generate(TokenAlgorithm::kEs256, "e2e").release();
    database_ = ScratchDatabase::CreateMigrated().release();
    ASSERT_NE(database_, nullptr);
    server_ = RunningServer::Start({.binary = RENFORT_BIN,
                                    .database_url = database_->url(),
                                    .jwt_key_files = {key_->public_key_file()}})
                  .release();
    ASSERT_NE(server_, nullptr);
    ASSERT_TRUE(server_->AwaitHealth(HealthCheckResponse::SERVING)) << server_->process().Output();
  }

  static void TearDownTestSuite() {
    delete server_;
    delete database_;
    delete key_;
  }

  static std::string Endpoint() { return absl::StrCat("127.0.0.1:", server_->port()); }

  // Runs renfortctl with `words` to completion, with `env` added to the environment.
  static RunResult Renfortctl(std::vector<std::string> words, std::vector<std::string> env = {}) {
    words.insert(words.begin(), RENFORTCTL_BIN);
    absl::StatusOr<std::unique_ptr<ChildProcess>> process = ChildProcess::Start(words, env);
    EXPECT_THAT(process, IsOk());
    if (!process.ok()) return {};
    std::optional<int> code = (*process)->WaitForExit(absl::Seconds(30));
    return {code, (*process)->Output()};
  }

  static inline TestSigningKey* key_ = nullptr;
  static inline ScratchDatabase* database_ = nullptr;
  static inline RunningServer* server_ = nullptr;
};

TEST_F(RenfortctlTest, ACallTheServerRefusesExitsOneNamingCommandAndCode) {
  const RunResult run =
      Renfortctl({"mission", "get", "--id", kUnknownMissionId, "--endpoint=" + Endpoint(),
                  "--token=" + key_->Token(testing::AdminCaller())});
  EXPECT_EQ(run.code, 1) << run.output;
  // UNIMPLEMENTED while MissionService's handlers are stubs, NOT_FOUND once they exist.
  EXPECT_THAT(run.output, ContainsRegex("renfortctl mission get: (UNIMPLEMENTED|NOT_FOUND): "));
  EXPECT_THAT(run.output, HasSubstr("hint: "));
}

TEST_F(RenfortctlTest, ReadsEndpointAndTokenFromTheEnvironment) {
  const RunResult run = Renfortctl(
      {"volunteer", "get", "--id", kUnknownMissionId},
      {"RENFORT_ENDPOINT=" + Endpoint(), "RENFORT_TOKEN=" + key_->Token(testing::AdminCaller())});
  EXPECT_EQ(run.code, 1) << run.output;
  EXPECT_THAT(run.output, ContainsRegex("renfortctl volunteer get: (UNIMPLEMENTED|NOT_FOUND): "));
}

TEST_F(RenfortctlTest, ATokenMintedByTheTokenCommandIsAccepted) {
  const RunResult minted =
      Renfortctl({"token", "--role=admin", "--key=" + key_->private_key_file()});
  ASSERT_EQ(minted.code, 0) << minted.output;
  const std::string token = minted.output.substr(0, minted.output.find('\n'));
  const RunResult run = Renfortctl({"org", "list", "--endpoint=" + Endpoint(), "--token=" + token});
  EXPECT_THAT(run.output, Not(HasSubstr("UNAUTHENTICATED")));
  // An empty table once ListOrganisations exists; UNIMPLEMENTED before.
  if (run.code == 0) {
    EXPECT_THAT(run.output, HasSubstr("ID  NAME  KIND  DEPT  STATUS  NETWORK\n(none)\n"));
  } else {
    EXPECT_EQ(run.code, 1);
    EXPECT_THAT(run.output, HasSubstr("renfortctl org list: UNIMPLEMENTED: "));
  }
}

TEST_F(RenfortctlTest, ABadTokenExitsOneWithUnauthenticatedAndTheTokenHint) {
  const RunResult run = Renfortctl({"mission", "publish", "--id", kUnknownMissionId,
                                    "--endpoint=" + Endpoint(), "--token=not-a-jwt"});
  EXPECT_EQ(run.code, 1) << run.output;
  EXPECT_THAT(run.output, HasSubstr("renfortctl mission publish: UNAUTHENTICATED: "));
  EXPECT_THAT(run.output, HasSubstr("hint: get a token with `renfortctl token"));
}

TEST_F(RenfortctlTest, NoTokenAtAllIsUnauthenticatedToo) {
  const RunResult run = Renfortctl({"org", "list", "--endpoint=" + Endpoint()});
  EXPECT_EQ(run.code, 1) << run.output;
  EXPECT_THAT(run.output, HasSubstr("renfortctl org list: UNAUTHENTICATED: "));
}

TEST_F(RenfortctlTest, ARoleTheAccessPolicyRefusesGetsPermissionDeniedAndTheScopeHint) {
  const RunResult run = Renfortctl({"org", "review", "--id", kUnknownMissionId,
                                    "--decision=validate", "--endpoint=" + Endpoint(),
                                    "--token=" + key_->Token(testing::VolunteerCaller())});
  EXPECT_EQ(run.code, 1) << run.output;
  EXPECT_THAT(run.output, HasSubstr("renfortctl org review: PERMISSION_DENIED: "));
  EXPECT_THAT(run.output, HasSubstr("hint: your token's role or scope does not allow this"));
}

TEST_F(RenfortctlTest, ADeadEndpointExitsThreeAndAsksWhetherTheServerRuns) {
  // Nothing listens on port 1 of the loopback: the connection is refused at once.
  const RunResult run =
      Renfortctl({"mission", "search", "--query=aide", "--endpoint=127.0.0.1:1", "--timeout=5s",
                  "--token=" + key_->Token(testing::AdminCaller())});
  EXPECT_EQ(run.code, 3) << run.output;
  EXPECT_THAT(run.output, HasSubstr("renfortctl mission search: UNAVAILABLE: "));
  EXPECT_THAT(run.output, HasSubstr("hint: is `scripts/run` running at 127.0.0.1:1?"));
}

TEST_F(RenfortctlTest, BadUsageExitsTwoWithoutCallingTheServer) {
  const RunResult run =
      Renfortctl({"mission", "search", "--radius=far", "--endpoint=" + Endpoint()});
  EXPECT_EQ(run.code, 2) << run.output;
  EXPECT_THAT(run.output,
              HasSubstr("renfortctl mission search: --radius: expected a number, got 'far'"));
}

}  // namespace
}  // namespace renfort
