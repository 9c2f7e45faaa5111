#ifndef RENFORT_TESTS_SUPPORT_SCRATCH_DATABASE_H_
#define RENFORT_TESTS_SUPPORT_SCRATCH_DATABASE_H_

#include <memory>
#include <string>

namespace renfort::testing {

// A new database on the test PostgreSQL (see test_stack.h), private to one test and dropped on
// destruction, so tests can run alone, in any order and in parallel.
class ScratchDatabase {
 public:
  // Creates an empty database. On failure, records a gtest failure and returns nullptr.
  static std::unique_ptr<ScratchDatabase> CreateEmpty() { return Create(""); }
  // Creates a database with every embedded migration applied and the communes reference table
  // loaded: a copy of RENFORT_TEST_TEMPLATE_DATABASE when scripts/test prepared one, else
  // migrated and loaded here. Same failure behaviour.
  static std::unique_ptr<ScratchDatabase> CreateMigrated();

  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  // libpq connection URL of the scratch database.
  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }

 private:
  // A new database, copied from `template_name` unless it is empty.
  static std::unique_ptr<ScratchDatabase> Create(const std::string& template_name);
  ScratchDatabase(std::string admin_url, std::string name, std::string url)
      : admin_url_(std::move(admin_url)), name_(std::move(name)), url_(std::move(url)) {}

  const std::string admin_url_;
  const std::string name_;
  const std::string url_;
};

}  // namespace renfort::testing

#endif  // RENFORT_TESTS_SUPPORT_SCRATCH_DATABASE_H_
