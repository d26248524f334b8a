// The checks RuleSet::Add() makes on a rule's replacement options and on
// the spellings it asks for (variants, leet additions, pinyin readings):
// the values a pack or code can get wrong without a TOML type error.
#ifndef LEXGATE_LIB_RULES_SPELLING_CHECKS_H_
#define LEXGATE_LIB_RULES_SPELLING_CHECKS_H_

#include <string>

#include "lexgate/rule.h"

namespace lexgate::internal {

// What is wrong with `rule`'s mask options, variants, leet table or
// readings, as a message; empty when nothing is.
std::string SpellingProblem(const Rule& rule);

// A leet substitute: 1 to 4 printable ASCII characters that the fold keeps
// as they are (no upper case, no space), so that folded text can hold it.
bool IsValidLeetSubstitute(std::string_view s);

// Whether folding `cp` may yield a CJK ideograph, the characters pinyin
// and homophones spell (normalize/char_class.h IsIdeograph()): the
// ideographs themselves and the characters that fold to them (radicals,
// enclosed and compatibility forms: ⼈ is 人, ㈱ is (株)). An
// over-approximation, since rules/ cannot consult the fold: a pack is
// only refused where no keyword can take the setting (tests check it
// against the fold of every code point).
bool MayFoldToIdeograph(char32_t cp);
// Whether folding `cp` may yield an ASCII letter, the characters letter
// variants spell: every character but the ASCII non-letters and the
// CJK, kana and Hangul characters that no fold turns into Latin letters.
// An over-approximation, as above.
bool MayFoldToAsciiLetter(char32_t cp);
// Whether any keyword of `rule` (its keywords, all_of parts and none_of)
// holds a character for which `may` holds.
bool AnyKeywordChar(const Rule& rule, bool (*may)(char32_t));

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_RULES_SPELLING_CHECKS_H_
