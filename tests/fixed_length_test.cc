// Fixed-length regexes (lib/compile/fixed_length.h): compiled without
// start-of-match, their starts set from their lengths by the match
// callback, they must find exactly what Hyperscan's start-of-match finds,
// in batch scans, in streams and in a loaded engine.
#include "compile/fixed_length.h"

#include <hs/hs.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "compile/expressions.h"
#include "gtest/gtest.h"
#include "lexgate/lexgate.h"
#include "support/test_util.h"

namespace lexgate {
namespace {

using internal::FixedMatchLength;

constexpr unsigned kCaseless = HS_FLAG_UTF8 | HS_FLAG_CASELESS;

TEST(FixedLengthTest, LengthsInBytesOfTheScannedText) {
  // Digits, separators and a fixed alternation.
  EXPECT_EQ(FixedMatchLength(R"(\d{3}-\d{4})", kCaseless, true), 8u);
  EXPECT_EQ(FixedMatchLength(R"(e[a-hj-np-z]\d{7}|[eg]\d{8})", kCaseless, true),
            9u);
  // Chinese: three bytes a character, caseless or not.
  EXPECT_EQ(FixedMatchLength("(?:发票|普票|专票)代开", kCaseless, false), 12u);
  // A caseless letter may be the Kelvin sign or the long s (three and two
  // bytes) unless the fold has mapped them to ASCII.
  EXPECT_EQ(FixedMatchLength(R"([a-z]\d{8})", kCaseless, true), 9u);
  EXPECT_EQ(FixedMatchLength(R"([a-z]\d{8})", kCaseless, false), 0u);
  EXPECT_EQ(FixedMatchLength(R"([a-z]\d{8})", HS_FLAG_UTF8, false), 9u);
  // Lengths that vary.
  EXPECT_EQ(FixedMatchLength(R"(\d{3,4})", kCaseless, true), 0u);
  EXPECT_EQ(FixedMatchLength("a+b", kCaseless, true), 0u);
  EXPECT_EQ(FixedMatchLength(R"(\d{4}|\d{5})", kCaseless, true), 0u);
  // Any character but one: one to four bytes in UTF-8.
  EXPECT_EQ(FixedMatchLength("x[^y]z", kCaseless, true), 0u);
  // Non-ASCII with caseless: taken as Hyperscan reports it (ß and ẞ
  // differ in length).
  EXPECT_EQ(FixedMatchLength("straße", kCaseless, true), 0u);
  // Escapes are ASCII text for characters that need not be: the long s
  // matches s (one byte) caseless, the ohm sign ω (two, or three as
  // itself), the Latin Extended-A range ASCII letters.
  EXPECT_EQ(FixedMatchLength(R"(\x{17f}\d{2})", kCaseless, true), 3u);
  EXPECT_EQ(FixedMatchLength(R"(\x{2126}\d{2})", kCaseless, true), 0u);
  EXPECT_EQ(FixedMatchLength(R"([\x{100}-\x{17f}]{2})", kCaseless, true), 0u);
  // A pattern Hyperscan refuses.
  EXPECT_EQ(FixedMatchLength("(a)\\1", kCaseless, true), 0u);
}

TEST(FixedLengthTest, ChoosesRegexesOnlyAndClearsTheirStartOfMatch) {
  internal::ExpressionSet set;
  const unsigned flags = internal::RegexFlags(/*normalize=*/true);
  auto add = [&](const char* term, internal::ExprKind kind) {
    internal::ExpressionInfo info{};
    info.kind = kind;
    set.Add(info, term, flags, term);
  };
  add(R"(\d{3}-\d{4})", internal::ExprKind::kRegex);    // chosen
  add(R"(\d{3,4})", internal::ExprKind::kRegex);        // varies
  add("f[u*]ck", internal::ExprKind::kLetterVariants);  // not a regex
  internal::ChooseFixedLengths(&set, /*lookalikes_folded=*/true);
  EXPECT_EQ(set.info[0].match_length, 8u);
  EXPECT_EQ(set.flags[0] & HS_FLAG_SOM_LEFTMOST, 0u);
  EXPECT_EQ(internal::FlagsBeforeFixedLength(set, 0), flags);
  for (size_t i = 1; i < set.size(); ++i) {
    EXPECT_EQ(set.info[i].match_length, 0u) << i;
    EXPECT_EQ(set.flags[i], flags) << i;
  }
  // A loaded set (flags as stored) derives the same lengths.
  internal::ExpressionSet loaded = set;
  for (internal::ExpressionInfo& info : loaded.info) info.match_length = 0;
  internal::DeriveFixedLengths(&loaded, /*lookalikes_folded=*/true);
  EXPECT_EQ(loaded.info[0].match_length, 8u);
  EXPECT_EQ(loaded.info[1].match_length, 0u);
}

// Rules with fixed-length regexes of every kind: digits, letters that are
// caseless, a separator, Chinese, a boundary, a validator, in the folded
// space and the raw one.
RuleSet FixedLengthRules() {
  using testing::RegexRule;
  std::vector<Rule> rules = {
      RegexRule("passport", R"(e[a-hj-np-z]\d{7}|[eg]\d{8})"),
      RegexRule("tw", R"([a-z][1289]\d{8})", Boundary::kWord),
      RegexRule("ssn", R"(\d{3}-\d{2}-\d{4})", Boundary::kDigit),
      RegexRule("fraud", "(?:发票|普票|专票)代开"),
      RegexRule("card", R"(\d{4}(?:[ -]?\d{4}){3})", Boundary::kDigit,
                Validator::kLuhn),  // not of fixed length
      RegexRule("raw", R"(K\d{3})"),
      // Escapes of characters with caseless partners of other lengths.
      RegexRule("long_s", R"(\x{17f}\d{2})"),
      RegexRule("ohm", R"(\x{2126}\d{2})"),
      RegexRule("latin", R"([\x{100}-\x{17f}]{2})"),
  };
  rules[5].normalize = false;
  RuleSet set;
  for (Rule& rule : rules) {
    absl::Status added = set.Add(std::move(rule));
    EXPECT_TRUE(added.ok()) << added;
  }
  return set;
}

std::shared_ptr<const Engine> Compiled(const RuleSet& rules, bool fixed) {
  internal::SetFixedLengthsForTesting(fixed);
  absl::StatusOr<std::shared_ptr<const Engine>> engine = Engine::Compile(rules);
  internal::SetFixedLengthsForTesting(true);
  EXPECT_TRUE(engine.ok()) << engine.status();
  return engine.ok() ? *engine : nullptr;
}

std::string Describe(const ScanResult& result) {
  return std::string(ActionName(result.verdict)) + ": " +
         testing::DescribeSpans(result.matches);
}

const std::vector<std::string>& Pieces() {
  // Matches of each rule (folded spellings too), their neighbours, and
  // the characters with caseless partners of other lengths.
  static const std::vector<std::string> pieces = {
      "E12345678",
      "ea1234567",
      "G87654321",
      "ｅａ１２３４５６７",
      "A123456789",
      "a923456789",
      "078-05-1120",
      "123-45-6789",
      "发票代开",
      "專票代開",
      "普票",
      "4111 1111 1111 1111",
      "4111111111111111",
      "K123",
      "k123",
      "\xE2\x84\xAA"  // Kelvin sign
      "123",
      "1",
      "12",
      "-",
      " ",
      "x",
      "中",
      "，",
      "\n",
      "\xC5\xBF",  // long s
      "e",
      "g",
      "A1",
      "\xE2\x80\x8B",  // zero-width space
      "s12",
      "ss",
      "\xCF\x89"
      "12",            // ω
      "\xE2\x84\xA6",  // Ω, the ohm sign
      "\xC4\x81",      // ā
  };
  return pieces;
}

TEST(FixedLengthTest, FastPathEqualsSlowPathOnRandomTexts) {
  const RuleSet rules = FixedLengthRules();
  const std::shared_ptr<const Engine> fast = Compiled(rules, true);
  const std::shared_ptr<const Engine> slow = Compiled(rules, false);
  ASSERT_NE(fast, nullptr);
  ASSERT_NE(slow, nullptr);
  // The same rules, the same fingerprint: only how starts are found
  // differs.
  EXPECT_EQ(fast->fingerprint(), slow->fingerprint());
  absl::StatusOr<std::shared_ptr<const Engine>> loaded =
      Engine::Deserialize(fast->Serialize());
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  std::mt19937 rng(5);
  size_t matched = 0;
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const int n = 1 + static_cast<int>(rng() % 10);
    for (int i = 0; i < n; ++i) text += Pieces()[rng() % Pieces().size()];
    const std::string want = Describe(testing::Scanned(*slow, text));
    matched += want != "allow: ";
    ASSERT_EQ(Describe(testing::Scanned(*fast, text)), want) << text;
    ASSERT_EQ(Describe(testing::Scanned(**loaded, text)), want) << text;
    if (round % 4 == 0) {
      ASSERT_EQ(testing::StreamedOut(*fast, text),
                testing::StreamedOut(*slow, text))
          << text;
    }
  }
  EXPECT_GT(matched, 1000u);  // the texts do meet the rules
}

TEST(FixedLengthTest, TheShippedPacksFindFixedLengthsLate) {
  const std::shared_ptr<const Engine> fast = testing::ShippedEngine();
  absl::StatusOr<RuleSet> rules =
      LoadRules(std::string(LEXGATE_SOURCE_DIR) + "/rules");
  ASSERT_TRUE(rules.ok()) << rules.status();
  const std::shared_ptr<const Engine> slow = Compiled(*rules, false);
  ASSERT_NE(slow, nullptr);
  EXPECT_EQ(fast->fingerprint(), slow->fingerprint());
  // The passport, resident ID, SSN and invoice regexes; their texts in a
  // Chinese and an English answer, streamed in small deltas too.
  for (const char* text :
       {"护照号E12345678，身份证11010519491231002X，请代开发票代开。",
        "My SSN is 536-22-1234 and passport G87654321; ID A123456789.",
        "ＳＳＮ：０７８－０５－１１２０", "e123456789012 E1234567"}) {
    EXPECT_EQ(Describe(testing::Scanned(*fast, text)),
              Describe(testing::Scanned(*slow, text)))
        << text;
    EXPECT_EQ(testing::StreamedOut(*fast, text),
              testing::StreamedOut(*slow, text))
        << text;
  }
  // Serialized, the fast engine's regexes without start-of-match are
  // smaller databases than the slow one's.
  EXPECT_NE(fast->Serialize(), slow->Serialize());
}

}  // namespace
}  // namespace lexgate
