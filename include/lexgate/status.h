// absl::Status helpers for callers of lexgate.
#ifndef LEXGATE_STATUS_H_
#define LEXGATE_STATUS_H_

#include <string>

#include "absl/status/status.h"

namespace lexgate {

// The message of `status` as a std::string ("" for an OK status). Debian's
// abseil is built with its own absl::string_view, distinct from
// std::string_view, so `std::string_view m = status.message();` does not
// compile there; this compiles with every abseil build.
inline std::string StatusMessage(const absl::Status& status) {
  const auto message = status.message();
  return std::string(message.data(), message.size());
}

}  // namespace lexgate

#endif  // LEXGATE_STATUS_H_
