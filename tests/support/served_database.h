#ifndef RENFORT_TESTS_SUPPORT_SERVED_DATABASE_H_
#define RENFORT_TESTS_SUPPORT_SERVED_DATABASE_H_

#include <memory>
#include <string>
#include <vector>

#include "tests/support/private_redis.h"
#include "tests/support/running_server.h"
#include "tests/support/scratch_database.h"
#include "tests/support/test_keys.h"

namespace renfort::testing {

// A migrated scratch database with the real server binary in front of it, trusting a test
// signing key, and a private Redis when the test needs one of its own: the set-up of the tests
// that drive the whole platform over gRPC. Members are declared so that the server stops first.
struct ServedDatabase {
  std::unique_ptr<TestSigningKey> key;
  std::unique_ptr<ScratchDatabase> database;
  std::unique_ptr<PrivateRedis> redis;  // null: the server uses the test stack's Redis
  std::unique_ptr<RunningServer> server;
};

struct ServedDatabaseOptions {
  std::string binary;
  std::string key_id;  // the test key's kid
  std::vector<std::string> extra_flags;
  bool private_redis = false;
  // Waited for as SERVING before returning: "" is the whole server.
  std::string serving_service;
};

// Starts it all. On failure records a gtest failure (with the server's output when it does not
// become SERVING within 15 s) and returns nullptr.
std::unique_ptr<ServedDatabase> StartServedDatabase(const ServedDatabaseOptions& options);

}  // namespace renfort::testing

#endif  // RENFORT_TESTS_SUPPORT_SERVED_DATABASE_H_
