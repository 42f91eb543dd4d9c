// Error propagation macros for absl::Status / absl::StatusOr<T>.
//
// The packaged Abseil (20220623) has no status macros of its own, so the
// engine defines them once here. Header-only; no state; thread-safe.
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define SAFETYNET_CONCAT_INNER(a, b) a##b
#define SAFETYNET_CONCAT(a, b) SAFETYNET_CONCAT_INNER(a, b)

// Returns from the enclosing function if `expr` (an absl::Status) is not OK.
#define SAFETYNET_RETURN_IF_ERROR(expr)                    \
  do {                                                     \
    ::absl::Status safetynet_status_ = (expr);             \
    if (!safetynet_status_.ok()) return safetynet_status_; \
  } while (0)

// `SAFETYNET_ASSIGN_OR_RETURN(auto x, StatusOrExpr());` declares/assigns x from the
// value, or returns the error from the enclosing function.
#define SAFETYNET_ASSIGN_OR_RETURN(lhs, expr) \
  SAFETYNET_ASSIGN_OR_RETURN_IMPL(SAFETYNET_CONCAT(safetynet_statusor_, __LINE__), lhs, expr)
#define SAFETYNET_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                    \
  if (!tmp.ok()) return tmp.status();                   \
  lhs = std::move(tmp).value()
