// What a regex can match, read off its syntax: the characters a match may
// contain, how many, and a pattern every match starts with. A safe
// over-approximation: where the syntax is not understood, anything goes.
// The streaming guard uses it to hold back only the text a match of the
// regex can still cover.
#ifndef LEXGATE_LIB_COMPILE_REGEX_SHAPE_H_
#define LEXGATE_LIB_COMPILE_REGEX_SHAPE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compile/char_set.h"

namespace lexgate::internal {

inline constexpr uint64_t kUnboundedWidth = UINT64_MAX;

struct RegexShape {
  // Every code point a match may contain (matched against folded text).
  CharSet alphabet = CharSet::All();
  // Length of a match in code points; max kUnboundedWidth when unbounded.
  uint64_t min_chars = 0;
  uint64_t max_chars = kUnboundedWidth;
  // Spaces (U+0020) in a match, at most; kUnboundedWidth when unbounded.
  // A phrase of a few words can only start after the few last spaces.
  uint64_t max_spaces = kUnboundedWidth;
  // The classes of the first characters of every match, position by
  // position (at most kMaxPrefixChars): the leading fixed-length part of
  // the regex, merged over the branches of a top-level alternation; empty
  // when there is none.
  std::vector<CharSet> prefix;
  // False when the syntax was not understood (the fields above then allow
  // anything).
  bool understood = false;
  // Whether the regex refers to the start or end of the text (^, $, \A,
  // \z, \Z, \G): a scan of a piece of the text would see them wrongly.
  bool text_anchors = false;
};

// `hs_flags` are the Hyperscan flags the regex is compiled with (caseless,
// dotall, UTF-8, UCP are honoured).
RegexShape AnalyzeRegex(std::string_view pattern, unsigned hs_flags);

// The longest prefix AnalyzeRegex() takes, in code points: longer prefixes
// are rarer in text but hold back more while incomplete.
inline constexpr uint64_t kMaxPrefixChars = 8;

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_COMPILE_REGEX_SHAPE_H_
