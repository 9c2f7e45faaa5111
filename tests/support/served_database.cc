#include "tests/support/served_database.h"

#include <gtest/gtest.h>

namespace renfort::testing {

std::unique_ptr<ServedDatabase> StartServedDatabase(const ServedDatabaseOptions& options) {
  auto served = std::make_unique<ServedDatabase>();
  served->key = TestSigningKey::Generate(services::TokenAlgorithm::kEs256, options.key_id);
  served->database = ScratchDatabase::CreateMigrated();
  if (served->key == nullptr || served->database == nullptr) return nullptr;
  if (options.private_redis) {
    served->redis = PrivateRedis::Start();
    if (served->redis == nullptr) return nullptr;
  }
  served->server = RunningServer::Start(
      {.binary = options.binary,
       .database_url = served->database->url(),
       .jwt_key_files = {served->key->public_key_file()},
       .extra_flags = options.extra_flags,
       .redis_url = served->redis != nullptr ? served->redis->url() : ""});
  if (served->server == nullptr) return nullptr;
  if (!served->server->AwaitHealth(grpc::health::v1::HealthCheckResponse::SERVING,
                                   options.serving_service)) {
    ADD_FAILURE() << "the server is not SERVING" << (options.serving_service.empty() ? "" : " ")
                  << options.serving_service << ":\n"
                  << served->server->process().Output();
    return nullptr;
  }
  return served;
}

}  // namespace renfort::testing
