#ifndef RENFORT_TESTS_SUPPORT_TEST_STACK_H_
#define RENFORT_TESTS_SUPPORT_TEST_STACK_H_

#include <string>

#include "absl/status/statusor.h"

namespace renfort::testing {

// The real PostgreSQL and Redis that scripts/test starts for the suite, announced through
// RENFORT_TEST_DATABASE_URL and RENFORT_TEST_REDIS_URL. When they are missing the error says how
// to get them: tests that need the stack fail, they never skip.
absl::StatusOr<std::string> TestDatabaseUrl();
absl::StatusOr<std::string> TestRedisUrl();

}  // namespace renfort::testing

#endif  // RENFORT_TESTS_SUPPORT_TEST_STACK_H_
