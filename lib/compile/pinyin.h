// Pinyin and homophones of Chinese keywords (Rule::pinyin,
// Rule::homophones), compiled into the keyword's patterns: xi jin ping,
// xijinping, xi-jin-ping, xi'jin'ping and 习jin平 for 习近平; xjp; 习进平.
// The readings are ICU's Han-Latin, generated at build time (fold_data.h),
// one context-free reading per character, which a rule can override per
// keyword (Rule::readings).
#ifndef LEXGATE_LIB_COMPILE_PINYIN_H_
#define LEXGATE_LIB_COMPILE_PINYIN_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "lexgate/rule.h"

namespace lexgate::internal {

// The built-in toneless reading of ideograph `cp` (ü as v), or "" when
// ICU has none.
std::string_view HanReading(char32_t cp);

// The characters of GB 2312 read `reading`, common ones first, at most
// `limit`.
std::vector<char32_t> Homophones(std::string_view reading, size_t limit);

// The patterns of one Chinese keyword.
struct PinyinPatterns {
  // Each ideograph (alone, or one of its homophones, or its syllable),
  // syllables separated by nothing, a space, a dash or an apostrophe; empty
  // when the keyword has no ideograph with a reading.
  std::string full;
  // The initials (xjp) when asked for and the keyword has three ideographs
  // or more, all with readings; else empty.
  std::string initials;
  // What the patterns add: syllables, homophone characters and initials.
  int expansions = 0;
};

// `folded_keyword` is the keyword as folded; `reading`, when not empty, the
// rule's reading of it (one syllable per character, space-separated),
// which replaces the built-in ones.
PinyinPatterns MakePinyinPatterns(std::string_view folded_keyword,
                                  std::string_view reading, Pinyin pinyin,
                                  bool homophones);

// Which variant a match of a `full` pattern produced, from its folded text:
// kPinyin when it holds a Latin letter, kHomophone when it is another
// ideograph string, kNone when it is the keyword.
Variant ClassifyPinyinMatch(std::string_view folded_keyword,
                            std::string_view matched);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_COMPILE_PINYIN_H_
