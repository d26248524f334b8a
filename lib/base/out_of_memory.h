// std::bad_alloc never crosses lexgate's public API, which reports failures
// as statuses: every entry point that can allocate runs its body through
// CatchOutOfMemory(), so that memory running out is an error the caller
// sees (and a stream or a scan fails closed) instead of an exception that
// terminates a program built to expect none.
#ifndef LEXGATE_LIB_BASE_OUT_OF_MEMORY_H_
#define LEXGATE_LIB_BASE_OUT_OF_MEMORY_H_

#include <new>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace lexgate::internal {

// Returns body() (an absl::Status or absl::StatusOr), or a
// kResourceExhausted error naming `what` when it runs out of memory.
template <typename Body>
auto CatchOutOfMemory(const char* what, Body&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError(
        absl::StrCat("out of memory in ", what));
  }
}

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_BASE_OUT_OF_MEMORY_H_
