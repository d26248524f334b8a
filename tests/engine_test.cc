#include <memory>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/test_util.h"

namespace lexgate {
namespace {

using testing::CompileOrDie;
using ::testing::HasSubstr;
using testing::KeywordRule;
using testing::RegexRule;

std::vector<std::string> MatchedTexts(const ScanResult& r) {
  std::vector<std::string> out;
  for (const Match& m : r.matches) out.push_back(m.text);
  return out;
}

TEST(EngineTest, ReportsRuleMetadataAndOriginalSpan) {
  Rule rule = KeywordRule("profanity.en", {"fuck"});
  rule.category = "profanity";
  rule.severity = 4;
  auto engine = CompileOrDie({rule});
  ScanResult r = testing::Scanned(*engine, "oh ＦＵＣＫ!");
  ASSERT_EQ(r.matches.size(), 1u);
  const Match& m = r.matches[0];
  EXPECT_EQ(m.rule, "profanity.en");
  EXPECT_EQ(m.category, "profanity");
  EXPECT_EQ(m.action, Action::kMask);
  EXPECT_EQ(m.severity, 4);
  EXPECT_EQ(m.start, 3u);
  EXPECT_EQ(m.end, 15u);
  EXPECT_EQ(m.text, "ＦＵＣＫ");
  EXPECT_EQ(r.verdict, Action::kMask);
}

TEST(EngineTest, EveryOccurrenceOnceInOrder) {
  auto engine = CompileOrDie(
      {KeywordRule("a", {"fuck", "fucking"}), KeywordRule("b", {"shit"})});
  ScanResult r = testing::Scanned(*engine, "shit fucking fuck shit");
  EXPECT_THAT(MatchedTexts(r),
              ::testing::ElementsAre("shit", "fucking", "fuck", "shit"));
}

// DESIGN §10: every keyword occurrence not contained in another occurrence
// of the same rule.
TEST(EngineTest, EveryKeywordOccurrenceNotInsideAnother) {
  auto engine =
      CompileOrDie({KeywordRule("aa", {"aa"}, Action::kMask, Boundary::kNone)});
  ScanResult r = testing::Scanned(*engine, "aaaaa");
  ASSERT_EQ(r.matches.size(), 4u);
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(r.matches[i].start, i);
  EXPECT_EQ(testing::Redacted(*engine, "aaaaa"), "*****");
}

TEST(EngineTest, OverlappingKeywordsAreAllMasked) {
  auto engine = CompileOrDie({KeywordRule("zh", {"我操", "操你妈"})});
  ScanResult r = testing::Scanned(*engine, "我操你妈");
  EXPECT_THAT(MatchedTexts(r), ::testing::ElementsAre("我操", "操你妈"));
  EXPECT_EQ(testing::Redacted(*engine, "我操你妈"), "****");
  auto people = CompileOrDie({KeywordRule("p", {"中国", "国人"})});
  EXPECT_EQ(testing::Redacted(*people, "我是中国人"), "我是***");
}

TEST(EngineTest, KeywordInsideALongerOneOfItsRuleIsNotReported) {
  auto engine = CompileOrDie({KeywordRule("zh", {"中国", "中国人"})});
  ScanResult r = testing::Scanned(*engine, "我是中国人");
  EXPECT_THAT(MatchedTexts(r), ::testing::ElementsAre("中国人"));
  // Across rules both are reported.
  auto two =
      CompileOrDie({KeywordRule("a", {"中国"}), KeywordRule("b", {"中国人"})});
  EXPECT_EQ(testing::Scanned(*two, "中国人").matches.size(), 2u);
}

TEST(EngineTest, RegexesAreLeftmostLongestPerRule) {
  auto engine = CompileOrDie({RegexRule("a", "a{2,3}", Boundary::kNone)});
  ScanResult r = testing::Scanned(*engine, "aaaa aa");
  ASSERT_EQ(r.matches.size(), 2u);
  EXPECT_EQ(r.matches[0].start, 0u);
  EXPECT_EQ(r.matches[0].end, 3u);  // not [1, 4): it overlaps the first
  EXPECT_EQ(r.matches[1].start, 5u);
}

TEST(EngineTest, OverlappingRulesAreBothReported) {
  auto engine = CompileOrDie(
      {KeywordRule("long", {"傻逼玩意"}), KeywordRule("short", {"傻逼"})});
  ScanResult r = testing::Scanned(*engine, "你个傻逼玩意");
  ASSERT_EQ(r.matches.size(), 2u);
  EXPECT_EQ(r.matches[0].rule, "long");  // same start: longer first
  EXPECT_EQ(r.matches[1].rule, "short");
  EXPECT_EQ(testing::Redacted(*engine, "你个傻逼玩意"), "你个****");
}

TEST(EngineTest, VerdictIsStrongestAction) {
  auto engine = CompileOrDie({KeywordRule("f", {"flagme"}, Action::kFlag),
                              KeywordRule("m", {"maskme"}, Action::kMask),
                              KeywordRule("b", {"blockme"}, Action::kBlock)});
  EXPECT_EQ(testing::Scanned(*engine, "nothing here").verdict, Action::kAllow);
  EXPECT_EQ(testing::Scanned(*engine, "flagme").verdict, Action::kFlag);
  EXPECT_EQ(testing::Scanned(*engine, "flagme maskme").verdict, Action::kMask);
  EXPECT_EQ(testing::Scanned(*engine, "blockme flagme maskme").verdict,
            Action::kBlock);
  // Flags are reported but not masked; blocks are masked.
  EXPECT_EQ(testing::Redacted(*engine, "flagme maskme blockme"),
            "flagme ****** *******");
}

TEST(EngineTest, AllowRuleCancelsMatchesInsideIt) {
  auto engine =
      CompileOrDie({KeywordRule("deny", {"口交"}),
                    KeywordRule("ok", {"地铁口交易"}, Action::kAllow)});
  EXPECT_TRUE(testing::Scanned(*engine, "在地铁口交易").matches.empty());
  EXPECT_EQ(testing::Scanned(*engine, "在地铁口交易").verdict, Action::kAllow);
  EXPECT_EQ(testing::Scanned(*engine, "口交").matches.size(), 1u);
  // Only matches inside the allowed span are cancelled.
  EXPECT_EQ(testing::Scanned(*engine, "地铁口交易和口交").matches.size(), 1u);
}

TEST(EngineTest, PhoneRegexWithDigitBoundary) {
  Rule rule = RegexRule("phone", R"(1[3-9]\d{9})", Boundary::kDigit);
  rule.replacement = "[手机号]";
  auto engine = CompileOrDie({rule});
  EXPECT_EQ(testing::Redacted(*engine, "电话13812345678"), "电话[手机号]");
  EXPECT_TRUE(testing::Scanned(*engine, "113812345678901").matches.empty());
  EXPECT_TRUE(
      testing::Scanned(*engine, "订单号113812345678901").matches.empty());
  // Full-width digits fold to ASCII.
  EXPECT_EQ(
      testing::Scanned(*engine, "电话１３８１２３４５６７８").matches.size(),
      1u);
}

TEST(EngineTest, LuhnValidator) {
  auto engine = CompileOrDie({RegexRule("card", R"(\d{4}([ -]?\d{4}){3})",
                                        Boundary::kDigit, Validator::kLuhn)});
  EXPECT_EQ(
      testing::Scanned(*engine, "card 4111 1111 1111 1111 ok").matches.size(),
      1u);
  EXPECT_TRUE(
      testing::Scanned(*engine, "card 4111 1111 1111 1112 ok").matches.empty());
  EXPECT_EQ(testing::Scanned(*engine, "4111-1111-1111-1111").matches.size(),
            1u);
}

TEST(EngineTest, CnResidentIdValidator) {
  auto engine = CompileOrDie({RegexRule(
      "id", R"(\d{17}[\dxX])", Boundary::kDigit, Validator::kCnResidentId)});
  EXPECT_EQ(
      testing::Scanned(*engine, "身份证11010519491231002X").matches.size(), 1u);
  EXPECT_EQ(
      testing::Scanned(*engine, "身份证11010519491231002x").matches.size(), 1u);
  EXPECT_TRUE(
      testing::Scanned(*engine, "身份证110105194912310021").matches.empty());
}

TEST(EngineTest, RawRuleMatchesUnfoldedTextOnly) {
  Rule raw = KeywordRule("raw", {"ABC"});
  raw.normalize = false;
  auto engine = CompileOrDie({raw});
  EXPECT_EQ(testing::Scanned(*engine, "x ABC y").matches.size(), 1u);
  EXPECT_TRUE(testing::Scanned(*engine, "x abc y").matches.empty());
  EXPECT_TRUE(testing::Scanned(*engine, "x ＡＢＣ y").matches.empty());
}

TEST(EngineTest, RedactLeavesEverythingElseAlone) {
  auto engine = CompileOrDie({KeywordRule("k", {"fuck", "习近平"})});
  EXPECT_EQ(testing::Redacted(*engine, "前 fuck 后 习 近 平。"),
            "前 **** 后 *****。");
  EXPECT_EQ(testing::Redacted(*engine, "clean text 干净"), "clean text 干净");
  EXPECT_EQ(testing::Redacted(*engine, ""), "");
}

TEST(EngineTest, RedactMergesOverlapsAndUsesReplacement) {
  Rule a = KeywordRule("a", {"abc"}, Action::kMask, Boundary::kNone);
  Rule b = KeywordRule("b", {"cde"}, Action::kMask, Boundary::kNone);
  a.replacement = "[A]";
  auto engine = CompileOrDie({a, b});
  EXPECT_EQ(testing::Redacted(*engine, "xabcdex"), "x*****x");  // merged: stars
  EXPECT_EQ(testing::Redacted(*engine, "xabcx"),
            "x[A]x");  // alone: replacement
}

// Redact(text, result) takes a result in any order: a caller may sort the
// matches by severity to show them, or filter them, before it redacts. The
// merge of overlapping spans once assumed Scan()'s order and released the
// spans an earlier one came after.
TEST(EngineTest, RedactOfAResultInAnyOrderMasksEverySpan) {
  Rule a = KeywordRule("a", {"abc"}, Action::kMask, Boundary::kNone);
  Rule b = KeywordRule("b", {"cde"}, Action::kMask, Boundary::kNone);
  auto engine = CompileOrDie(
      {a, b, KeywordRule("c", {"secret", "13812345678"}, Action::kMask)});
  const std::string text = "call 13812345678, xabcdex, or secret now";
  const ScanResult scanned = testing::Scanned(*engine, text);
  ASSERT_EQ(scanned.matches.size(), 4u);
  const std::string want = engine->Redact(text, scanned);
  EXPECT_EQ(want, "call ***********, x*****x, or ****** now");
  ScanResult reordered = scanned;
  std::vector<Match>& m = reordered.matches;
  std::reverse(m.begin(), m.end());
  EXPECT_EQ(engine->Redact(text, reordered), want);
  std::swap(m[0], m[2]);
  EXPECT_EQ(engine->Redact(text, reordered), want);
  std::sort(m.begin(), m.end(),
            [](const Match& x, const Match& y) { return x.rule < y.rule; });
  EXPECT_EQ(engine->Redact(text, reordered), want);
}

// MatchDetail::kBrief: the full result with the strings left out, and the
// same redaction from it (Redact() reads the spans' bytes from the text,
// also for the rules that keep characters of a merged span).
TEST(EngineTest, BriefDetailIsTheFullResultWithoutItsStrings) {
  Rule card = RegexRule("card", R"(\d{4}([ -]?\d{4}){3})", Boundary::kDigit,
                        Validator::kLuhn);
  card.mask_keep_last = 4;
  Rule name = KeywordRule("name", {"习近平", "近平同志"}, Action::kMask,
                          Boundary::kNone);
  name.mask_keep_first = 1;
  auto keeping = CompileOrDie({card, name,
                               KeywordRule("en", {"fuck", "fuckfuck"},
                                           Action::kMask, Boundary::kNone)});
  ASSERT_NE(keeping, nullptr);
  EXPECT_EQ(testing::Redacted(*keeping, "卡 4111 1111 1111 1111"),
            "卡 ***************1111");
  EXPECT_EQ(testing::Redacted(*keeping, "习近平同志"), "习****");

  std::vector<std::string> texts = testing::ReadTestLines("bilingual.txt");
  texts.insert(texts.end(),
               {"卡 4111 1111 1111 4111 1111 1111 1111, 习近平同志",
                "fuckfuckfuck ＦＵＣＫ f u c k 習近平 sh1t f*ck fuuuck",
                "\xff fuck \xe4\xb8 习近平",
                "mail a.b@example.com, token sk-abcdefghijklmnopqrstuvwxyz12"});
  auto fields = [](const Match& m) {
    return std::make_tuple(m.rule, m.category, m.action, m.severity, m.start,
                           m.end, m.text, m.pattern, m.variant);
  };
  // Full matches with the strings kBrief leaves out, and with a variant.
  size_t explained = 0, variants = 0;
  for (const std::shared_ptr<const Engine>& engine :
       {keeping, testing::ShippedEngine()}) {
    ASSERT_NE(engine, nullptr);
    for (const std::string& text : texts) {
      absl::StatusOr<ScanResult> full = engine->Scan(text);
      absl::StatusOr<ScanResult> brief =
          engine->Scan(text, MatchDetail::kBrief);
      ASSERT_TRUE(full.ok() && brief.ok()) << text;
      EXPECT_EQ(brief->verdict, full->verdict) << text;
      ASSERT_EQ(brief->matches.size(), full->matches.size()) << text;
      for (size_t i = 0; i < full->matches.size(); ++i) {
        Match expected = full->matches[i];
        explained += !expected.text.empty() && !expected.pattern.empty();
        variants += expected.variant != Variant::kNone;
        expected.text.clear();
        expected.pattern.clear();
        expected.variant = Variant::kNone;
        EXPECT_EQ(fields(brief->matches[i]), fields(expected)) << text;
      }
      EXPECT_EQ(engine->Redact(text, *brief), engine->Redact(text, *full))
          << text;
    }
  }
  EXPECT_GT(explained, 10u);
  EXPECT_GT(variants, 0u);
}

TEST(EngineTest, InvalidUtf8NeverCrashesAndMatchesAround) {
  auto engine = CompileOrDie({KeywordRule("k", {"fuck"})});
  const std::string text =
      "\xff"
      "fuck\xe4\xb8 fuck\xc3";
  ScanResult r = testing::Scanned(*engine, text);
  ASSERT_EQ(r.matches.size(), 2u);
  EXPECT_EQ(r.matches[0].start, 1u);
  EXPECT_EQ(r.matches[0].end, 5u);
  EXPECT_EQ(testing::Redacted(*engine, text), "\xff****\xe4\xb8 ****\xc3");
}

TEST(EngineTest, EmptyInputAndEmptyRuleSet) {
  auto engine = CompileOrDie({KeywordRule("k", {"x"})});
  EXPECT_TRUE(testing::Scanned(*engine, "").matches.empty());
  RuleSet empty;
  auto none = Engine::Compile(empty);
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_TRUE(testing::Scanned(**none, "anything").matches.empty());
}

TEST(EngineTest, HugeInput) {
  auto engine = CompileOrDie({KeywordRule("k", {"needle"})});
  std::string text(64 << 20, 'x');
  text += " needle.";
  ScanResult r = testing::Scanned(*engine, text);
  ASSERT_EQ(r.matches.size(), 1u);
  EXPECT_EQ(r.matches[0].end, text.size() - 1);
}

TEST(EngineTest, EmptyKeywordIsAnErrorWithLocation) {
  Rule rule = KeywordRule("bad", {""});
  rule.location = {"packs/x.toml", 12};
  RuleSet set;
  ASSERT_TRUE(set.Add(rule).ok());
  auto engine = Engine::Compile(set);
  ASSERT_FALSE(engine.ok());
  EXPECT_THAT(engine.status().message(), HasSubstr("packs/x.toml:12"));
  EXPECT_THAT(engine.status().message(), HasSubstr("bad"));
}

TEST(EngineTest, KeywordThatFoldsToNothingIsAnError) {
  Rule rule = KeywordRule("zw", {"\u200B\u200D"});
  rule.keywords[0].location = {"zw.txt", 3};
  RuleSet set;
  ASSERT_TRUE(set.Add(rule).ok());
  auto engine = Engine::Compile(set);
  ASSERT_FALSE(engine.ok());
  EXPECT_THAT(engine.status().message(), HasSubstr("zw.txt:3"));
  EXPECT_THAT(engine.status().message(), HasSubstr("empty after folding"));
}

TEST(EngineTest, RegexHyperscanRejectsIsAnErrorWithItsMessage) {
  Rule rule = RegexRule("backref", R"((a)\1)");
  rule.location = {"pack.toml", 7};
  RuleSet set;
  ASSERT_TRUE(set.Add(rule).ok());
  auto engine = Engine::Compile(set);
  ASSERT_FALSE(engine.ok());
  const std::string message(engine.status().message());
  EXPECT_THAT(message, HasSubstr("pack.toml:7"));
  EXPECT_THAT(message, HasSubstr("rule 'backref'"));
  EXPECT_THAT(message, HasSubstr("(a)\\1"));
  EXPECT_THAT(message, HasSubstr("Back-references"));  // Hyperscan's words
  auto where = GetRuleErrorLocation(engine.status());
  ASSERT_TRUE(where.has_value());
  EXPECT_EQ(where->rule_id, "backref");
  EXPECT_EQ(where->line, 7);
}

TEST(EngineTest, RegexMatchingEmptyIsRejected) {
  RuleSet set;
  ASSERT_TRUE(set.Add(RegexRule("empty", "a*")).ok());
  auto engine = Engine::Compile(set);
  ASSERT_FALSE(engine.ok());
  EXPECT_THAT(engine.status().message(), HasSubstr("rule 'empty'"));
}

TEST(EngineTest, ConcurrentScansAgree) {
  auto engine =
      CompileOrDie({KeywordRule("k", {"fuck", "习近平", "sb"}),
                    RegexRule("phone", R"(1[3-9]\d{9})", Boundary::kDigit)});
  const std::vector<std::string> lines =
      testing::ReadTestLines("bilingual.txt");
  std::vector<std::string> expected;
  for (const auto& line : lines) {
    expected.push_back(
        testing::Redacted(*engine, line + " f u c k 13812345678"));
  }
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < 50; ++round) {
        for (size_t i = 0; i < lines.size(); ++i) {
          if (testing::Redacted(*engine, lines[i] + " f u c k 13812345678") !=
              expected[i]) {
            ++mismatches;
          }
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
}  // namespace lexgate
