#include "tests/support/private_redis.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace renfort::testing {

int FreeLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

std::unique_ptr<PrivateRedis> PrivateRedis::Start() {
  auto redis = std::unique_ptr<PrivateRedis>(new PrivateRedis(FreeLoopbackPort()));
  if (!redis->Launch()) return nullptr;
  return redis;
}

std::string PrivateRedis::url() const { return absl::StrCat("redis://127.0.0.1:", port_); }

bool PrivateRedis::Launch() {
  absl::StatusOr<std::unique_ptr<ChildProcess>> process = ChildProcess::Start(
      {"/usr/bin/redis-server", "--bind", "127.0.0.1", "--port", absl::StrCat(port_), "--save", "",
       "--appendonly", "no"});
  if (!process.ok()) {
    ADD_FAILURE() << process.status();
    return false;
  }
  process_ = *std::move(process);
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (absl::Now() < deadline) {
    absl::StatusOr<std::unique_ptr<storage::RedisConnection>> connection =
        storage::RedisConnection::Connect(endpoint(), absl::Milliseconds(200));
    if (connection.ok() && (*connection)->Ping().ok()) return true;
    absl::SleepFor(absl::Milliseconds(20));
  }
  ADD_FAILURE() << "redis-server did not start on port " << port_ << ":\n" << process_->Output();
  return false;
}

void PrivateRedis::Stop() {
  if (process_ == nullptr) return;
  process_->Signal(SIGKILL);
  process_->WaitForExit(absl::Seconds(5));
  process_.reset();
}

bool PrivateRedis::Restart() {
  Stop();
  return Launch();
}

}  // namespace renfort::testing
