// CharSet (lib/compile/char_set.h): the case closure the hold plan's
// alphabets and anchors rely on.
#include "compile/char_set.h"

#include <initializer_list>

#include "gtest/gtest.h"

namespace lexgate::internal {
namespace {

CharSet Closed(std::initializer_list<char32_t> chars) {
  CharSet s;
  for (char32_t c : chars) s.Add(c);
  s.AddCaseVariants();
  return s;
}

TEST(CharSetTest, CaseVariantsHoldTheLookalikesHyperscanTakesForLetters) {
  // Hyperscan, caseless in UTF-8, takes U+017F for s and U+212A for k.
  EXPECT_TRUE(Closed({'s'}).Contains(0x017F));
  EXPECT_TRUE(Closed({'S'}).Contains(0x017F));
  EXPECT_TRUE(Closed({'k'}).Contains(0x212A));
  EXPECT_TRUE(Closed({'K'}).Contains('k'));
  EXPECT_FALSE(Closed({'a'}).Contains(0x017F));
  EXPECT_TRUE(Closed({0x00E9}).Contains(0x00C9));  // é, É
  EXPECT_TRUE(Closed({0x03BC}).Contains(0x00B5));  // μ, micro sign
  CharSet no_letters;
  no_letters.Add('1');
  no_letters.Add('-');
  EXPECT_EQ(Closed({'1', '-'}), no_letters);
}

TEST(CharSetTest, AsciiFastPathIsTheUnicodeClosure) {
  // An ASCII-only set takes a path of its own; with a caseless CJK
  // character beside it the same set goes through ICU's closure.
  constexpr char32_t kCaseless = 0x4E00;
  for (char32_t c = 0; c < 0x80; ++c) {
    CharSet fast = Closed({c});
    fast.Add(kCaseless);
    EXPECT_EQ(fast, Closed({c, kCaseless})) << static_cast<int>(c);
  }
}

TEST(CharSetTest, ALargeRangeStandsForEveryNonAsciiCharacter) {
  CharSet s;
  s.AddRange('a', 0x20000);
  s.AddCaseVariants();
  EXPECT_TRUE(s.Contains('A'));
  EXPECT_TRUE(s.Contains(0x10FFFF));
}

}  // namespace
}  // namespace lexgate::internal
