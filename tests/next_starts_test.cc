// Next starts (lib/compile/next_start_databases.h, lib/scan/next_start_scan.h):
// a regex hit whose leftmost start fails its rule's boundary is the match
// at the leftmost later start of the same end that passes it, in Scan()
// and in streams alike.
#include <random>
#include <string>
#include <vector>

#include "compile/next_start_databases.h"
#include "gtest/gtest.h"
#include "lexgate/lexgate.h"
#include "support/test_util.h"

namespace lexgate {
namespace {

using testing::CompileOrDie;
using testing::DescribeSpans;
using testing::Redacted;
using testing::RegexRule;
using testing::Scanned;
using testing::StreamedOut;

struct NextStartCase {
  const char* name;
  const char* regex;
  Boundary boundary;
  const char* text;
  const char* redacted;  // by a mask rule that replaces with "<m>"
};

void PrintTo(const NextStartCase& c, std::ostream* os) { *os << c.name; }

class NextStartTest : public ::testing::TestWithParam<NextStartCase> {};

TEST_P(NextStartTest, ScanAndStreamsTakeTheLaterStart) {
  const NextStartCase& c = GetParam();
  Rule rule = RegexRule("r", c.regex, c.boundary);
  rule.replacement = "<m>";
  std::shared_ptr<const Engine> engine = CompileOrDie({rule});
  ASSERT_NE(engine, nullptr);
  const std::string redacted = Redacted(*engine, c.text);
  EXPECT_EQ(redacted, c.redacted)
      << DescribeSpans(Scanned(*engine, c.text).matches);
  const std::string verdict =
      redacted == c.text ? " | allow" : std::string(" | mask");
  for (size_t step : {1, 2, 3, 7, 64}) {
    EXPECT_EQ(StreamedOut(*engine, c.text, step), redacted + verdict)
        << "deltas of " << step;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, NextStartTest,
    ::testing::Values(
        // The leftmost start `86 138…` follows a digit; the number after
        // the space is the match.
        NextStartCase{"digit", "(?:86 ?)?1[3-9]\\d{9}", Boundary::kDigit,
                      "call 5086 13800138000 now", "call 5086 <m> now"},
        NextStartCase{"digit_after_ideograph", "(?:86 ?)?1[3-9]\\d{9}",
                      Boundary::kDigit, "号5086电13800138000", "号5086电<m>"},
        // A Cyrillic letter glued to the address: its part after the dot.
        NextStartCase{"word_after_letter", "[a-z0-9][a-z0-9.]*@[a-z]+\\.com",
                      Boundary::kWord, "яfoo.bar@example.com", "яfoo.<m>"},
        NextStartCase{"auto_after_punctuation", "pass(?:word)?[:=]\\S+",
                      Boundary::kAuto, "0password:x_pass=y, ok",
                      "0password:x_<m> ok"},
        NextStartCase{"after_fullwidth_and_emoji", "ab\\d+", Boundary::kWord,
                      "xab1，ab2 zab3🙂ab4", "xab1，<m> zab3🙂<m>"},
        // Every start follows a digit: no match, however many there are.
        NextStartCase{"no_later_start", "pass=\\S+", Boundary::kDigit,
                      "1pass=1pass=1pass=1pass=", "1pass=1pass=1pass=1pass="},
        NextStartCase{"no_later_start_inside_the_run", "\\d{11}",
                      Boundary::kDigit, "123456789012", "123456789012"},
        // rules/README.md's example: the leftmost start is inside `rebuy`.
        NextStartCase{"rules_readme", "buy [a-z ]{0,20}gun", Boundary::kAuto,
                      "I will rebuy and buy a gun", "I will rebuy and <m>"},
        // The leftmost start passes: nothing to search.
        NextStartCase{"leftmost_passes", "(?:86 ?)?1[3-9]\\d{9}",
                      Boundary::kDigit, "tel 86 13800138000", "tel <m>"},
        // A regex with a \b of its own: the leftmost start `x-ab1` follows
        // a letter; `ab1`, after the dash, passes both.
        NextStartCase{"regex_word_boundary", "[x-]*\\bab\\d", Boundary::kWord,
                      "1x-ab1 1xab2", "1x-<m> 1xab2"},
        // A regex referring to the text's start is not searched: its
        // start in a piece of the text would be the piece's.
        NextStartCase{"text_anchor_not_searched", "^\\w*ab\\d", Boundary::kWord,
                      "xab1", "<m>"}),
    [](const ::testing::TestParamInfo<NextStartCase>& info) {
      return std::string(info.param.name);
    });

TEST(NextStartsTest, AllowRegexCoversAtItsLaterStart) {
  // fuzz corpus stream_rules/allow-regex-later-start-past-the-cap: the
  // allow's leftmost start (after the 0) fails; at `pass=` it covers `s=`.
  Rule allow = RegexRule("allow", "pass(word)?s*[:=]\\S+");
  allow.action = Action::kAllow;
  Rule block = testing::KeywordRule("block", {"s="}, Action::kBlock);
  std::shared_ptr<const Engine> engine = CompileOrDie({allow, block});
  ASSERT_NE(engine, nullptr);
  const std::string text = "0password:x_pass=y";
  EXPECT_EQ(Scanned(*engine, text).verdict, Action::kAllow);
  for (size_t step : {1, 3}) {
    EXPECT_EQ(StreamedOut(*engine, text, step), text + " | allow");
  }
}

TEST(NextStartsTest, ShippedPhoneRuleFindsTheNumberAfterADigitGroup) {
  std::shared_ptr<const Engine> engine = testing::ShippedEngine();
  ASSERT_NE(engine, nullptr);
  const std::string text = "call 5086 13800138000 now";
  const ScanResult result = Scanned(*engine, text);
  ASSERT_EQ(result.matches.size(), 1u) << DescribeSpans(result.matches);
  EXPECT_EQ(result.matches[0].text, "13800138000");
  EXPECT_EQ(StreamedOut(*engine, text, 1), Redacted(*engine, text) + " | mask");
}

TEST(NextStartsTest, ManyFailingStartsAreSearchedOnce) {
  // Each `pass` follows a digit; 20,000 of them in one run, reported at
  // every end: one search per regex finds that none has a later start
  // (one search per failing start would take minutes).
  Rule rule = RegexRule("r", "pass(word)?\\s*[:=]\\s*\\S+", Boundary::kDigit);
  std::shared_ptr<const Engine> engine = CompileOrDie({rule});
  ASSERT_NE(engine, nullptr);
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "1pass=";
  text += " then x_pass=secret";
  const ScanResult result = Scanned(*engine, text);
  ASSERT_EQ(result.matches.size(), 1u) << DescribeSpans(result.matches);
  EXPECT_EQ(result.matches[0].text, "pass=secret");
}

// Random texts of pieces that make starts fail and pass: Scan() and
// streams in random deltas agree.
TEST(NextStartsTest, StreamsAgreeWithScanOnRandomTexts) {
  Rule digits = RegexRule("digits", "(?:86 ?)?1[3-9]\\d{4}", Boundary::kDigit);
  Rule pass = RegexRule("pass", "pass(word)?[:=]\\S+", Boundary::kAuto);
  Rule mail = RegexRule("mail", "[a-z0-9][a-z0-9.]*@[a-z]+", Boundary::kWord);
  Rule allow = RegexRule("allow", "x\\w*[:=]\\S*", Boundary::kWord);
  allow.action = Action::kAllow;
  std::shared_ptr<const Engine> engine =
      CompileOrDie({digits, pass, mail, allow});
  ASSERT_NE(engine, nullptr);
  const std::vector<std::string> pieces = {
      "1", "86", " ", "13", "9", "pass", "word", "=", ":", "x",
      "я", "a",  ".", "@",  "b", "电",   "，",   "_", "0", "\n"};
  std::mt19937 rng(20261203);
  for (int iteration = 0; iteration < 400; ++iteration) {
    std::string text;
    const int n = 1 + static_cast<int>(rng() % 40);
    for (int i = 0; i < n; ++i) text += pieces[rng() % pieces.size()];
    const std::string redacted = Redacted(*engine, text);
    const ScanResult result = Scanned(*engine, text);
    const std::string expected =
        redacted + " | " + std::string(ActionName(result.verdict));
    for (size_t step : {size_t{1}, size_t{1} + rng() % 6}) {
      ASSERT_EQ(StreamedOut(*engine, text, step), expected)
          << "text '" << text << "' deltas " << step << ": "
          << DescribeSpans(result.matches);
    }
  }
}

TEST(NextStartsTest, SearchPatternStartsAfterTheBoundarysCharacters) {
  // ASCII's non-digits; which other characters, the cases above show
  // (after an ideograph, a fullwidth comma, an emoji; not after a Cyrillic
  // letter).
  EXPECT_EQ(internal::NextStartPattern("x|y", Boundary::kDigit,
                                       /*ascii_only=*/true),
            "[\\x{0}-\\x{2f}\\x{3a}-\\x{7f}](?:x|y)");
}

}  // namespace
}  // namespace lexgate
