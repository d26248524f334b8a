// Tests of the shipped rule packs (rules/): they load against the shipped
// taxonomy, every rule carries examples and counterexamples that hold, the
// words that careless lists catch stay clean, and the packs compile for
// block and stream mode.
#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "lexgate/lexgate.h"
#include "support/test_util.h"

namespace lexgate {
namespace {

const std::string kRulesDir = std::string(LEXGATE_SOURCE_DIR) + "/rules";

const RuleSet& ShippedRules() {
  static const RuleSet* rules = [] {
    absl::StatusOr<RuleSet> loaded = LoadRules(kRulesDir);
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return new RuleSet(loaded.ok() ? *std::move(loaded) : RuleSet());
  }();
  return *rules;
}

std::shared_ptr<const Engine> ShippedEngine() {
  static const std::shared_ptr<const Engine> engine = [] {
    auto compiled = Engine::Compile(ShippedRules());
    EXPECT_TRUE(compiled.ok()) << compiled.status();
    return compiled.ok() ? *compiled : nullptr;
  }();
  return engine;
}

bool MatchesRule(const ScanResult& result, const std::string& id) {
  for (const Match& m : result.matches) {
    if (m.rule == id) return true;
  }
  return false;
}

std::string Describe(const ScanResult& result) {
  std::string out;
  for (const Match& m : result.matches) {
    absl::StrAppend(&out, " ", m.rule, "='", m.text, "'");
  }
  return out.empty() ? " (no match)" : out;
}

TEST(ShippedPacksTest, LoadWithShippedCategoriesOnly) {
  const RuleSet& rules = ShippedRules();
  ASSERT_GE(rules.size(), 40u);
  // The shipped packs declare no categories of their own.
  EXPECT_TRUE(rules.declared_categories().empty());
  for (const Rule& rule : rules.rules()) {
    EXPECT_NE(Taxonomy::Shipped().Find(rule.category), nullptr)
        << rule.id << ": " << rule.category;
    EXPECT_FALSE(rule.examples.empty()) << rule.id << " has no examples";
    EXPECT_FALSE(rule.counterexamples.empty())
        << rule.id << " has no counterexamples";
  }
  for (const char* pack : {"pii-cn", "pii-intl", "secrets", "profanity-en",
                           "profanity-zh", "spam-zh"}) {
    bool found = false;
    for (const Rule& rule : rules.rules()) found |= rule.pack == pack;
    EXPECT_TRUE(found) << pack;
  }
}

// The same check as `lexgate-filter test`, in process: every example
// matches its rule, no counterexample does (allow rules are checked as flag
// rules, since allow matches are not reported).
TEST(ShippedPacksTest, ExamplesAndCounterexamplesHold) {
  auto engine = ShippedEngine();
  ASSERT_NE(engine, nullptr);
  RuleSet flagged;
  for (Rule rule : ShippedRules().rules()) {
    if (rule.action == Action::kAllow) rule.action = Action::kFlag;
    ASSERT_TRUE(flagged.Add(std::move(rule)).ok());
  }
  auto allow_engine = Engine::Compile(flagged);
  ASSERT_TRUE(allow_engine.ok()) << allow_engine.status();
  size_t checked = 0;
  for (const Rule& rule : ShippedRules().rules()) {
    const Engine& checker =
        rule.action == Action::kAllow ? **allow_engine : *engine;
    for (const std::string& text : rule.examples) {
      ScanResult result = testing::Scanned(checker, text);
      EXPECT_TRUE(MatchesRule(result, rule.id))
          << rule.id << " misses example '" << text << "':" << Describe(result);
      ++checked;
    }
    for (const std::string& text : rule.counterexamples) {
      ScanResult result = testing::Scanned(checker, text);
      EXPECT_FALSE(MatchesRule(result, rule.id))
          << rule.id << " matches counterexample '" << text
          << "':" << Describe(result);
      ++checked;
    }
  }
  EXPECT_GE(checked, 300u);
}

// What users report against careless lists: none of these may match any
// shipped rule at all.
TEST(ShippedPacksTest, OrdinaryTextStaysClean) {
  auto engine = ShippedEngine();
  ASSERT_NE(engine, nullptr);
  for (const char* text : {
           "class",
           "assassin",
           "Scunthorpe",
           "Middlesex",
           "Disburse",
           "classical music",
           "a cocktail party",
           "the passage to Essex",
           "Dickens",
           "assume",
           "therapist",
           "grape",
           "butterfly",
           "生日快乐",
           "测试",
           "测试用例通过了",
           "祝你生日快乐，妈妈",
           "你妈的生日快乐",
           "他操心你的事",
           "我靠近窗户",
           "二比一获胜",
           "地铁口交易",
           "出口交易额增长",
           "社群交流活动",
           "水乳交融",
           "人口爆炸",
           "增加微信支付功能",
           "这笔生意稳赚不赔",
           "USB 接口",
           "时间戳 1712345678 秒",
           "created_at=1700000000000",
           "订单号113812345678901",
           "2024-03-18 13:45:12",
           "版本 3.14.159",
           "见第 6.2.4.1 节",
           "192.168.1.1",
           "127.0.0.1",
           "::1",
           "std::vector<int>",
           "sha256:e3b0c44298fc1c149afbf4c8996fb924",
           "The quick brown fox jumps over the lazy dog.",
           "今天天气很好，我们去公园散步吧。",
       }) {
    ScanResult result = testing::Scanned(*engine, text);
    EXPECT_TRUE(result.matches.empty())
        << "'" << text << "':" << Describe(result);
  }
}

size_t KeywordCount(const std::string& pack) {
  size_t count = 0;
  for (const Rule& rule : ShippedRules().rules()) {
    if (rule.pack == pack && rule.action != Action::kAllow) {
      count += rule.keywords.size();
    }
  }
  return count;
}

// A link is what a reader would copy: a sentence's punctuation after it
// and the parenthesis around it are not part of it; a pair inside it is.
TEST(ShippedPacksTest, LinksEndWhereTheReaderWouldCopyThem) {
  auto engine = ShippedEngine();
  ASSERT_NE(engine, nullptr);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"See https://example.com/docs.", "https://example.com/docs"},
      {"(https://example.com/a)", "https://example.com/a"},
      {"https://en.wikipedia.org/wiki/Foo_(bar) is it",
       "https://en.wikipedia.org/wiki/Foo_(bar)"},
      {"try https://x.org/?q=1, then", "https://x.org/?q=1"},
      {"https://a.b/c?x=1;y=2!", "https://a.b/c?x=1;y=2"},
      {"https://a.b/dir/: the index", "https://a.b/dir/"},
      {"点击链接 https://www.baidu.com。", "https://www.baidu.com"},
  };
  for (const auto& [text, link] : cases) {
    absl::StatusOr<ScanResult> result = engine->Scan(text);
    ASSERT_TRUE(result.ok()) << result.status();
    std::vector<std::string> links;
    for (const Match& m : result->matches) {
      if (m.rule == "contact.url") links.push_back(m.text);
    }
    EXPECT_EQ(links, std::vector<std::string>{link}) << text;
  }
}

TEST(ShippedPacksTest, ProfanityListsHaveAFewHundredEntries) {
  EXPECT_GE(KeywordCount("profanity-en"), 250u);
  EXPECT_GE(KeywordCount("profanity-zh"), 200u);
}

TEST(ShippedPacksTest, NoPoliticalKeywordListsShip) {
  // Operators bring their own lists for GB/T 45654 A.1 (see
  // examples/custom-pack/); the shipped packs use A.2 only for slurs.
  for (const Rule& rule : ShippedRules().rules()) {
    EXPECT_NE(rule.category.rfind("A.1", 0), 0u) << rule.id;
  }
}

TEST(ShippedPacksTest, CompileForStreaming) {
  auto engine = Engine::Compile(ShippedRules(), {.streaming = true});
  ASSERT_TRUE(engine.ok()) << engine.status();
  absl::StatusOr<Stream> stream = (*engine)->OpenStream();
  ASSERT_TRUE(stream.ok()) << stream.status();
  const std::string text =
      "电话13812345678，邮箱 jane.doe@example.com，卡号 6222 0212 3456 7890 "
      "128, what the ＦＵＣＫ, 你是SB吗, key ghp_16C7e42F292c6912E7710c838347A"
      "e178B4a";
  std::string out;
  for (size_t i = 0; i < text.size(); i += 5) {
    out += stream->Feed(text.substr(i, 5));
  }
  out += stream->Finish();
  EXPECT_EQ(out, testing::Redacted(**engine, text));
  EXPECT_EQ(out,
            "电话[手机号]，邮箱 [email]，卡号 [银行卡号], what the ****, "
            "你是**吗, key [secret]");
}

// Every shipped rule's examples, three rules' to a text with
// counterexamples between them, streamed in single bytes, random byte
// counts and one to four characters, with the default batch and with none:
// what comes out is Redact() of the whole text, and a text that Scan()
// blocks is blocked. (The secrets pack's token formats share hold groups,
// and its contact and identifier regexes hold by window: this is where
// those meet real text.)
TEST(ShippedPacksTest, StreamsEveryExampleAsScanFindsIt) {
  auto engine = Engine::Compile(ShippedRules(), {.streaming = true});
  ASSERT_TRUE(engine.ok()) << engine.status();
  const std::vector<Rule>& rules = ShippedRules().rules();
  const std::vector<std::string> glue = {" ", "，", "\n", "; ", "。 ", "x "};
  std::mt19937 rng(2026);
  int streamed = 0, masked = 0;
  for (size_t r = 0; r < rules.size(); ++r) {
    std::string text;
    for (size_t k : {r, (r + 7) % rules.size(), (r + 23) % rules.size()}) {
      for (const std::string& example : rules[k].examples) {
        text += example + glue[rng() % glue.size()];
      }
      for (const std::string& counter : rules[k].counterexamples) {
        text += counter + glue[rng() % glue.size()];
      }
    }
    const ScanResult whole = testing::Scanned(**engine, text);
    const std::string redacted = testing::Redacted(**engine, text, whole);
    for (int mode = 0; mode < 3; ++mode) {
      for (size_t batch : {size_t{0}, StreamOptions::kAutoBatch}) {
        StreamOptions options;
        options.batch = batch;
        absl::StatusOr<Stream> stream = (*engine)->OpenStream(options);
        ASSERT_TRUE(stream.ok()) << stream.status();
        std::string out;
        for (size_t i = 0; i < text.size();) {
          size_t n = 1;
          if (mode == 1) n = 1 + rng() % 9;
          if (mode == 2) {
            n = 0;
            for (int chars = 1 + static_cast<int>(rng() % 4);
                 chars > 0 && i + n < text.size(); --chars) {
              ++n;
              while (i + n < text.size() &&
                     (static_cast<unsigned char>(text[i + n]) & 0xC0) == 0x80) {
                ++n;
              }
            }
          }
          n = std::min(n, text.size() - i);
          out += stream->Feed(std::string_view(text).substr(i, n));
          i += n;
        }
        out += stream->Finish();
        ASSERT_TRUE(stream->status().ok()) << stream->status();
        if (whole.verdict == Action::kBlock) {
          EXPECT_EQ(stream->verdict(), Action::kBlock) << text;
        } else {
          ASSERT_EQ(out, redacted)
              << "mode " << mode << ", batch " << batch << ", text " << text;
          ASSERT_EQ(stream->matches().size(), whole.matches.size()) << text;
          for (size_t i = 0; i < whole.matches.size(); ++i) {
            EXPECT_EQ(stream->matches()[i].rule, whole.matches[i].rule);
            EXPECT_EQ(stream->matches()[i].start, whole.matches[i].start);
            EXPECT_EQ(stream->matches()[i].end, whole.matches[i].end);
          }
          masked += out != text;
        }
        ++streamed;
      }
    }
  }
  EXPECT_EQ(streamed, static_cast<int>(rules.size()) * 6);
  EXPECT_GT(masked, static_cast<int>(rules.size()) * 3);  // most mask
}

TEST(ShippedPacksTest, SerializedEngineRoundTrips) {
  auto engine = ShippedEngine();
  ASSERT_NE(engine, nullptr);
  auto restored = Engine::Deserialize(engine->Serialize());
  ASSERT_TRUE(restored.ok()) << restored.status();
  const std::string text = "IBAN DE89 3704 0044 0532 0130 00, 电话13812345678";
  EXPECT_EQ(testing::Redacted(**restored, text),
            testing::Redacted(*engine, text));
}

}  // namespace
}  // namespace lexgate
