#include "tests/support/test_stack.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"

namespace renfort::testing {
namespace {

absl::StatusOr<std::string> FromEnvironment(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    return absl::FailedPreconditionError(absl::StrCat(
        name, " is not set: run the suite with scripts/test, which starts a throw-away "
              "PostgreSQL and Redis, or export it from `scripts/stack start test`"));
  }
  return std::string(value);
}

}  // namespace

absl::StatusOr<std::string> TestDatabaseUrl() { return FromEnvironment("RENFORT_TEST_DATABASE_URL"); }
absl::StatusOr<std::string> TestRedisUrl() { return FromEnvironment("RENFORT_TEST_REDIS_URL"); }

}  // namespace renfort::testing
