#include "base/invisible.h"

#include <string>
#include <string_view>

#include "absl/strings/str_format.h"
#include "base/utf8.h"

namespace lexgate::internal {

bool IsWhiteSpace(char32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 ||
         cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
         cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

std::string_view TrimWhiteSpace(std::string_view text) {
  while (!text.empty()) {
    const Decoded d = DecodeUtf8(text, 0);
    if (!d.valid || !IsWhiteSpace(d.cp)) break;
    text.remove_prefix(d.length);
  }
  while (!text.empty()) {
    // Safe on invalid UTF-8: an invalid end decodes as not valid.
    const Decoded d = DecodeUtf8Before(text, text.size());
    if (!d.valid || !IsWhiteSpace(d.cp)) break;
    text.remove_suffix(d.length);
  }
  return text;
}

std::string VisibleText(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    const Decoded d = DecodeUtf8(text, i);
    const bool invisible = (d.cp < 0x80 && IsAsciiControl(d.cp)) ||
                           (d.cp != ' ' && IsWhiteSpace(d.cp)) ||
                           (d.cp >= 0x200B && d.cp <= 0x200F) ||
                           (d.cp >= 0x2060 && d.cp <= 0x2064) || d.cp == 0xFEFF;
    if (!d.valid) {
      absl::StrAppendFormat(&out, "\\x%02X",
                            static_cast<unsigned char>(text[i]));
    } else if (invisible) {
      absl::StrAppendFormat(&out, "\\u{%04X}", static_cast<unsigned>(d.cp));
    } else {
      out.append(text.substr(i, d.length));
    }
    i += d.length;
  }
  return out;
}

}  // namespace lexgate::internal
