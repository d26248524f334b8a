// What a regex can match, read off its syntax: the characters a match may
// contain, how many, and a pattern every match starts with. A safe
// over-approximation: where the syntax is not understood, anything goes.
// The streaming guard uses it to hold back only the text a match of the
// regex can still cover.
#ifndef LEXGATE_LIB_COMPILE_REGEX_SHAPE_H_
#define LEXGATE_LIB_COMPILE_REGEX_SHAPE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "compile/char_set.h"

namespace lexgate::internal {

inline constexpr uint64_t kUnboundedWidth = UINT64_MAX;

struct RegexShape {
  // Every code point a match may contain (matched against folded text).
  CharSet alphabet = CharSet::All();
  // Length of a match in code points; max kUnboundedWidth when unbounded.
  uint64_t min_chars = 0;
  uint64_t max_chars = kUnboundedWidth;
  // A pattern (same flags) that every match begins with, matching exactly
  // `prefix_chars` code points at the match's start; empty when there is
  // none of at least one character. Taken from the leading fixed-length
  // part of the regex (of each branch of a top-level alternation, when they
  // have the same length).
  std::string prefix;
  uint64_t prefix_chars = 0;
  // False when the syntax was not understood (the fields above then allow
  // anything).
  bool understood = false;
};

// `hs_flags` are the Hyperscan flags the regex is compiled with (caseless,
// dotall, UTF-8, UCP are honoured).
RegexShape AnalyzeRegex(std::string_view pattern, unsigned hs_flags);

// The longest prefix AnalyzeRegex() takes, in code points: longer prefixes
// are rarer in text but hold back more while incomplete.
inline constexpr uint64_t kMaxPrefixChars = 8;

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_COMPILE_REGEX_SHAPE_H_
