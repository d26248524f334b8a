// EndFindingTail() (lib/compile/regex_tail.h): where a regex is cut, and
// where it must not be. That the tails find every end is checked on the
// engines that use them (late_starts_test.cc, the stream tests) and by the
// regex_tail fuzz target.
#include "compile/regex_tail.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace lexgate::internal {
namespace {

// The regex from its first top-level literal character on, for a regex
// that does not begin with one, and only where cutting it keeps every end.
TEST(RegexTailTest, TheTailStartsAtTheFirstLiteralAfterTheStart) {
  const std::vector<std::pair<std::string, std::optional<std::string>>> cases =
      {
          // The shipped e-mail and domain regexes.
          {"[a-z0-9][a-z0-9._%+-]*@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
           "(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\\.[a-z]{2,24}",
           "@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*"
           "[a-z0-9])?)*\\.[a-z]{2,24}"},
          {"[a-z0-9][a-z0-9-]*(?:\\.[a-z0-9][a-z0-9-]*)*\\.(?:com|net)",
           "\\.(?:com|net)"},
          {"\\b[a-z0-9]+@x\\.com\\b", "@x\\.com\\b"},
          {"\\w+中文", "中文"},
          {"[^@\\]]+x", "x"},            // escapes and ] inside a class
          {"[]a]+x", "x"},               // ] first in a class
          {"[[:alpha:]]+x", "x"},        // a POSIX class
          {"(?:a|b)+c", "c"},            // a group's alternation is its own
          {"\\x41+\\p{L}+\\pL?c", "c"},  // \x and \p are classes here
          {"[x]a{2,3}b?c+d", "d"},       // quantified literals are not tails
          {"[a-z]+\\-", "\\-"},
          // Nothing to drop, or nothing safe to drop.
          {"@[a-z]+", std::nullopt},         // a literal first: whole
          {"代开[a-z]*发票", std::nullopt},  // not cut to the commoner 开
          {"\\.[a-z]+@", std::nullopt},      // an escaped literal first
          {"[a-z]+", std::nullopt},          // no literal
          {"[a-z]+x|y", std::nullopt},       // a top-level alternation
          {"(?i)[a-z]+x", std::nullopt},     // options act on the tail
          {"(?=a)[a-z]+x", std::nullopt},    // lookaround
          {"[a-z]+\\Qx\\E", std::nullopt},   // quoting not understood
          {"([a-z])\\1x", std::nullopt},     // a back-reference
          {"[a-z]+{x", std::nullopt},        // a brace that is no quantifier
          {"[a-z+x", std::nullopt},          // an unclosed class
          {"(a[a-z]+x", std::nullopt},       // an unclosed group
          {"[a-z]+\\", std::nullopt},        // a trailing backslash
          {"^[a-z]+x", std::nullopt},        // an anchor
                                       // Found by review: each hid a top-level
                                       // | or moved a bracket.
          {"[a-z]+\\x4|b@c", std::nullopt},           // \x takes 1 hex digit
          {"[a-z]+\\x4[ab]c", "c"},                   // ... then a class
          {"(*UCP)\\d+x\\w", std::nullopt},           // a verb
          {"[a[:]b|c:]]x", std::nullopt},             // "[:" that is no class
          {"[[:^alpha:]]+x", "x"},                    // a negated POSIX class
          {"(\\Q)[\\E)|]@x", std::nullopt},           // quoting in a group
          {"[\\Q](\\E|x)]abc", std::nullopt},         // quoting in a class
          {"[\\c]]+x", std::nullopt},                 // \c] is a character
          {"(?:(?#[)a)b)+c", std::nullopt},           // a comment
          {"[a-z]+(?:(?x) a # )\n)x", std::nullopt},  // options in a group
          {"[a-z]+\\é", std::nullopt},                // an escaped non-ASCII
      };
  for (const auto& [regex, tail] : cases) {
    EXPECT_EQ(EndFindingTail(regex), tail) << regex;
  }
}

}  // namespace
}  // namespace lexgate::internal
