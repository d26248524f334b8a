// Characters a reader cannot see: Unicode's White_Space, control and
// invisible format characters. Trimming them from keyword-file lines, and
// showing them in messages, so that an error names what is there.
#ifndef LEXGATE_LIB_BASE_INVISIBLE_H_
#define LEXGATE_LIB_BASE_INVISIBLE_H_

#include <string>
#include <string_view>

namespace lexgate::internal {

// Unicode's White_Space property (ASCII spaces, NEL, NBSP, U+3000 and the
// other Zs spaces, the line and paragraph separators).
bool IsWhiteSpace(char32_t cp);

// C0 controls and DEL.
inline bool IsAsciiControl(unsigned char c) { return c < 0x20 || c == 0x7F; }
// C0 and C1 controls and DEL (DESIGN §10's control characters).
inline bool IsControl(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

// `text` without White_Space code points at either end (any bytes: invalid
// UTF-8 ends the trimming).
std::string_view TrimWhiteSpace(std::string_view text);

// `text` as a message can show it: controls, White_Space other than the
// space and invisible format characters (ZWSP, ZWJ, BOM …) as \u{…}, and
// bytes of invalid UTF-8 as \x…
std::string VisibleText(std::string_view text);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_BASE_INVISIBLE_H_
