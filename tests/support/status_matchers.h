#ifndef RENFORT_TESTS_SUPPORT_STATUS_MATCHERS_H_
#define RENFORT_TESTS_SUPPORT_STATUS_MATCHERS_H_

// gMock matchers for absl::Status and absl::StatusOr, which Abseil 20220623 does not ship.
//   EXPECT_THAT(DoThing(), IsOk());
//   EXPECT_THAT(DoThing(), StatusIs(absl::StatusCode::kFailedPrecondition));
//   EXPECT_THAT(DoThing(), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("places")));

#include <gmock/gmock.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace renfort::testing {

inline const absl::Status& GetStatus(const absl::Status& status) { return status; }
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

MATCHER(IsOk, "is OK") {
  const absl::Status& status = GetStatus(arg);
  if (!status.ok()) *result_listener << "status is " << status;
  return status.ok();
}

MATCHER_P(StatusIs, code, "has status code " + absl::StatusCodeToString(code)) {
  const absl::Status& status = GetStatus(arg);
  *result_listener << "status is " << status;
  return status.code() == code;
}

MATCHER_P2(StatusIs, code, message_matcher,
           "has status code " + absl::StatusCodeToString(code) + " and a matching message") {
  const absl::Status& status = GetStatus(arg);
  *result_listener << "status is " << status;
  return status.code() == code &&
         ::testing::Matches(message_matcher)(std::string(status.message()));
}

}  // namespace renfort::testing

// Fails the test and returns from it when `expr` (a Status or StatusOr) is not OK.
#define ASSERT_OK(expr) ASSERT_THAT((expr), ::renfort::testing::IsOk())
#define EXPECT_OK(expr) EXPECT_THAT((expr), ::renfort::testing::IsOk())

#endif  // RENFORT_TESTS_SUPPORT_STATUS_MATCHERS_H_
