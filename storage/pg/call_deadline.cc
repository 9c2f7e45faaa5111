#include "storage/pg/call_deadline.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace renfort::storage {
namespace {

thread_local absl::Time call_deadline = absl::InfiniteFuture();

}  // namespace

ScopedCallDeadline::ScopedCallDeadline(absl::Time deadline) : previous_(call_deadline) {
  call_deadline = std::min(deadline, previous_);
}

ScopedCallDeadline::~ScopedCallDeadline() { call_deadline = previous_; }

absl::Time CurrentCallDeadline() { return call_deadline; }

absl::Status ApplyCallDeadline(pqxx::transaction_base& txn) {
  if (call_deadline == absl::InfiniteFuture()) return absl::OkStatus();
  // statement_timeout counts whole milliseconds; 0 would mean "no limit".
  const int64_t left_ms = absl::ToInt64Milliseconds(call_deadline - absl::Now());
  if (left_ms < 1) return absl::DeadlineExceededError("the call's deadline has passed");
  // The setting's upper bound is INT_MAX ms (about 24 days); a longer deadline is as good as none.
  if (left_ms > std::numeric_limits<int32_t>::max()) return absl::OkStatus();
  txn.exec(absl::StrCat("SET LOCAL statement_timeout = ", left_ms));
  return absl::OkStatus();
}

}  // namespace renfort::storage
