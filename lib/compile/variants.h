// Letter variants of Latin keywords (Rule::variants), written as one regex
// per keyword and kind rather than searched for in extra passes over the
// text: leetspeak (sh1t, a$$, ph0ck), self-censoring wildcards (f*ck,
// sh#t) and repeated letters (fuuuck). The engine matches these regexes
// with its VariantMatcher (variant_matcher.h), which reads exactly this
// syntax, and leaves to Hyperscan only those it cannot take.
//
// Every regex is bounded (a letter repeats at most kMaxRepeat times), so
// that streams can hold back a bounded tail, linear in the keyword's length
// (so that Hyperscan compiles thousands of them fast), and written in the
// subset of regex syntax that AnalyzeRegex() understands (classes, (?:|)
// groups, {m,n}, \xHH).
#ifndef LEXGATE_LIB_COMPILE_VARIANTS_H_
#define LEXGATE_LIB_COMPILE_VARIANTS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lexgate/rule.h"

namespace lexgate::internal {

// A letter written at most this many times in a row (4 extra copies).
inline constexpr int kMaxRepeat = 5;
// Keywords need this many letters for wildcards: a shorter one with a
// wildcard keeps too little of itself (s*x, a**).
inline constexpr int kMinWildcardLetters = 4;
// Letter variants apply to keywords with at least this many letters.
inline constexpr int kMinVariantLetters = 3;

// The symbols that self-censoring uses for letters (f^ck as well).
inline constexpr std::string_view kCensorSymbols = "*#%_?^";

// letter -> what may stand for it: the built-in table plus a rule's own.
using LeetTable = std::map<char, std::vector<std::string>>;

// The built-in substitutions: 4 @ for a, 8 for b, ( < for c, 3 for e, ph
// for f, 9 for g, 1 ! | for i, 1 | for l, 0 for o, $ 5 for s, 7 + for t,
// v for u.
const LeetTable& BuiltinLeet();
// BuiltinLeet() with `extra` (Rule::leet) added.
LeetTable MergeLeet(
    const std::map<std::string, std::vector<std::string>>& extra);

// Whether `c` is a symbol of the built-in leet table (@ $ ! | + ( <): such a
// symbol at the edge of a match, glued to its letters, is part of the word
// for boundary checks (`cl@ss` holds no whole word `@ss`).
bool IsLeetSymbol(char32_t c);

// Whether a match begins (kWordAtStart) or ends (kWordAtEnd) with a letter
// or digit, leet symbols glued to one counting as letters (@ss, a$$): the
// sides on which a Boundary::kAuto match must not touch another letter.
inline constexpr uint8_t kWordAtStart = 1;
inline constexpr uint8_t kWordAtEnd = 2;
uint8_t WordSides(std::string_view match);

// The regexes that match `folded_keyword` (folded text) and its variants,
// one per kind in `variants`, none when the keyword takes none (fewer than
// kMinVariantLetters letters, or not ASCII). Each matches the keyword
// itself too. Leet: each letter or one of its substitutes, the first or the
// last letter real, so that every match keeps a real letter (455 is not
// ass); a substituted first letter is no opening bracket, and a digit
// for the first letter keeps the last two real (900k is not gook). Wildcards
// (keywords of kMinWildcardLetters letters or more): a censoring symbol for any
// inner letter, the first and the last real (f*ck, f**k, sh#t). Repeats: each
// letter up to kMaxRepeat times (fuuuck). The kinds do not combine within one
// match (sh1iit is neither).
std::vector<std::string> LetterVariantRegexes(
    std::string_view folded_keyword, const std::vector<Variant>& variants,
    const LeetTable& leet);

// Which variant a match of a LetterVariantRegex() produced: `matched` is its
// folded text. kNone when it is the keyword itself; otherwise, in this order
// of precedence, kWildcard (a censoring symbol), kLeet (a substitute),
// kRepeat (only repeated letters).
Variant ClassifyLetterVariant(std::string_view folded_keyword,
                              std::string_view matched);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_COMPILE_VARIANTS_H_
