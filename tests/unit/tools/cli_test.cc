// The driver without a server: help for every command, usage errors (exit 2), the token command.
#include "tools/renfortctl/cli.h"

#include <gmock/gmock.h>
#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include <set>

#include "absl/strings/str_split.h"
#include "renfort/v1/matching_service.pb.h"
#include "renfort/v1/mission_service.pb.h"
#include "renfort/v1/volunteer_service.pb.h"
#include "services/common/auth/jwt_verifier.h"
#include "tests/support/test_keys.h"
#include "tests/unit/tools/command_test_util.h"

namespace renfort::ctl {
namespace {

using ::renfort::ctl::testing::CliResult;
using ::renfort::ctl::testing::RunWords;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

TEST(Commands, EveryRpcOfTheThreeServicesHasACommand) {
  std::set<std::string> covered;
  for (const Command& command : AllCommands()) covered.insert(command.rpc);
  (void)v1::CreateMissionRequest::descriptor();  // links the generated files in
  (void)v1::RegisterVolunteerRequest::descriptor();
  (void)v1::RankVolunteersRequest::descriptor();
  for (const char* name :
       {"renfort.v1.MissionService", "renfort.v1.VolunteerService", "renfort.v1.MatchingService"}) {
    const auto* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
    ASSERT_NE(service, nullptr) << name;
    for (int i = 0; i < service->method_count(); ++i) {
      const std::string rpc = service->full_name() + "/" + service->method(i)->name();
      EXPECT_TRUE(covered.count(rpc)) << rpc << " has no renfortctl command";
    }
  }
}

TEST(Help, EveryCommandDescribesItselfAndEachOfItsFlags) {
  ASSERT_FALSE(AllCommands().empty());
  for (const Command& command : AllCommands()) {
    std::vector<std::string> words = absl::StrSplit(command.Path(), ' ');
    words.push_back("--help");
    const CliResult result = RunWords(words);
    EXPECT_EQ(result.code, 0) << command.Path();
    EXPECT_THAT(result.out, StartsWith("usage: renfortctl " + command.Path() + " [flags]\n"))
        << command.Path();
    EXPECT_THAT(result.out, HasSubstr(command.summary));
    for (const FlagSpec& flag : command.flags) {
      EXPECT_THAT(result.out, HasSubstr("--" + flag.name)) << command.Path();
    }
    if (!command.run_local) {
      EXPECT_THAT(result.out, HasSubstr("Calls " + command.rpc)) << command.Path();
      EXPECT_THAT(result.out, HasSubstr("--endpoint")) << command.Path();
      EXPECT_THAT(result.out, HasSubstr("exit codes: 0 ok, 1 the server refused"));
    }
  }
}

TEST(Help, HelpWinsOverMissingRequiredFlags) {
  const CliResult result = RunWords({"org", "get", "--help"});
  EXPECT_EQ(result.code, 0);
  EXPECT_THAT(result.out, HasSubstr("(required) organisation id"));
}

TEST(Help, TopLevelAndGroupHelpListTheCommands) {
  const CliResult top = RunWords({"--help"});
  EXPECT_EQ(top.code, 0);
  EXPECT_THAT(top.out, HasSubstr("  org "));
  EXPECT_THAT(
      top.out,
      HasSubstr("exit codes: 0 ok, 1 the server refused the call (gRPC error), 2 bad usage"));
  const CliResult group = RunWords({"org", "--help"});
  EXPECT_EQ(group.code, 0);
  EXPECT_THAT(group.out, HasSubstr("  review  Records a review decision"));
  EXPECT_EQ(RunWords({}).code, 2);
  EXPECT_EQ(RunWords({"org"}).code, 2);
}

TEST(Usage, UnknownCommandsAndFlagsExitTwoNamingThem) {
  CliResult result = RunWords({"orgs", "list"});
  EXPECT_EQ(result.code, 2);
  EXPECT_THAT(result.err, HasSubstr("renfortctl: unknown command 'orgs'"));

  result = RunWords({"org", "destroy"});
  EXPECT_EQ(result.code, 2);
  EXPECT_THAT(result.err, HasSubstr("renfortctl org: unknown command 'destroy'"));

  result = RunWords({"org", "list", "--page-size=lots"});
  EXPECT_EQ(result.code, 2);
  EXPECT_THAT(result.err,
              HasSubstr("renfortctl org list: --page-size: expected an integer, got 'lots'"));
  EXPECT_THAT(result.err, HasSubstr("see `renfortctl org list --help`"));
  EXPECT_THAT(result.out, IsEmpty());

  result = RunWords({"org", "get", "o-1"});
  EXPECT_EQ(result.code, 2);
  EXPECT_THAT(result.err, HasSubstr("unexpected argument 'o-1'"));

  result = RunWords({"org", "list", "--timeout=soon"});
  EXPECT_EQ(result.code, 2);
  EXPECT_THAT(result.err, HasSubstr("--timeout: expected a duration"));
}

TEST(Token, MintsATokenTheServersAccept) {
  auto key =
      renfort::testing::TestSigningKey::Generate(services::TokenAlgorithm::kEs256, "renfort-dev");
  const CliResult result =
      RunWords({"token", "--role=coordinator", "--dept=59,62", "--key=" + key->private_key_file()});
  ASSERT_EQ(result.code, 0) << result.err;
  auto verifier = services::JwtVerifier::Create(
      {.key_files = {key->public_key_file()}, .issuer = "renfort", .audience = "renfort"});
  ASSERT_TRUE(verifier.ok());
  const std::string token = result.out.substr(0, result.out.find('\n'));
  absl::StatusOr<services::Caller> caller = (*verifier)->Verify(token, absl::Now());
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_EQ(caller->subject, "coordinator-dev");
}

TEST(Token, ExplainsAMissingRoleWithExitTwo) {
  auto key =
      renfort::testing::TestSigningKey::Generate(services::TokenAlgorithm::kEs256, "renfort-dev");
  const CliResult result = RunWords({"token", "--key=" + key->private_key_file()});
  EXPECT_EQ(result.code, 2);
  EXPECT_THAT(result.err, HasSubstr("renfortctl token: --role is required"));
}

}  // namespace
}  // namespace renfort::ctl
