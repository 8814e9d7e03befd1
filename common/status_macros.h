#ifndef INNOLEDGER_COMMON_STATUS_MACROS_H_
#define INNOLEDGER_COMMON_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// abseil 20220623 ships no RETURN_IF_ERROR / ASSIGN_OR_RETURN; these are ours.
#define INNOLEDGER_CONCAT_INNER(a, b) a##b
#define INNOLEDGER_CONCAT(a, b) INNOLEDGER_CONCAT_INNER(a, b)

#define RETURN_IF_ERROR(expr)                        \
  do {                                               \
    ::absl::Status _status_ = (expr);                \
    if (!_status_.ok()) return _status_;             \
  } while (0)

#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL(INNOLEDGER_CONCAT(_statusor_, __LINE__), lhs, expr)
#define ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                          \
  if (!tmp.ok()) return tmp.status();         \
  lhs = std::move(*tmp)

#endif  // INNOLEDGER_COMMON_STATUS_MACROS_H_
