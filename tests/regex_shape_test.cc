// AnalyzeRegex() (lib/compile/regex_shape.h): the bounds the streaming
// guard holds text back by must never be smaller than what a match can be.
#include "compile/regex_shape.h"

#include <hs/hs.h>

#include "gtest/gtest.h"

namespace lexgate::internal {
namespace {

uint64_t Spaces(const char* pattern, unsigned flags = HS_FLAG_UTF8) {
  return AnalyzeRegex(pattern, flags).max_spaces;
}

TEST(RegexShapeTest, CountsTheSpacesAMatchCanHold) {
  EXPECT_EQ(Spaces("abc"), 0u);
  EXPECT_EQ(Spaces("son of a bitch"), 3u);
  EXPECT_EQ(Spaces(R"(son\x20of)"), 1u);
  EXPECT_EQ(Spaces("a {1,2}b {1,2}c"), 4u);
  EXPECT_EQ(Spaces("(?:a b|c d e)f"), 2u);  // the widest branch
  EXPECT_EQ(Spaces(R"(\d{4}(?:[ -]?\d{4}){3})"), 3u);
  EXPECT_EQ(Spaces(R"(x\s{0,3}y)"), 3u);  // \s holds the space
  EXPECT_EQ(Spaces("[^x]{2}"), 2u);       // so does a negated class
  EXPECT_EQ(Spaces(R"(\Qa b\E c)"), 2u);  // quoted text
  EXPECT_EQ(Spaces("a.{0,5}b"), 5u);      // and the dot
  EXPECT_EQ(Spaces(R"([a-z]\d)"), 0u);    // classes without it hold none
}

TEST(RegexShapeTest, SpacesAreUnboundedWhereTheRegexIs) {
  EXPECT_EQ(Spaces("a b+"), 1u);  // the repeated atom holds no space
  EXPECT_EQ(Spaces("a +b"), kUnboundedWidth);
  EXPECT_EQ(Spaces(R"(a\s*b)"), kUnboundedWidth);
  EXPECT_EQ(Spaces("a.*b"), kUnboundedWidth);
  EXPECT_EQ(Spaces(R"(a\Xb)"), kUnboundedWidth);
  EXPECT_EQ(Spaces(R"(a\1)"), kUnboundedWidth);  // not understood
}

TEST(RegexShapeTest, NeverFewerSpacesThanCharactersThatCanBeSpaces) {
  // The bound is at most the width, and at least the spaces of a match.
  for (const char* pattern :
       {"a b c", "[ab ]{3}", "(?: x| y){2}", R"(\x20\x20)", "a(?:  )?b"}) {
    const RegexShape shape = AnalyzeRegex(pattern, HS_FLAG_UTF8);
    EXPECT_TRUE(shape.understood) << pattern;
    EXPECT_LE(shape.max_spaces, shape.max_chars) << pattern;
  }
  EXPECT_EQ(Spaces("[ab ]{3}"), 3u);
  EXPECT_EQ(Spaces("(?: x| y){2}"), 2u);
  EXPECT_EQ(Spaces("a(?:  )?b"), 2u);
}

}  // namespace
}  // namespace lexgate::internal
