// The checks RuleSet::Add() makes on the text of a rule's terms (keywords,
// all_of parts, none_of, regexes): text that would compile into a term that
// silently matches something other than what its author sees.
#ifndef LEXGATE_LIB_RULES_TERM_CHECKS_H_
#define LEXGATE_LIB_RULES_TERM_CHECKS_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "lexgate/rule.h"

namespace lexgate::internal {

// Unicode's White_Space property (ASCII spaces, NBSP, U+3000 and the other
// Zs spaces, line and paragraph separators, NEL).
bool IsWhiteSpace(char32_t cp);

// `text` without White_Space code points at either end (a keyword file's
// line: U+3000 and NBSP come with Chinese and spreadsheet exports).
std::string_view TrimWhiteSpace(std::string_view text);

// `text` as a message can show it: control characters, White_Space other
// than the space, invisible format characters (ZWSP, ZWJ, BOM …) as \u{…},
// and bytes of invalid UTF-8 as \x…, so that an error names what is there.
std::string VisibleText(std::string_view text);

// A rule error (at the keyword's location, else the rule's) when:
//  - a keyword holds a control character (U+0000..U+001F, U+007F): the
//    fold drops them from scanned text, so such a keyword never matches;
//    a NUL is the mark of a UTF-16 file read as UTF-8, a tab of a column
//    file, a CR of a file with old Mac line ends;
//  - a keyword begins or ends with White_Space (" 傻逼", "fuck\u00A0"): it
//    would only match next to a space, and one that is only White_Space
//    would mask every space; the rule's boundary decides word edges;
//  - a regex holds a NUL byte: Hyperscan reads a pattern up to its first
//    NUL, so the rest would be dropped (write \x00 instead).
absl::Status CheckTerms(const Rule& rule);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_RULES_TERM_CHECKS_H_
