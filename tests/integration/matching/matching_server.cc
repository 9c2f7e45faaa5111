#include "tests/integration/matching/matching_server.h"

namespace renfort::testing {

void MatchingServerTest::SetUp() {
  key_ = TestSigningKey::Generate(services::TokenAlgorithm::kEs256, "matching");
  database_ = ScratchDatabase::CreateMigrated();
  ASSERT_NE(database_, nullptr);
  redis_ = PrivateRedis::Start();
  ASSERT_NE(redis_, nullptr);
  fixtures_ = std::make_unique<MatchingFixtures>(database_->url());
  organisation_ = fixtures_->Organisation();
  StartServer();
}

void MatchingServerTest::StartServer() {
  stub_.reset();
  server_.reset();
  server_ = RunningServer::Start(
      {.binary = RENFORT_MATCHING_BIN,
       .database_url = database_->url(),
       .jwt_key_files = {key_->public_key_file()},
       .extra_flags = {"--redis_url=" + redis_->url(), "--matching_indexer_group=matching-indexer",
                       "--matching_claim_idle_seconds=1"}});
  ASSERT_NE(server_, nullptr);
  ASSERT_TRUE(server_->AwaitHealth(grpc::health::v1::HealthCheckResponse::SERVING))
      << server_->process().Output();
  stub_ = renfort::v1::MatchingService::NewStub(server_->channel());
}

renfort::v1::RankVolunteersResponse MatchingServerTest::Rank(const std::string& mission_id,
                                                             bool explain, grpc::Status* status) {
  renfort::v1::RankVolunteersRequest request;
  request.set_mission_id(mission_id);
  request.set_limit(500);
  request.set_explain(explain);
  renfort::v1::RankVolunteersResponse response;
  const grpc::Status result =
      Call(&renfort::v1::MatchingService::Stub::RankVolunteers, AdminCaller(), request, response);
  if (status != nullptr) {
    *status = result;
  } else {
    EXPECT_TRUE(result.ok()) << result.error_message();
  }
  return response;
}

}  // namespace renfort::testing
