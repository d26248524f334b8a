// String shims between the standard library and Debian's abseil, which is
// built with its own absl::string_view (not an alias of std::string_view),
// so the two do not convert implicitly.
#ifndef LEXGATE_LIB_BASE_STRINGS_H_
#define LEXGATE_LIB_BASE_STRINGS_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace lexgate::internal {

// A std::string_view as an absl::string_view, for absl::StrCat and friends.
inline absl::string_view Absl(std::string_view s) {
  return {s.data(), s.size()};
}

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_BASE_STRINGS_H_
