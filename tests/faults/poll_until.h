#ifndef RENFORT_TESTS_FAULTS_POLL_UNTIL_H_
#define RENFORT_TESTS_FAULTS_POLL_UNTIL_H_

#include <functional>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace renfort::testing {

// Polls `condition` every 20 ms until it holds or `timeout` passes; true when it held. The
// conditions of the fault tests query PostgreSQL and Redis, hence the slower pace than
// matching_fixtures.h's Eventually.
inline bool PollUntil(const std::function<bool()>& condition, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    if (condition()) return true;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return condition();
}

}  // namespace renfort::testing

#endif  // RENFORT_TESTS_FAULTS_POLL_UNTIL_H_
