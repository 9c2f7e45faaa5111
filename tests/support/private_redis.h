#ifndef RENFORT_TESTS_SUPPORT_PRIVATE_REDIS_H_
#define RENFORT_TESTS_SUPPORT_PRIVATE_REDIS_H_

#include <memory>
#include <string>

#include "storage/redis/redis_client.h"
#include "tests/support/child_process.h"

namespace renfort::testing {

// A redis-server of one test's own, on a free loopback port, that the test may stop and start
// again (on the same port) to simulate an outage without disturbing other tests.
class PrivateRedis {
 public:
  // Starts the server; records a gtest failure and returns nullptr when it cannot.
  static std::unique_ptr<PrivateRedis> Start();

  void Stop();     // SIGKILL, like a crash: nothing is saved
  bool Restart();  // same port, empty data

  storage::RedisEndpoint endpoint() const { return {.host = "127.0.0.1", .port = port_}; }
  std::string url() const;

 private:
  explicit PrivateRedis(int port) : port_(port) {}
  bool Launch();

  int port_;
  std::unique_ptr<ChildProcess> process_;
};

// A TCP port on 127.0.0.1 that nothing listens on right now.
int FreeLoopbackPort();

}  // namespace renfort::testing

#endif  // RENFORT_TESTS_SUPPORT_PRIVATE_REDIS_H_
