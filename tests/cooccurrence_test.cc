// Co-occurrence rules (Rule::all_of, none_of, within):
//  - the window search against its definition, on random occurrences;
//  - data-driven cases (tests/data/cooccurrence_cases.tsv), each in batch,
//    in streams split every way, and after a save and load;
//  - what a rule may say (RuleSet::Add, packs, streaming engines), and how
//    policies, allow rules and blocks treat its parts.
#include "scan/cooccurrence.h"

#include <algorithm>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lexgate/lexgate.h"
#include "support/test_util.h"

namespace lexgate {
namespace {

using internal::CoTerm;
using internal::FindCooccurrences;

// ---------------------------------------------------------------------------
// The window search, against brute force over every combination.

// Whether terms[i] is in a combination, by enumerating every choice of one
// occurrence per part.
std::vector<bool> BruteForce(const std::vector<CoTerm>& terms, uint32_t parts,
                             uint64_t within) {
  std::vector<std::vector<size_t>> by_part(parts);
  bool any_exclusion = false;
  for (size_t i = 0; i < terms.size(); ++i) {
    if (terms[i].exclusion) {
      any_exclusion = true;
    } else {
      by_part[terms[i].part].push_back(i);
    }
  }
  std::vector<bool> found(terms.size(), false);
  if (within == 0 && any_exclusion) return found;
  std::vector<size_t> pick(parts, 0);
  for (const auto& p : by_part) {
    if (p.empty()) return found;
  }
  while (true) {
    uint64_t begin = UINT64_MAX, end = 0;
    for (uint32_t p = 0; p < parts; ++p) {
      const CoTerm& t = terms[by_part[p][pick[p]]];
      begin = std::min(begin, t.begin);
      end = std::max(end, t.end);
    }
    bool ok = within == 0 || end - begin <= within;
    for (const CoTerm& x : terms) {
      if (!x.exclusion) continue;
      if (x.begin < end + within && x.end + within > begin) ok = false;
    }
    if (ok) {
      for (uint32_t p = 0; p < parts; ++p) found[by_part[p][pick[p]]] = true;
    }
    uint32_t p = 0;
    while (p < parts && ++pick[p] == by_part[p].size()) pick[p++] = 0;
    if (p == parts) break;
  }
  return found;
}

TEST(FindCooccurrencesTest, AgreesWithEveryCombination) {
  std::mt19937 rng(7);
  for (int round = 0; round < 3000; ++round) {
    const uint32_t parts = 2 + rng() % 3;
    const uint64_t within = round % 7 == 0 ? 0 : 2 + rng() % 12;
    const size_t n = rng() % 9;
    std::vector<CoTerm> terms;
    for (size_t i = 0; i < n; ++i) {
      const uint64_t begin = rng() % 30;
      const bool exclusion = rng() % 5 == 0;
      terms.push_back({begin, begin + 1 + rng() % 4, exclusion,
                       exclusion ? 0 : static_cast<uint32_t>(rng() % parts)});
    }
    std::stable_sort(
        terms.begin(), terms.end(),
        [](const CoTerm& a, const CoTerm& b) { return a.begin < b.begin; });
    std::vector<bool> found;
    FindCooccurrences(terms, parts, within, &found);
    const std::vector<bool> expected = BruteForce(terms, parts, within);
    ASSERT_EQ(found, expected)
        << "round " << round << ", " << parts << " parts, within " << within;
  }
}

// ---------------------------------------------------------------------------
// Data-driven cases.

struct CooccurrenceCase {
  std::string name;
  std::string all_of;
  std::string none_of;
  int within = 0;
  std::string text;
  std::string redacted;
};

void PrintTo(const CooccurrenceCase& c, std::ostream* os) {
  *os << c.all_of << " within " << c.within << " in '" << c.text << "'";
}

std::vector<CooccurrenceCase> LoadCases() {
  std::vector<CooccurrenceCase> cases;
  for (const std::string& line :
       testing::ReadTestLines("cooccurrence_cases.tsv")) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols = absl::StrSplit(line, '\t');
    if (cols.size() != 6) {
      ADD_FAILURE() << "malformed case line: " << line;
      continue;
    }
    cases.push_back({cols[0], cols[1], cols[2], std::stoi(cols[3]),
                     testing::DecodeEscapes(cols[4]),
                     testing::DecodeEscapes(cols[5])});
  }
  return cases;
}

Rule CooccurrenceRule(const std::string& id, const std::string& all_of,
                      const std::string& none_of, int within) {
  Rule rule;
  rule.id = id;
  rule.category = "test";
  for (absl::string_view part : absl::StrSplit(all_of, '|')) {
    std::vector<Keyword>& keywords = rule.all_of.emplace_back();
    for (absl::string_view k : absl::StrSplit(part, '/')) {
      keywords.push_back({std::string(k), {}});
    }
  }
  if (none_of != "-") {
    for (absl::string_view k : absl::StrSplit(none_of, '/')) {
      rule.none_of.push_back({std::string(k), {}});
    }
  }
  rule.within = within;
  return rule;
}

// Everything a stream emits for `text` cut at `cuts` (byte offsets).
std::string StreamedWithCuts(const Engine& engine, std::string_view text,
                             std::vector<size_t> cuts,
                             StreamOptions options = {}) {
  absl::StatusOr<Stream> stream = engine.OpenStream(options);
  EXPECT_TRUE(stream.ok()) << stream.status();
  if (!stream.ok()) return "";
  std::sort(cuts.begin(), cuts.end());
  std::string out;
  size_t at = 0;
  for (size_t cut : cuts) {
    out += stream->Feed(text.substr(at, cut - at));
    at = cut;
  }
  out += stream->Feed(text.substr(at));
  out += stream->Finish();
  EXPECT_TRUE(stream->status().ok()) << stream->status();
  return out;
}

class CooccurrenceCaseTest : public ::testing::TestWithParam<CooccurrenceCase> {
};

TEST_P(CooccurrenceCaseTest, BatchStreamAndSavedEngineAgree) {
  const CooccurrenceCase& c = GetParam();
  EngineOptions options;
  options.streaming = c.within > 0;
  auto engine = testing::CompileOrDie(
      {CooccurrenceRule("r", c.all_of, c.none_of, c.within)}, options);
  ASSERT_NE(engine, nullptr);
  EXPECT_EQ(testing::Redacted(*engine, c.text), c.redacted);
  // Every match is a part occurrence, reported with its original span.
  for (const Match& m : testing::Scanned(*engine, c.text).matches) {
    EXPECT_EQ(c.text.substr(m.start, m.end - m.start), m.text);
    EXPECT_EQ(m.rule, "r");
  }
  if (options.streaming) {
    std::vector<size_t> every_byte;
    for (size_t i = 1; i < c.text.size(); ++i) every_byte.push_back(i);
    StreamOptions unbatched;
    unbatched.batch = 0;
    EXPECT_EQ(StreamedWithCuts(*engine, c.text, every_byte, unbatched),
              c.redacted);
    EXPECT_EQ(StreamedWithCuts(*engine, c.text, {}), c.redacted);
  }
  absl::StatusOr<std::shared_ptr<const Engine>> loaded =
      Engine::Deserialize(engine->Serialize());
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ((*loaded)->fingerprint(), engine->fingerprint());
  EXPECT_EQ(testing::Redacted(**loaded, c.text), c.redacted);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CooccurrenceCaseTest, ::testing::ValuesIn(LoadCases()),
    [](const ::testing::TestParamInfo<CooccurrenceCase>& info) {
      return info.param.name;
    });

// ---------------------------------------------------------------------------
// Streams against the whole text, on random texts and splits.

TEST(CooccurrenceStreamTest, EqualsRedactOfTheWholeTextForEverySplit) {
  Rule sell = CooccurrenceRule("sell", "出售/卖|枪支/手枪|微信", "水枪", 12);
  Rule buy = CooccurrenceRule("buy", "buy|gun/guns", "water gun", 16);
  Rule plain = testing::KeywordRule("plain", {"微信号"});
  auto engine = testing::CompileOrDie({sell, buy, plain});
  ASSERT_NE(engine, nullptr);
  const std::vector<std::string> pieces = {
      "出售",   "卖",    "枪支",       "手枪",   "微信", "水枪",
      "微信号", "，",    "的",         "一二三", "buy ", "a ",
      "gun ",   "guns ", "water gun ", "and ",   "x"};
  std::mt19937 rng(11);
  for (int round = 0; round < 1500; ++round) {
    std::string text;
    const int n = 1 + static_cast<int>(rng() % 24);
    for (int i = 0; i < n; ++i) text += pieces[rng() % pieces.size()];
    const std::string whole = testing::Redacted(*engine, text);
    std::vector<size_t> cuts;
    for (size_t i = 1; i < text.size(); ++i) {
      if (rng() % 4 == 0) cuts.push_back(i);
    }
    StreamOptions options;
    options.batch = round % 2 == 0 ? 0 : StreamOptions::kAutoBatch;
    ASSERT_EQ(StreamedWithCuts(*engine, text, cuts, options), whole)
        << "text: " << text;
  }
}

// Long texts: windows far into the text (a stream has dropped the text
// before them, a batch scan counts characters from checkpoints), pairs
// just inside and just outside their window, two rules.
TEST(CooccurrenceStreamTest, LongTextsCountCharactersFromTheStart) {
  auto engine =
      testing::CompileOrDie({CooccurrenceRule("zh", "出售|枪支", "-", 10),
                             CooccurrenceRule("en", "buy|gun", "-", 12)});
  ASSERT_NE(engine, nullptr);
  std::mt19937 rng(5);
  std::string text, expected;
  auto both = [&](const std::string& s) {
    text += s;
    expected += s;
  };
  for (int i = 0; i < 300; ++i) {
    // Filler wider than twice any window keeps the pairs apart.
    std::string filler;
    const int n = 30 + static_cast<int>(rng() % 400);
    for (int k = 0; k < n; ++k) filler += rng() % 3 == 0 ? "é" : "好";
    both(filler);
    const int gap = static_cast<int>(rng() % 10);  // 出售 gap 枪支
    std::string middle;
    for (int k = 0; k < gap; ++k) middle += "好";
    if (rng() % 2 == 0) {
      const bool inside = 2 + gap + 2 <= 10;
      text += "出售" + middle + "枪支";
      expected += (inside ? "**" : "出售") + middle + (inside ? "**" : "枪支");
    } else {
      // Words stand apart from letters on either side (boundary auto).
      const bool inside = 3 + 1 + gap + 1 + 3 <= 12;
      text += " buy " + middle + " gun ";
      expected += std::string(" ") + (inside ? "***" : "buy") + " " + middle +
                  " " + (inside ? "***" : "gun") + " ";
    }
    both(" ");
  }
  ASSERT_GT(text.size(), size_t{128} << 10);  // checkpoints every 64 KB
  // Where two long strings part, not the strings.
  auto differs = [&](const std::string& got) -> std::string {
    size_t i = 0;
    while (i < got.size() && i < expected.size() && got[i] == expected[i]) ++i;
    if (i == got.size() && i == expected.size()) return "";
    const size_t from = i > 40 ? i - 40 : 0;
    return "at byte " + std::to_string(i) + ": got '" + got.substr(from, 80) +
           "', expected '" + expected.substr(from, 80) + "'";
  };
  ASSERT_EQ(differs(testing::Redacted(*engine, text)), "");
  for (int round = 0; round < 3; ++round) {
    std::vector<size_t> cuts;
    for (size_t at = 0; at < text.size();) {
      at += 1 + rng() % (round == 0 ? 8 : 4000);
      if (at < text.size()) cuts.push_back(at);
    }
    EXPECT_EQ(differs(StreamedWithCuts(*engine, text, cuts)), "")
        << "round " << round;
  }
  // The character spans a stream reports count from the text's start, after
  // it has dropped most of the text.
  absl::StatusOr<Stream> stream = engine->OpenStream();
  ASSERT_TRUE(stream.ok()) << stream.status();
  for (size_t at = 0; at < text.size(); at += 3000) {
    stream->Feed(std::string_view(text).substr(at, 3000));
  }
  stream->Finish();
  ASSERT_EQ(stream->matches().size(), stream->char_spans().size());
  ASSERT_FALSE(stream->matches().empty());
  for (size_t i = 0; i < stream->matches().size(); ++i) {
    const Match& m = stream->matches()[i];
    EXPECT_EQ(stream->char_spans()[i].start,
              testing::CountChars(text.substr(0, m.start)))
        << i;
    EXPECT_EQ(stream->char_spans()[i].end,
              testing::CountChars(text.substr(0, m.end)))
        << i;
  }
}

TEST(CooccurrenceStreamTest, BlockIsDecidedAsSoonAsItsWindowAllows) {
  // A none_of word may still follow within `within` characters of the
  // window: the block waits for that, and not for a batch more.
  Rule rule = CooccurrenceRule("r", "出售|枪支", "水枪", 4);
  rule.action = Action::kBlock;
  auto engine = testing::CompileOrDie({rule});
  ASSERT_NE(engine, nullptr);
  // From several offsets, so that the phrase ends anywhere in a batch.
  for (int lead = 0; lead < 30; lead += 3) {
    absl::StatusOr<Stream> stream = engine->OpenStream();  // kAutoBatch
    ASSERT_TRUE(stream.ok()) << stream.status();
    for (int i = 0; i < lead; ++i) stream->Feed("好");
    stream->Feed("出售");
    stream->Feed("枪");
    stream->Feed("支");
    int after = 0;
    while (!stream->blocked() && after < 100) {
      stream->Feed("好");
      ++after;
    }
    ASSERT_TRUE(stream->blocked()) << lead;
    // Its parts are found at the first batch after them; from there every
    // delta is decided until the block is (12 to 20 characters here; a
    // batch later, up to 35, when the stream went on batching).
    EXPECT_LE(after, static_cast<int>(StreamOptions::kAutoBatchChars)) << lead;
  }
}

TEST(CooccurrenceStreamTest, ASettledCombinationIsDecidedAtOnce) {
  // Once the text is `within` characters past a combination, no exclusion
  // can come near it any more: its block is known then, not when a part
  // could no longer combine with anything (2 x within past its start).
  Rule rule = CooccurrenceRule("r", "出售|枪支", "水枪", 12);
  rule.action = Action::kBlock;
  auto engine = testing::CompileOrDie({rule});
  ASSERT_NE(engine, nullptr);
  StreamOptions unbatched;
  unbatched.batch = 0;
  // An exclusion beginning 11 characters after the window rules it out,
  // one beginning 12 after does not (it may begin as late as the window's
  // end + within - 1).
  for (int gap : {11, 12}) {
    absl::StatusOr<Stream> stream = engine->OpenStream(unbatched);
    ASSERT_TRUE(stream.ok()) << stream.status();
    stream->Feed("本店出售枪支");
    int after = 0;
    for (; after < gap && !stream->blocked(); ++after) stream->Feed("好");
    if (gap == 11) {
      EXPECT_FALSE(stream->blocked());
      stream->Feed("水枪");
      for (int i = 0; i < 30; ++i) stream->Feed("好");
      stream->Finish();
      EXPECT_FALSE(stream->blocked()) << "the exclusion is within reach";
      EXPECT_EQ(stream->verdict(), Action::kAllow);
      continue;
    }
    while (!stream->blocked() && after < 100) {
      stream->Feed("好");
      ++after;
    }
    ASSERT_TRUE(stream->blocked());
    // 12 characters of reach, one more for the exclusion's group (2
    // characters wide) to pass them; at least 20 when a part waited for
    // 2 x within past its start.
    EXPECT_LE(after, 14);
  }
}

TEST(CooccurrenceStreamTest, HoldsAPartBackOnlyItsWindow) {
  auto engine =
      testing::CompileOrDie({CooccurrenceRule("r", "出售|枪支", "-", 10)});
  ASSERT_NE(engine, nullptr);
  absl::StatusOr<Stream> stream = engine->OpenStream();
  ASSERT_TRUE(stream.ok()) << stream.status();
  std::string out = stream->Feed("本店出售");
  // Twenty more characters: the part is decided (clean) and released long
  // before the end.
  for (int i = 0; i < 40; ++i) out += stream->Feed("好");
  EXPECT_NE(out.find("本店出售"), std::string::npos) << out;
  EXPECT_LE(stream->held_back(), 10u + StreamOptions::kAutoBatchChars);
  out += stream->Finish();
  std::string expected = "本店出售";
  for (int i = 0; i < 40; ++i) expected += "好";
  EXPECT_EQ(out, expected);
}

TEST(CooccurrenceStreamTest, BlocksWhenTheWindowCompletes) {
  Rule rule = CooccurrenceRule("r", "出售|枪支", "-", 10);
  rule.action = Action::kBlock;
  auto engine = testing::CompileOrDie({rule});
  ASSERT_NE(engine, nullptr);
  absl::StatusOr<Stream> stream = engine->OpenStream();
  ASSERT_TRUE(stream.ok()) << stream.status();
  std::string out = stream->Feed("出售");
  EXPECT_FALSE(stream->blocked()) << "one part alone blocks nothing";
  out += stream->Feed("仿真枪支");
  for (int i = 0; i < 20 && !stream->blocked(); ++i) out += stream->Feed("。");
  EXPECT_TRUE(stream->blocked());
  EXPECT_EQ(stream->verdict(), Action::kBlock);
  EXPECT_EQ(out.find("出售"), std::string::npos) << out;
}

// ---------------------------------------------------------------------------
// What a rule may say.

absl::Status AddStatus(Rule rule) {
  RuleSet set;
  return set.Add(std::move(rule));
}

TEST(CooccurrenceRuleTest, RuleSetRefusesMalformedRules) {
  Rule one_part = CooccurrenceRule("r", "出售", "-", 10);
  EXPECT_THAT(AddStatus(one_part).message(),
              ::testing::HasSubstr("at least two parts"));
  Rule with_keywords = CooccurrenceRule("r", "出售|枪支", "-", 10);
  with_keywords.keywords.push_back({"x", {}});
  EXPECT_THAT(AddStatus(with_keywords).message(),
              ::testing::HasSubstr("no keywords or regexes of its own"));
  Rule none_alone = testing::KeywordRule("r", {"x"});
  none_alone.none_of.push_back({"y", {}});
  EXPECT_THAT(AddStatus(none_alone).message(),
              ::testing::HasSubstr("none_of needs all_of"));
  Rule within_alone = testing::KeywordRule("r", {"x"});
  within_alone.within = 5;
  EXPECT_THAT(AddStatus(within_alone).message(),
              ::testing::HasSubstr("within needs all_of"));
  Rule wide = CooccurrenceRule("r", "出售|枪支", "-", Rule::kMaxWithin + 1);
  EXPECT_THAT(AddStatus(wide).message(), ::testing::HasSubstr("within must"));
  Rule empty_part = CooccurrenceRule("r", "出售|枪支", "-", 10);
  empty_part.all_of[1].clear();
  EXPECT_THAT(AddStatus(empty_part).message(),
              ::testing::HasSubstr("part 2 of all_of has no keyword"));
  Rule allow = CooccurrenceRule("r", "出售|枪支", "-", 10);
  allow.action = Action::kAllow;
  EXPECT_THAT(AddStatus(allow).message(),
              ::testing::HasSubstr("an allow rule cannot have all_of"));
  EXPECT_TRUE(AddStatus(CooccurrenceRule("r", "出售|枪支", "水枪", 10)).ok());
  // A window narrower than a part could never hold it: the rule would
  // silently match nothing. The part's shortest keyword decides.
  Rule narrow = CooccurrenceRule("r", "出售|仿真枪支/枪", "-", 3);
  EXPECT_TRUE(AddStatus(narrow).ok());
  narrow.all_of[1].pop_back();
  EXPECT_THAT(AddStatus(narrow).message(),
              ::testing::HasSubstr("within 3 is shorter than part 2 of all_of "
                                   "(its shortest keyword has 4 characters)"));
}

TEST(CooccurrenceRuleTest, AKeywordStandsForOnePart) {
  RuleSet set;
  ASSERT_TRUE(set.Add(CooccurrenceRule("r", "出售|售卖/出售", "-", 10)).ok());
  auto engine = Engine::Compile(set);
  ASSERT_FALSE(engine.ok());
  EXPECT_THAT(engine.status().message(),
              ::testing::HasSubstr("is in all_of part 1 and in all_of part 2"));
  RuleSet excluded;
  ASSERT_TRUE(
      excluded.Add(CooccurrenceRule("r", "出售|枪支", "枪支", 10)).ok());
  EXPECT_THAT(Engine::Compile(excluded).status().message(),
              ::testing::HasSubstr("in all_of part 2 and in none_of"));
}

TEST(CooccurrenceRuleTest, StreamingNeedsAWindow) {
  RuleSet set;
  ASSERT_TRUE(set.Add(CooccurrenceRule("r", "出售|枪支", "-", 0)).ok());
  auto streaming = Engine::Compile(set);  // streaming is the default
  ASSERT_FALSE(streaming.ok());
  EXPECT_THAT(streaming.status().message(), ::testing::HasSubstr("within"));
  EngineOptions batch_only;
  batch_only.streaming = false;
  EXPECT_TRUE(Engine::Compile(set, batch_only).ok());
}

TEST(CooccurrenceRuleTest, StreamRefusesAWindowWiderThanItsHold) {
  auto engine =
      testing::CompileOrDie({CooccurrenceRule("r", "出售|枪支", "-", 200)});
  ASSERT_NE(engine, nullptr);
  StreamOptions options;
  options.max_hold = 100;
  absl::StatusOr<Stream> stream = engine->OpenStream(options);
  ASSERT_FALSE(stream.ok());
  EXPECT_THAT(stream.status().message(), ::testing::HasSubstr("max_hold"));
  options.max_hold = 200;
  EXPECT_TRUE(engine->OpenStream(options).ok());
  // With none_of, a part waits for exclusions near its window too.
  auto excluding =
      testing::CompileOrDie({CooccurrenceRule("r", "出售|枪支", "水枪", 100)});
  ASSERT_NE(excluding, nullptr);
  options.max_hold = 199;
  EXPECT_THAT(excluding->OpenStream(options).status().message(),
              ::testing::HasSubstr("twice for none_of"));
  options.max_hold = 200;
  EXPECT_TRUE(excluding->OpenStream(options).ok());
}

TEST(CooccurrenceRuleTest, PackSpellsPartsAsKeywordsOrAlternatives) {
  const std::string pack = R"(
[pack]
name = "t"
[[rule]]
id = "sale.guns"
category = "pii"
all_of = ["出售", ["枪支", "手枪"]]
none_of = ["水枪"]
within = 10
examples = ["出售手枪"]
counterexamples = ["出售水枪和手枪", "出售"]
)";
  absl::StatusOr<RuleSet> rules = ParseRulePack(pack, "t.toml");
  ASSERT_TRUE(rules.ok()) << rules.status();
  const Rule* rule = rules->Find("sale.guns");
  ASSERT_NE(rule, nullptr);
  ASSERT_EQ(rule->all_of.size(), 2u);
  EXPECT_EQ(rule->all_of[0].size(), 1u);
  EXPECT_EQ(rule->all_of[1].size(), 2u);
  EXPECT_EQ(rule->none_of.size(), 1u);
  EXPECT_EQ(rule->within, 10);
  auto engine = Engine::Compile(*rules);
  ASSERT_TRUE(engine.ok()) << engine.status();
  EXPECT_EQ(testing::Redacted(**engine, "出售手枪"), "****");
}

TEST(CooccurrenceRuleTest, PackErrorsNameTheLine) {
  struct Bad {
    std::string body;
    std::string message;
  };
  const std::vector<Bad> bad = {
      {"all_of = \"出售\"", "'all_of' must be"},
      {"all_of = [\"出售\", 3]", "part 2 of 'all_of'"},
      {"all_of = [\"出售\", [\"\"]]", "empty or whitespace-only"},
      {"all_of = [\"出售\", \"枪\"]\nwithin = 0", "'within' must be 1.."},
      {"all_of = [\"出售\", \"枪\"]\nwithin = \"10\"", "within"},
  };
  for (const Bad& b : bad) {
    const std::string pack =
        "[pack]\nname = \"t\"\n[[rule]]\nid = \"r\"\ncategory = \"pii\"\n" +
        b.body + "\n";
    absl::StatusOr<RuleSet> rules = ParseRulePack(pack, "t.toml");
    ASSERT_FALSE(rules.ok()) << b.body;
    EXPECT_THAT(rules.status().message(), ::testing::HasSubstr(b.message))
        << b.body;
    EXPECT_THAT(rules.status().message(), ::testing::HasSubstr("t.toml:"))
        << b.body;
  }
}

// ---------------------------------------------------------------------------
// Policies, allow rules.

TEST(CooccurrenceRuleTest, AnAllowedPartDoesNotCount) {
  Rule allow = testing::KeywordRule("ok", {"出售枪支模型"}, Action::kAllow);
  auto engine = testing::CompileOrDie(
      {CooccurrenceRule("r", "出售|枪支", "-", 10), allow});
  ASSERT_NE(engine, nullptr);
  EXPECT_EQ(testing::Redacted(*engine, "出售枪支模型"), "出售枪支模型");
  EXPECT_EQ(testing::Redacted(*engine, "出售枪支"), "****");
}

// An allow match cancels parts inside it, never an exclusion: an allow rule
// must not make another rule mask more.
TEST(CooccurrenceRuleTest, AnAllowMatchKeepsExclusions) {
  Rule allow = testing::KeywordRule("ok", {"禁止吸烟"}, Action::kAllow);
  auto engine = testing::CompileOrDie(
      {CooccurrenceRule("r", "出售|枪支", "禁止", 10), allow});
  ASSERT_NE(engine, nullptr);
  EXPECT_EQ(testing::Redacted(*engine, "禁止吸烟，出售枪支"),
            "禁止吸烟，出售枪支");
  EXPECT_EQ(testing::Redacted(*engine, "吸烟，出售枪支"), "吸烟，****");
}

TEST(CooccurrenceRuleTest, PolicyDecidesItsActions) {
  auto engine =
      testing::CompileOrDie({CooccurrenceRule("r", "出售|枪支", "-", 10)});
  ASSERT_NE(engine, nullptr);
  absl::StatusOr<Policy> created = Policy::Create(
      {.name = "t", .actions = {{"test", Action::kBlock}}}, PolicyLimits());
  ASSERT_TRUE(created.ok()) << created.status();
  auto policy = std::make_shared<const Policy>(*std::move(created));
  StreamOptions options;
  options.policy = policy;
  absl::StatusOr<Stream> stream = engine->OpenStream(options);
  ASSERT_TRUE(stream.ok()) << stream.status();
  stream->Feed("出售仿真枪支。");
  stream->Finish();
  EXPECT_TRUE(stream->blocked());
  const ScanResult whole = policy->Apply(testing::Scanned(*engine, "出售枪支"));
  EXPECT_EQ(whole.verdict, Action::kBlock);
  EXPECT_EQ(whole.matches.size(), 2u);
}

}  // namespace
}  // namespace lexgate
