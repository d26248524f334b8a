// The checks RuleSet::Add() makes on the text of a rule's terms (keywords,
// all_of parts, none_of, regexes): text that would compile into a term
// other than the one its author sees.
#ifndef LEXGATE_LIB_RULES_TERM_CHECKS_H_
#define LEXGATE_LIB_RULES_TERM_CHECKS_H_

#include "absl/status/status.h"
#include "lexgate/rule.h"

namespace lexgate::internal {

// A rule error (at the keyword's location, else the rule's) when:
//  - a keyword of a folding rule holds a control character
//    (U+0000..U+001F, U+007F): the mark of a file read wrongly (a NUL: a
//    UTF-16 file; a tab: a file with columns; a CR: old Mac line ends),
//    whose keyword is then not the one meant;
//  - a keyword of a folding rule begins or ends with White_Space
//    (" 傻逼", "fuck\u00A0"): it would only match next to a space, and one
//    that is only White_Space would mask every space; the rule's boundary
//    decides word edges;
//  - a regex holds a NUL byte: Hyperscan reads a pattern up to its first
//    NUL, so the rest would be dropped (write \x00 instead).
// A rule with normalize = false matches its keywords byte for byte, as
// written: only its regexes are checked.
absl::Status CheckTerms(const Rule& rule);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_RULES_TERM_CHECKS_H_
