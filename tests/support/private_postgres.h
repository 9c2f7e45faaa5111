#ifndef RENFORT_TESTS_SUPPORT_PRIVATE_POSTGRES_H_
#define RENFORT_TESTS_SUPPORT_PRIVATE_POSTGRES_H_

#include <memory>
#include <string>

namespace renfort::testing {

// A PostgreSQL 15 server of one test's own (initdb into a temporary directory, loopback, a free
// port), which the test may stop and start again to simulate an outage without disturbing other
// tests. Holds one database, "renfort", migrated with the communes loaded. Removed on
// destruction.
class PrivatePostgres {
 public:
  // Records a gtest failure and returns nullptr when it cannot start.
  static std::unique_ptr<PrivatePostgres> Start();
  ~PrivatePostgres();

  bool Stop();     // fast shutdown: sessions are cut, as in a crash of the server
  bool Restart();  // same port and data

  std::string url() const;
  // The server's log (postgres.log), for tests that look for what PostgreSQL reported.
  std::string log_file() const { return directory_ + "/postgres.log"; }

 private:
  PrivatePostgres(std::string directory, int port) : directory_(std::move(directory)), port_(port) {}
  bool Run(const std::string& pg_ctl_arguments) const;

  std::string directory_;
  int port_;
};

}  // namespace renfort::testing

#endif  // RENFORT_TESTS_SUPPORT_PRIVATE_POSTGRES_H_
