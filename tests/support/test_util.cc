#include "support/test_util.h"

#include "base/utf8.h"

namespace lexgate::testing {

std::string DecodeEscapes(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 5 < s.size() && s[i + 1] == 'u') {
      char32_t cp =
          static_cast<char32_t>(std::stoul(s.substr(i + 2, 4), nullptr, 16));
      internal::AppendUtf8(cp, &out);
      i += 5;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

}  // namespace lexgate::testing
