#ifndef RENFORT_STORAGE_STATUS_MACROS_H_
#define RENFORT_STORAGE_STATUS_MACROS_H_

// The two early-return helpers Abseil 20220623 lacks. Kept to these two on purpose.

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define RENFORT_CONCAT_INNER_(a, b) a##b
#define RENFORT_CONCAT_(a, b) RENFORT_CONCAT_INNER_(a, b)

// Returns the status of `expr` from the enclosing function when it is not OK.
#define RETURN_IF_ERROR(expr)                       \
  do {                                              \
    if (absl::Status renfort_status_ = (expr);      \
        !renfort_status_.ok()) {                    \
      return renfort_status_;                       \
    }                                               \
  } while (false)

// `ASSIGN_OR_RETURN(auto x, MakeX());` declares `x` from an OK StatusOr, or returns its status.
#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL_(RENFORT_CONCAT_(renfort_statusor_, __LINE__), lhs, expr)

#define ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                           \
  if (!statusor.ok()) {                             \
    return std::move(statusor).status();            \
  }                                                 \
  lhs = *std::move(statusor)

#endif  // RENFORT_STORAGE_STATUS_MACROS_H_
