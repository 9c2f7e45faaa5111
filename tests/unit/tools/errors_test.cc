#include "tools/renfortctl/errors.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace renfort::ctl {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

CallSite Site(bool connected = true) {
  return {.command_path = "mission publish",
          .endpoint = "127.0.0.1:50051",
          .timeout = "10s",
          .connected = connected};
}

TEST(FormatRpcError, NamesCommandCodeAndServerMessage) {
  const std::string text = FormatRpcError(
      Site(), grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "mission is DRAFT, not PAUSED"));
  EXPECT_THAT(
      text, StartsWith(
                "renfortctl mission publish: FAILED_PRECONDITION: mission is DRAFT, not PAUSED\n"));
  EXPECT_THAT(text, HasSubstr("hint: the current status does not allow this; look at it with "
                              "`renfortctl mission get`"));
}

TEST(FormatRpcError, UnauthenticatedPointsToTheTokenCommand) {
  EXPECT_THAT(FormatRpcError(Site(), grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "bad token")),
              HasSubstr("hint: get a token with `renfortctl token"));
}

TEST(FormatRpcError, UnavailableAsksWhetherTheServerRunsAtTheEndpoint) {
  EXPECT_THAT(FormatRpcError(Site(false), grpc::Status(grpc::StatusCode::UNAVAILABLE, "refused")),
              HasSubstr("is `scripts/run` running at 127.0.0.1:50051?"));
  EXPECT_THAT(FormatRpcError(Site(true), grpc::Status(grpc::StatusCode::UNAVAILABLE, "db down")),
              HasSubstr("not ready"));
}

TEST(FormatRpcError, InvalidArgumentNamesTheFieldAndTheCommandHelp) {
  const std::string text =
      FormatRpcError(Site(), grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                          "mission.places: must be between 1 and 10000, got 0"));
  EXPECT_THAT(text, HasSubstr("INVALID_ARGUMENT: mission.places: must be"));
  EXPECT_THAT(text,
              HasSubstr("fix the field `mission.places`; see `renfortctl mission publish --help`"));
  EXPECT_THAT(FormatRpcError(
                  Site(), grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "bad things happened")),
              HasSubstr("a field is wrong"));
}

TEST(FormatRpcError, OtherCodesHaveTheirHint) {
  EXPECT_THAT(FormatRpcError(Site(), grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "no")),
              HasSubstr("role or scope"));
  EXPECT_THAT(FormatRpcError(Site(), grpc::Status(grpc::StatusCode::NOT_FOUND, "no mission m-1")),
              HasSubstr("`renfortctl mission list`"));
  EXPECT_THAT(FormatRpcError(Site(), grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "")),
              HasSubstr("does not offer this call yet"));
  EXPECT_THAT(FormatRpcError(Site(), grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "late")),
              HasSubstr("within 10s; retry or raise --timeout"));
  EXPECT_THAT(FormatRpcError(Site(), grpc::Status(grpc::StatusCode::INTERNAL, "boom")),
              Not(HasSubstr("hint")));
}

TEST(FormatRpcError, HintsNameCommandsThatExist) {
  CallSite site = Site();
  site.command_path = "match rank";
  EXPECT_THAT(FormatRpcError(site, grpc::Status(grpc::StatusCode::NOT_FOUND, "no mission")),
              HasSubstr("`renfortctl mission list`"));
  EXPECT_THAT(
      FormatRpcError(site, grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "not published")),
      HasSubstr("`renfortctl mission get`"));
  site.command_path = "invitation respond";
  EXPECT_THAT(FormatRpcError(site, grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "expired")),
              HasSubstr("`renfortctl invitation list`"));
  site.command_path = "stats get";
  EXPECT_THAT(FormatRpcError(site, grpc::Status(grpc::StatusCode::NOT_FOUND, "no organisation")),
              HasSubstr("hint: check the ids you gave\n"));
}

TEST(ExitCodeFor, SeparatesRefusalsFromAnUnreachableServer) {
  EXPECT_EQ(ExitCodeFor(Site(), grpc::Status::OK), kExitOk);
  EXPECT_EQ(ExitCodeFor(Site(), grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "")),
            kExitRefused);
  EXPECT_EQ(ExitCodeFor(Site(), grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "")), kExitRefused);
  EXPECT_EQ(ExitCodeFor(Site(false), grpc::Status(grpc::StatusCode::UNAVAILABLE, "")),
            kExitUnreachable);
  EXPECT_EQ(ExitCodeFor(Site(false), grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "")),
            kExitUnreachable);
  EXPECT_EQ(ExitCodeFor(Site(true), grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "")),
            kExitRefused);
  EXPECT_EQ(kExitUsage, 2);
}

TEST(StatusCodeName, SpellsCodesAsGrpcDoes) {
  EXPECT_EQ(StatusCodeName(grpc::StatusCode::FAILED_PRECONDITION), "FAILED_PRECONDITION");
  EXPECT_EQ(StatusCodeName(grpc::StatusCode::UNAUTHENTICATED), "UNAUTHENTICATED");
}

}  // namespace
}  // namespace renfort::ctl
