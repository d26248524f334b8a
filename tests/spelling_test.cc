// Spellings compiled into a rule's patterns (tests/data/spelling_cases.tsv):
// letter variants (leet, wildcards, repeats), pinyin, initials and
// homophones, and look-alikes; each case compiles one keyword with the
// settings it names and checks the variant its match reports, its span and
// its redaction, in batch, in a stream, and after a save and load. Then the
// properties every generated pattern must have: bounded width (streams),
// understood by the stream planner's regex reader.
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "base/utf8.h"
#include "compile/engine_state.h"
#include "compile/pinyin.h"
#include "compile/regex_shape.h"
#include "compile/variants.h"
#include "gtest/gtest.h"
#include "lexgate/normalize.h"
#include "normalize/char_class.h"
#include "rules/spelling_checks.h"
#include "support/test_util.h"

namespace lexgate {
namespace {

using testing::DecodeEscapes;

struct SpellingCase {
  std::string name;
  std::string options;
  std::string keyword;
  std::string text;
  std::string expectation;
};

void PrintTo(const SpellingCase& c, std::ostream* os) {
  *os << "'" << c.keyword << "' [" << c.options << "] in '" << c.text
      << "': " << c.expectation;
}

std::vector<SpellingCase> LoadCases() {
  std::vector<SpellingCase> cases;
  for (const std::string& line : testing::ReadTestLines("spelling_cases.tsv")) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols = absl::StrSplit(line, '\t');
    if (cols.size() != 5) {
      ADD_FAILURE() << "malformed case line: " << line;
      continue;
    }
    cases.push_back(
        {cols[0], cols[1], cols[2], DecodeEscapes(cols[3]), cols[4]});
  }
  return cases;
}

// The case's rule: one keyword, mask, with the settings of `options`.
Rule CaseRule(const SpellingCase& c) {
  Rule rule = testing::KeywordRule("r", {c.keyword});
  if (c.options == "-") return rule;
  const std::vector<std::string> options = absl::StrSplit(c.options, ',');
  for (const std::string& option : options) {
    if (option == "leet") {
      rule.variants.push_back(Variant::kLeet);
    } else if (option == "wildcards") {
      rule.variants.push_back(Variant::kWildcard);
    } else if (option == "repeats") {
      rule.variants.push_back(Variant::kRepeat);
    } else if (option == "pinyin=full") {
      rule.pinyin = Pinyin::kFull;
    } else if (option == "pinyin=initials") {
      rule.pinyin = Pinyin::kInitials;
    } else if (option == "homophones") {
      rule.homophones = true;
    } else if (option == "boundary=none") {
      rule.boundary = Boundary::kNone;
    } else if (option.rfind("reading=", 0) == 0) {
      rule.readings[c.keyword] =
          absl::StrReplaceAll(option.substr(8), {{"_", " "}});
    } else {
      ADD_FAILURE() << "unknown option " << option;
    }
  }
  return rule;
}

// The text a stream emits for `text` fed one byte at a time.
std::string Streamed(const Engine& engine, std::string_view text) {
  absl::StatusOr<Stream> stream = engine.OpenStream();
  EXPECT_TRUE(stream.ok()) << stream.status();
  if (!stream.ok()) return "";
  std::string out;
  for (char c : text) out += stream->Feed(std::string_view(&c, 1));
  out += stream->Finish();
  return out;
}

class SpellingTest : public ::testing::TestWithParam<SpellingCase> {};

TEST_P(SpellingTest, VariantSpanAndRedaction) {
  const SpellingCase& c = GetParam();
  auto engine = testing::CompileOrDie({CaseRule(c)});
  ASSERT_NE(engine, nullptr);
  const ScanResult result = testing::Scanned(*engine, c.text);
  if (c.expectation == "no") {
    EXPECT_TRUE(result.matches.empty())
        << "must not match, got '" << result.matches[0].text << "' ("
        << VariantName(result.matches[0].variant) << ")";
    return;
  }
  ASSERT_EQ(result.matches.size(), 1u) << "must match once";
  const Match& m = result.matches[0];
  const size_t eq = c.expectation.find('=');
  EXPECT_EQ(VariantName(m.variant), c.expectation.substr(0, eq));
  EXPECT_EQ(m.pattern, c.keyword);
  EXPECT_EQ(m.text, c.text.substr(m.start, m.end - m.start));
  const std::string redacted = testing::Redacted(*engine, c.text);
  if (eq != std::string::npos) {
    EXPECT_EQ(redacted, c.expectation.substr(eq + 1));
  }
  // The same in a stream, and from a saved engine.
  EXPECT_EQ(Streamed(*engine, c.text), redacted);
  absl::StatusOr<std::shared_ptr<const Engine>> loaded =
      Engine::Deserialize(engine->Serialize());
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ((*loaded)->fingerprint(), engine->fingerprint());
  const ScanResult again = testing::Scanned(**loaded, c.text);
  ASSERT_EQ(again.matches.size(), 1u);
  EXPECT_EQ(again.matches[0].pattern, m.pattern);
  EXPECT_EQ(again.matches[0].variant, m.variant);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SpellingTest, ::testing::ValuesIn(LoadCases()),
    [](const ::testing::TestParamInfo<SpellingCase>& info) {
      return info.param.name;
    });

// Every pattern the shipped and the case rules generate is one that the
// stream planner reads (AnalyzeRegex understands it) with a finite width, so
// that streams hold back a bounded tail.
TEST(SpellingPatternsTest, BoundedAndUnderstood) {
  std::vector<Rule> rules;
  for (const SpellingCase& c : LoadCases()) rules.push_back(CaseRule(c));
  Rule all =
      testing::KeywordRule("all", {"motherfucker", "porch monkey", "fuck-up",
                                   "a$$hole", "习近平", "银行卡", "加v信"});
  all.variants = {Variant::kLeet, Variant::kWildcard, Variant::kRepeat};
  all.pinyin = Pinyin::kInitials;
  all.homophones = true;
  all.leet = {{"k", {"|<"}}, {"x", {"><", "%"}}};
  rules.push_back(all);
  for (size_t i = 0; i < rules.size(); ++i) rules[i].id = std::to_string(i);
  auto engine = testing::CompileOrDie(rules);
  ASSERT_NE(engine, nullptr);
  size_t generated = 0;
  for (const Rule& rule : rules) {
    const internal::LeetTable leet = internal::MergeLeet(rule.leet);
    for (const Keyword& k : rule.keywords) {
      const std::string folded = testing::Folded(engine->normalizer(), k.text);
      std::vector<std::string> patterns;
      for (std::string& regex :
           internal::LetterVariantRegexes(folded, rule.variants, leet)) {
        patterns.push_back(std::move(regex));
      }
      internal::PinyinPatterns p = internal::MakePinyinPatterns(
          folded, "", rule.pinyin, rule.homophones);
      for (std::string* s : {&p.full, &p.initials}) {
        if (!s->empty()) patterns.push_back(*s);
      }
      for (const std::string& pattern : patterns) {
        ++generated;
        const internal::RegexShape shape =
            internal::AnalyzeRegex(pattern, internal::RegexFlags(true));
        EXPECT_TRUE(shape.understood) << pattern;
        EXPECT_NE(shape.max_chars, internal::kUnboundedWidth) << pattern;
        EXPECT_LE(shape.max_chars, 200u) << pattern;
      }
    }
  }
  EXPECT_GT(generated, 50u);
}

TEST(SpellingPatternsTest, LeetKeepsARealLetter) {
  const internal::LeetTable leet = internal::BuiltinLeet();
  auto engine = testing::CompileOrDie({[] {
    Rule r = testing::KeywordRule("r", {"boobs", "test", "ass"});
    r.variants = {Variant::kLeet, Variant::kRepeat};
    return r;
  }()});
  ASSERT_NE(engine, nullptr);
  // Both ends substituted is left out too (the first or the last letter
  // stays real), which keeps the regex linear in the keyword.
  for (const char* text :
       {"80085", "7357", "455", "4$$", "@$5", "8008", "@s$", "8oob5"}) {
    EXPECT_TRUE(testing::Scanned(*engine, text).empty()) << text;
  }
  for (const char* text : {"b00bs", "t3st", "a55", "4ss", "@$s", "800bs"}) {
    EXPECT_FALSE(testing::Scanned(*engine, text).empty()) << text;
  }
}

// Found on clean text: numbers with units and words in brackets.
TEST(SpellingPatternsTest, NumbersAndBracketsAreNotLeet) {
  auto engine = testing::CompileOrDie({[] {
    Rule r = testing::KeywordRule("r", {"gook", "crap", "cnm"});
    r.variants = {Variant::kLeet, Variant::kWildcard, Variant::kRepeat};
    return r;
  }()});
  ASSERT_NE(engine, nullptr);
  for (const char* text : {"默认用 900k 的数据块", "(rap music)",
                           "NetworkManager (NM)", "<rap>"}) {
    EXPECT_TRUE(testing::Scanned(*engine, text).empty()) << text;
  }
  for (const char* text : {"90ok", "9ook", "cr@p", "cr4p"}) {
    EXPECT_FALSE(testing::Scanned(*engine, text).empty()) << text;
  }
}

TEST(SpellingPatternsTest, PackCanExtendTheLeetTable) {
  Rule rule = testing::KeywordRule("r", {"fuck"});
  rule.variants = {Variant::kLeet};
  auto plain = testing::CompileOrDie({rule});
  rule.leet = {{"k", {"|<"}}, {"c", {"k"}}};
  auto extended = testing::CompileOrDie({rule});
  ASSERT_NE(plain, nullptr);
  ASSERT_NE(extended, nullptr);
  for (const char* text : {"fuc|<", "fukk"}) {
    EXPECT_TRUE(testing::Scanned(*plain, text).empty()) << text;
    EXPECT_EQ(testing::Scanned(*extended, text).matches.size(), 1u) << text;
  }
  EXPECT_NE(plain->fingerprint(), extended->fingerprint());
}

TEST(SpellingPatternsTest, BadSettingsAreRuleErrors) {
  RuleSet set;
  Rule leet = testing::KeywordRule("leet", {"fuck"});
  leet.leet = {{"K", {"|<"}}};
  EXPECT_FALSE(set.Add(leet).ok());
  leet.leet = {{"k", {"| <"}}};
  EXPECT_FALSE(set.Add(leet).ok());
  Rule variant = testing::KeywordRule("variant", {"fuck"});
  variant.variants = {Variant::kPinyin};
  EXPECT_FALSE(set.Add(variant).ok());
  // Substitutes that no variant asks for would never take effect.
  Rule unasked = testing::KeywordRule("unasked", {"fuck"});
  unasked.leet = {{"u", {"00"}}};
  const absl::Status unasked_status = set.Add(unasked);
  EXPECT_NE(std::string(unasked_status.message()).find("does not ask for leet"),
            std::string::npos)
      << unasked_status;
  unasked.variants = {Variant::kLeet};
  EXPECT_TRUE(RuleSet().Add(unasked).ok());
  Rule reading = testing::KeywordRule("reading", {"银行"});
  reading.pinyin = Pinyin::kFull;
  reading.readings = {{"银行", "yin"}};
  EXPECT_FALSE(set.Add(reading).ok());
  reading.readings = {{"银行", "yín háng"}};
  EXPECT_FALSE(set.Add(reading).ok());
  Rule mask = testing::KeywordRule("mask", {"x"});
  mask.mask_char = "ab";
  EXPECT_FALSE(set.Add(mask).ok());
  EXPECT_TRUE(set.empty());
}

// Readings that could never take effect are errors, not silently unused:
// without pinyin or homophones (when a rule is added), and for a key that
// is none of the rule's keywords, as written or as folded (when it is
// compiled: the fold decides).
TEST(SpellingPatternsTest, ReadingsThatCouldNeverTakeEffectAreErrors) {
  Rule rule = testing::KeywordRule("r", {"銀行", "出售"});
  rule.readings = {{"銀行", "yin hang"}};
  const absl::Status off = RuleSet().Add(rule);
  EXPECT_NE(off.message().find("neither pinyin nor homophones"),
            std::string_view::npos)
      << off;
  rule.pinyin = Pinyin::kFull;
  for (const char* key : {"銀行", "银行"}) {  // as written, as folded
    rule.readings = {{key, "yin hang"}};
    RuleSet set;
    ASSERT_TRUE(set.Add(rule).ok());
    EXPECT_TRUE(Engine::Compile(set).ok()) << key;
  }
  rule.readings = {{"银杏", "yin xing"}};
  RuleSet set;
  ASSERT_TRUE(set.Add(rule).ok());  // loading knows nothing of the fold
  absl::StatusOr<std::shared_ptr<const Engine>> engine = Engine::Compile(set);
  ASSERT_FALSE(engine.ok());
  EXPECT_NE(
      engine.status().message().find(
          "readings names \"银杏\", which is none of the rule's keywords"),
      std::string_view::npos)
      << engine.status();
  // A part of a co-occurrence rule has readings too.
  Rule parts;
  parts.id = "parts";
  parts.category = "test";
  parts.all_of = {{{"出售", {}}}, {{"银行卡", {}}}};
  parts.within = 10;
  parts.pinyin = Pinyin::kFull;
  parts.readings = {{"银行卡", "yin hang ka"}};
  RuleSet with_parts;
  ASSERT_TRUE(with_parts.Add(parts).ok());
  EXPECT_TRUE(Engine::Compile(with_parts).ok());
}

// A pack's spellings are refused when no keyword has a character that may
// fold to one they spell (rules/spelling_checks.h): rules/ cannot fold, so
// its predicates over-approximate the fold. Checked here against the fold
// of every code point, with every option on and with NFKC alone: a
// predicate that missed one would refuse a pack whose spellings work.
TEST(SpellingPatternsTest, SpellingChecksCoverEveryFold) {
  NormalizeOptions nfkc_only;
  for (auto field :
       {&NormalizeOptions::drop_ignorables,
        &NormalizeOptions::traditional_to_simplified,
        &NormalizeOptions::lookalikes, &NormalizeOptions::strip_diacritics,
        &NormalizeOptions::drop_cjk_noise,
        &NormalizeOptions::join_spaced_letters}) {
    nfkc_only.*field = false;
  }
  for (const NormalizeOptions& options : {NormalizeOptions{}, nfkc_only}) {
    const Normalizer normalizer(options);
    int ideographs = 0, letters = 0;
    for (char32_t cp = 1; cp <= 0x10FFFF; ++cp) {
      if (cp >= 0xD800 && cp <= 0xDFFF) continue;
      std::string text;
      internal::AppendUtf8(cp, &text);
      absl::StatusOr<std::string> folded = normalizer.Fold(text);
      ASSERT_TRUE(folded.ok()) << folded.status();
      bool ideograph = false, letter = false;
      for (size_t i = 0; i < folded->size();) {
        const internal::Decoded d = internal::DecodeUtf8(*folded, i);
        ideograph |= internal::IsIdeograph(d.cp);
        letter |= d.cp < 0x80 && absl::ascii_isalpha(static_cast<char>(d.cp));
        i += d.length;
      }
      ideographs += ideograph;
      letters += letter;
      EXPECT_TRUE(!ideograph || internal::MayFoldToIdeograph(cp))
          << "U+" << std::hex << static_cast<uint32_t>(cp) << " folds to "
          << *folded;
      EXPECT_TRUE(!letter || internal::MayFoldToAsciiLetter(cp))
          << "U+" << std::hex << static_cast<uint32_t>(cp) << " folds to "
          << *folded;
    }
    // Not vacuous: the ideograph blocks, and letters in many scripts.
    EXPECT_GT(ideographs, 90000);
    EXPECT_GT(letters, 1000);
  }
  EXPECT_FALSE(internal::MayFoldToIdeograph('a'));
  EXPECT_FALSE(internal::MayFoldToIdeograph(U'\uac00'));
  EXPECT_FALSE(internal::MayFoldToAsciiLetter(U'\u4e00'));
  EXPECT_FALSE(internal::MayFoldToAsciiLetter('5'));
}

TEST(SpellingPatternsTest, ExpansionCapIsAnError) {
  Rule rule = testing::KeywordRule("r", {"习近平", "一意义"});
  rule.homophones = true;
  rule.max_expansions = 10;
  RuleSet set;
  ASSERT_TRUE(set.Add(rule).ok());
  absl::StatusOr<std::shared_ptr<const Engine>> engine = Engine::Compile(set);
  ASSERT_FALSE(engine.ok());
  EXPECT_NE(engine.status().message().find("max_expansions"),
            std::string_view::npos)
      << engine.status();
}

TEST(SpellingPatternsTest, HanReadingsFromIcu) {
  EXPECT_EQ(internal::HanReading(U'习'), "xi");
  EXPECT_EQ(internal::HanReading(U'女'), "nv");
  EXPECT_EQ(internal::HanReading(U'行'), "xing");  // context-free
  EXPECT_EQ(internal::HanReading(U'a'), "");
  const std::vector<char32_t> ping = internal::Homophones("ping", 64);
  EXPECT_NE(std::find(ping.begin(), ping.end(), U'平'), ping.end());
  EXPECT_NE(std::find(ping.begin(), ping.end(), U'苹'), ping.end());
}

}  // namespace
}  // namespace lexgate
