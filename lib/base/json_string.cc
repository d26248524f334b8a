// JSON string literals for the JSON the library writes itself (audit
// records, the keyword inventory).
#include "base/json_string.h"

#include <string>
#include <string_view>

#include "base/utf8.h"

namespace lexgate::internal {

void AppendJsonString(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (c < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 0xF]);
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
  }
  out->push_back('"');
}

std::string ValidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    Decoded d = DecodeUtf8(s, i);
    if (d.valid) {
      out.append(s.substr(i, d.length));
    } else {
      out.append("\xEF\xBF\xBD");  // U+FFFD
    }
    i += d.length;
  }
  return out;
}

}  // namespace lexgate::internal
