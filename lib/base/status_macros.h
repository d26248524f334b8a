// Status propagation for the library's internals: the two shapes that recur
// in every room (return an error as is; unwrap a StatusOr or return its
// error), so that each call site states only what it calls.
#ifndef LEXGATE_LIB_BASE_STATUS_MACROS_H_
#define LEXGATE_LIB_BASE_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Returns from the enclosing function with the status of `expr` unless it is
// OK. `expr` is an absl::Status or anything with a .status().
#define LEXGATE_RETURN_IF_ERROR(expr)                                         \
  do {                                                                        \
    if (absl::Status lexgate_status_ = ::lexgate::internal::ToStatus((expr)); \
        !lexgate_status_.ok()) {                                              \
      return lexgate_status_;                                                 \
    }                                                                         \
  } while (false)

// `lhs` = the value of the absl::StatusOr `expr`, or returns its error.
// `lhs` may declare a variable: LEXGATE_ASSIGN_OR_RETURN(auto x, F());
#define LEXGATE_ASSIGN_OR_RETURN(lhs, expr) \
  LEXGATE_ASSIGN_OR_RETURN_IMPL_(           \
      LEXGATE_STATUS_MACROS_CONCAT_(lexgate_statusor_, __LINE__), lhs, expr)

#define LEXGATE_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                   \
  if (!statusor.ok()) return std::move(statusor).status();  \
  lhs = *std::move(statusor)

#define LEXGATE_STATUS_MACROS_CONCAT_INNER_(x, y) x##y
#define LEXGATE_STATUS_MACROS_CONCAT_(x, y) \
  LEXGATE_STATUS_MACROS_CONCAT_INNER_(x, y)

namespace lexgate::internal {

inline absl::Status ToStatus(absl::Status status) { return status; }
template <typename T>
absl::Status ToStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_BASE_STATUS_MACROS_H_
