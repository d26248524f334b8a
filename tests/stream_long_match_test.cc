// The stream guard with the shipped packs on matches longer than any fixed
// window (a 500-character JWT, an e-mail address with a 400-character local
// part), runs that pass the max_hold cap (a 3,000-character base64 blob, a
// 100 KB line without spaces), in 1-byte, 1-4 character and random splits:
// never a crash, never an unmasked byte of a masked span (stream.h contract
// 3), and exactly Redact(whole text) whenever no run passed the cap.
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lexgate/policy.h"
#include "support/test_util.h"

namespace lexgate {
namespace {

// The shipped packs with every replacement removed: a masked character is
// then one '*', so the stream's output lines up with the text character by
// character and contract 3 can be checked position by position.
const std::shared_ptr<const Engine>& StarsEngine() {
  static const std::shared_ptr<const Engine> engine = [] {
    absl::StatusOr<RuleSet> rules =
        LoadRules(std::string(LEXGATE_SOURCE_DIR) + "/rules");
    EXPECT_TRUE(rules.ok()) << rules.status();
    RuleSet stars;
    for (Rule rule : rules->rules()) {
      rule.replacement.reset();
      EXPECT_TRUE(stars.Add(std::move(rule)).ok());
    }
    auto compiled = Engine::Compile(stars);
    EXPECT_TRUE(compiled.ok()) << compiled.status();
    return *compiled;
  }();
  return engine;
}

std::vector<char32_t> CodePoints(std::string_view s) {
  std::vector<char32_t> out;
  for (size_t i = 0; i < s.size();) {
    const size_t n = testing::Utf8Length(s, i);
    out.push_back(testing::DecodeAt(s, i));
    i += n;
  }
  return out;
}

// Base64url text of `n` characters from a fixed seed.
std::string Base64(size_t n, uint32_t seed) {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::mt19937 rng(seed);
  std::string out;
  for (size_t i = 0; i < n; ++i) out += kAlphabet[rng() % 64];
  return out;
}

struct LongCase {
  std::string name;
  std::string text;
  bool passes_cap;  // a run longer than the default max_hold
};

std::vector<LongCase> LongCases() {
  const std::string jwt =
      "eyJ" + Base64(240, 1) + ".eyJ" + Base64(200, 2) + "." + Base64(54, 3);
  const std::string email = Base64(400, 4) + "@example.com";
  std::string line;
  for (size_t i = 0; line.size() < 100000; ++i) line += "abcdefghij"[i % 10];
  return {
      {"jwt_500", "Here is the token: " + jwt + " — keep it secret.", false},
      {"email_local_part_400", "Write to " + email + " today, 谢谢。", false},
      {"base64_blob_3000",
       "data:image/png;base64," + Base64(3000, 5) + " end of image", true},
      {"line_100kb_without_spaces", "x " + line + " y", true},
      {"jwt_after_chinese",
       "这是令牌：" + jwt + "，请勿泄露。电话13812345678。", false},
      // ½ folds to 1⁄2: the match ends inside it, at the 1, so the whole ½
      // is masked; past the cap, the overflow's end (the ⁄, which breaks the
      // rule's alphabet) must be rounded up to the end of ½, not down.
      {"jwt_before_a_fraction", "token " + jwt + "½ ok", false},
      {"jwt_past_the_cap_before_a_fraction",
       "token eyJ" + Base64(10, 6) + ".eyJ" + Base64(10, 7) + "." +
           Base64(1100, 8) + "½ ok",
       true},
  };
}

// Splits as the contract tests do: single bytes, random byte counts (cutting
// UTF-8 sequences), or one to four characters at a time.
std::vector<std::string> Split(const std::string& text, int mode,
                               std::mt19937& rng) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t n = 1;
    if (mode == 1) n = std::uniform_int_distribution<size_t>(1, 9)(rng);
    if (mode == 2) {
      int chars = std::uniform_int_distribution<int>(1, 4)(rng);
      n = 0;
      while (chars-- > 0 && pos + n < text.size()) {
        n += testing::Utf8Length(text, pos + n);
      }
    }
    n = std::min(n, text.size() - pos);
    out.push_back(text.substr(pos, n));
    pos += n;
  }
  return out;
}

class StreamLongMatchTest
    : public ::testing::TestWithParam<std::tuple<size_t, int>> {};

TEST_P(StreamLongMatchTest, NeverLeaksAndMatchesRedactBelowTheCap) {
  const auto [index, mode] = GetParam();
  const LongCase c = LongCases()[index];
  const Engine& engine = *StarsEngine();
  const std::string redacted = testing::Redacted(engine, c.text);
  std::mt19937 rng(static_cast<uint32_t>(index * 10 + mode));
  absl::StatusOr<Stream> stream = engine.OpenStream();
  ASSERT_TRUE(stream.ok()) << stream.status();
  std::string out;
  for (const std::string& delta : Split(c.text, mode, rng)) {
    out += stream->Feed(delta);
  }
  out += stream->Finish();
  ASSERT_TRUE(stream->status().ok()) << stream->status();

  // Contract 3, character by character: every character is itself or '*',
  // and every character the whole-text redaction masks is '*'.
  const std::vector<char32_t> text = CodePoints(c.text);
  const std::vector<char32_t> streamed = CodePoints(out);
  const std::vector<char32_t> whole = CodePoints(redacted);
  ASSERT_EQ(streamed.size(), text.size());
  ASSERT_EQ(whole.size(), text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    ASSERT_TRUE(streamed[i] == text[i] || streamed[i] == U'*') << i;
    if (whole[i] == U'*' && text[i] != U'*') {
      ASSERT_EQ(streamed[i], U'*') << "character " << i << " leaked";
    }
  }
  bool overflowed = false;
  for (const Match& m : stream->matches()) {
    overflowed |= m.rule == kStreamOverflowRule;
  }
  EXPECT_EQ(overflowed, c.passes_cap) << c.name;
  if (!overflowed) EXPECT_EQ(out, redacted);  // contract 1
}

using LongParam = ::testing::TestParamInfo<std::tuple<size_t, int>>;
std::string LongCaseName(const LongParam& info) {
  static const char* kModes[] = {"bytes", "random", "chars"};
  return LongCases()[std::get<0>(info.param)].name + "_" +
         kModes[std::get<1>(info.param)];
}

INSTANTIATE_TEST_SUITE_P(ShippedPacks, StreamLongMatchTest,
                         ::testing::Combine(::testing::Range<size_t>(0, 7),
                                            ::testing::Values(0, 1, 2)),
                         LongCaseName);

TEST(StreamOverflowTest, RunPastTheCapIsMaskedAndReported) {
  const Engine& engine = *StarsEngine();
  StreamOptions options;
  options.max_hold = 64;
  absl::StatusOr<Stream> stream = engine.OpenStream(options);
  ASSERT_TRUE(stream.ok());
  const std::string jwt =
      "eyJ" + Base64(240, 1) + ".eyJ" + Base64(200, 2) + "." + Base64(54, 3);
  const std::string text = "token " + jwt + " done";
  std::string out;
  size_t max_held = 0;
  for (size_t i = 0; i < text.size(); i += 3) {
    out += stream->Feed(text.substr(i, 3));
    max_held = std::max(max_held, stream->held_back());
  }
  out += stream->Finish();
  // Held back at most the cap (plus a batch and the lookahead).
  EXPECT_LE(max_held, 64 + StreamOptions::kAutoBatchChars + 8);
  EXPECT_EQ(out, "token " + std::string(jwt.size(), '*') + " done");
  // One overflow match, over the whole run: from the token's start (where
  // the JWT rule held the text) to its end (the space breaks its alphabet).
  size_t overflows = 0;
  for (const Match& m : stream->matches()) {
    if (m.rule != kStreamOverflowRule) continue;
    ++overflows;
    EXPECT_EQ(m.category, kStreamOverflowCategory);
    EXPECT_EQ(m.action, Action::kMask);
    EXPECT_EQ(m.start, 6u);
    EXPECT_EQ(m.end, 6 + jwt.size());
    EXPECT_EQ(m.text, jwt);
  }
  EXPECT_EQ(overflows, 1u);
  EXPECT_EQ(stream->verdict(), Action::kMask);
}

// A run of a group with a block rule past the cap (a private key header
// longer than a tiny max_hold): a block match that began in it can no
// longer be found whole, so the stream blocks, as Scan(whole) does, rather
// than mask the run and go on.
TEST(StreamOverflowTest, BlockRuleRunPastTheCapBlocks) {
  const Engine& engine = *StarsEngine();
  const std::string text =
      "see -----begin openssh private key----- and then more text";
  absl::StatusOr<ScanResult> whole = engine.Scan(text);
  ASSERT_TRUE(whole.ok());
  ASSERT_EQ(whole->verdict, Action::kBlock);
  for (size_t step : {size_t{1}, size_t{3}, text.size()}) {
    StreamOptions options;
    options.max_hold = 24;
    absl::StatusOr<Stream> stream = engine.OpenStream(options);
    ASSERT_TRUE(stream.ok()) << stream.status();
    std::string out;
    for (size_t i = 0; i < text.size(); i += step) {
      out += stream->Feed(text.substr(i, step));
    }
    out += stream->Finish();
    EXPECT_TRUE(stream->blocked()) << step;
    EXPECT_EQ(stream->verdict(), Action::kBlock) << step;
    EXPECT_EQ(out.find("begin"), std::string::npos) << out;
    bool blocked_by_a_match = false;
    for (const Match& m : stream->matches()) {
      blocked_by_a_match |= m.action == Action::kBlock && m.start <= 4;
    }
    EXPECT_TRUE(blocked_by_a_match) << step;
  }
}

// A run masked past the cap, then a block: the run went out masked, so it
// is reported, as it would be without the block.
TEST(StreamOverflowTest, RunMaskedBeforeABlockIsReported) {
  const auto engine = testing::CompileOrDie(
      {testing::RegexRule("blob", "[a-z0-9]{20,}"),
       testing::KeywordRule("bomb", {"炸弹制作"}, Action::kBlock)});
  StreamOptions options;
  options.max_hold = 64;
  absl::StatusOr<Stream> stream = engine->OpenStream(options);
  ASSERT_TRUE(stream.ok()) << stream.status();
  const std::string text =
      "data " + std::string(400, 'q') + "炸弹制作 and more";
  for (size_t i = 0; i < text.size(); i += 3) stream->Feed(text.substr(i, 3));
  stream->Finish();
  ASSERT_TRUE(stream->blocked());
  std::vector<std::string> rules;
  for (const Match& m : stream->matches()) rules.push_back(m.rule);
  EXPECT_THAT(rules, ::testing::ElementsAre(kStreamOverflowRule, "bomb"));
}

// One delta longer than the characters the stream remembers (max_hold + 64,
// rounded up to a power of two), ending inside a run a match may still
// cover: the match's anchor lies further back than the ring of recent
// character starts reaches. The run was once released unmasked and
// nothing was reported; it is masked and reported as an overflow.
TEST(StreamOverflowTest, OneDeltaLongerThanTheRememberedCharacters) {
  struct Case {
    const char* regex;
    Boundary boundary;
    size_t max_hold;
    std::vector<std::string> deltas;
  };
  const std::vector<Case> cases = {
      {"gh+", Boundary::kAuto, 1024, {"g" + std::string(2100, 'h')}},
      {"gh+", Boundary::kAuto, 16, {"g" + std::string(130, 'h'), " ok"}},
      {"gh+", Boundary::kNone, 16, {"g" + std::string(130, 'h')}},
      {"g+", Boundary::kAuto, 16, {std::string(130, 'g')}},
      {"x.*y",
       Boundary::kNone,
       41,
       {"xiqtshyyaehydtvabc" + std::string(114, '1') + "y"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.regex);
    const auto engine =
        testing::CompileOrDie({testing::RegexRule("r", c.regex, c.boundary)});
    ASSERT_NE(engine, nullptr);
    std::string text;
    for (const std::string& d : c.deltas) text += d;
    const std::string redacted = testing::Redacted(*engine, text);
    StreamOptions options;
    options.max_hold = c.max_hold;
    absl::StatusOr<Stream> stream = engine->OpenStream(options);
    ASSERT_TRUE(stream.ok()) << stream.status();
    std::string out;
    for (const std::string& d : c.deltas) out += stream->Feed(d);
    out += stream->Finish();
    ASSERT_EQ(out.size(), text.size());
    for (size_t i = 0; i < text.size(); ++i) {
      if (redacted[i] == '*') ASSERT_EQ(out[i], '*') << "byte " << i;
    }
    EXPECT_EQ(stream->verdict(), Action::kMask);
    ASSERT_FALSE(stream->matches().empty());
    EXPECT_EQ(stream->matches()[0].start, 0u);
  }
}

// A run masked past the cap in several segments, with a character the
// fold drops between two of them (a NUL, a zero-width space): Scan() masks
// it with the match around it, and the stream once released it between
// the segments (found by the stream_rules fuzz target).
TEST(StreamOverflowTest, DroppedCharactersInsideAMaskedRunStayMasked) {
  const auto engine = testing::CompileOrDie(
      {testing::RegexRule("letters", "[a-z]{30}", Boundary::kNone)});
  ASSERT_NE(engine, nullptr);
  for (const std::string gap : {std::string(1, '\0'), std::string("\u200B")}) {
    const std::string text =
        "seeqqqqqqqqqq" + gap + "hhhhhhhhhhqqqqqqq and then some more words";
    const std::vector<char32_t> whole =
        CodePoints(testing::Redacted(*engine, text));
    const std::vector<char32_t> original = CodePoints(text);
    ASSERT_EQ(whole[13], U'*');  // the gap is inside Scan's match
    for (size_t step : {size_t{1}, size_t{3}, size_t{7}}) {
      for (size_t batch : {size_t{0}, size_t{1}}) {
        StreamOptions options;
        options.max_hold = 16;
        options.batch = batch;
        absl::StatusOr<Stream> stream = engine->OpenStream(options);
        ASSERT_TRUE(stream.ok()) << stream.status();
        std::string out;
        for (size_t i = 0; i < text.size(); i += step) {
          out += stream->Feed(text.substr(i, step));
        }
        out += stream->Finish();
        const std::vector<char32_t> streamed = CodePoints(out);
        ASSERT_EQ(streamed.size(), original.size());
        for (size_t i = 0; i < original.size(); ++i) {
          if (whole[i] == U'*') {
            EXPECT_EQ(streamed[i], U'*') << "character " << i << ", step "
                                         << step << ", batch " << batch;
          }
        }
      }
    }
  }
}

TEST(StreamOverflowTest, MaxHoldOutOfRangeIsRefused) {
  StreamOptions options;
  options.max_hold = 3;
  absl::StatusOr<Stream> stream = StarsEngine()->OpenStream(options);
  ASSERT_FALSE(stream.ok());
  EXPECT_EQ(stream.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(stream.status().message(), ::testing::HasSubstr("max_hold"));
}

TEST(StreamHoldTest, CleanProseIsReleasedCloseBehindTheModel) {
  const Engine& engine = *StarsEngine();
  const std::string english =
      "Sure. The capital of France is Paris, and it has been for a very long "
      "time; the city sits on the Seine and is known for its museums, its "
      "food and its cafes, which are open until late in the evening.";
  const std::string chinese =
      "当然可以。法国的首都是巴黎，它坐落在塞纳河畔，以博物馆、美食和咖啡馆"
      "闻名，很多咖啡馆一直营业到深夜，游客和本地人都很喜欢在那里聊天。";
  for (const std::string& text : {english, chinese}) {
    absl::StatusOr<Stream> stream = engine.OpenStream();
    ASSERT_TRUE(stream.ok());
    size_t fed = 0, first = 0, max_held = 0;
    std::mt19937 rng(3);
    for (const std::string& delta : Split(text, 2, rng)) {
      fed += testing::CountChars(delta);
      if (!stream->Feed(delta).empty() && first == 0) first = fed;
      max_held = std::max(max_held, stream->held_back());
    }
    stream->Finish();
    EXPECT_GT(first, 0u);
    EXPECT_LE(first, 48u) << text;
    // English prose lies in the alphabet of the profanity rules, whose
    // repeats variant lets a letter be written up to five times: the
    // widest keyword ("sons of bitches") then spans 67 code points, and a
    // run of plain words is held up to about that (was 48 before the
    // variants). Chinese prose is not in that alphabet: it is held back
    // the rest of the last decision (a few characters) plus up to two
    // batches, as decisions wait while little is held (kAutoBatch).
    EXPECT_LE(max_held, text == english ? 72u : 64u) << text;
  }
}

TEST(StreamBlockTest, BlockIsKnownRightAfterThePhrase) {
  std::vector<Rule> rules = {
      testing::KeywordRule("block.zh", {"炸弹制作方法"}, Action::kBlock),
      testing::KeywordRule("block.en", {"how to build a bomb"},
                           Action::kBlock)};
  auto engine = testing::CompileOrDie(std::move(rules));
  for (const std::string& phrase :
       {std::string("炸弹制作方法"), std::string("how to build a bomb")}) {
    const std::string text = "Well, here it is: " + phrase +
                             ", step one is to find a quiet room and then "
                             "keep talking for a long while.";
    absl::StatusOr<Stream> stream = engine->OpenStream();
    ASSERT_TRUE(stream.ok());
    const size_t phrase_end =
        testing::CountChars(text.substr(0, text.find(phrase) + phrase.size()));
    size_t fed = 0;
    std::string out;
    for (size_t i = 0; i < text.size();) {
      const size_t n = testing::Utf8Length(text, i);
      out += stream->Feed(text.substr(i, n));
      i += n;
      ++fed;
      if (stream->blocked()) break;
    }
    ASSERT_TRUE(stream->blocked()) << phrase;
    EXPECT_EQ(stream->verdict(), Action::kBlock);
    EXPECT_LE(fed - phrase_end, StreamOptions::kAutoBatchChars + 2) << phrase;
    EXPECT_EQ(out.find(phrase.substr(0, 3)), std::string::npos);
    EXPECT_EQ(stream->Feed("more"), "");
    EXPECT_EQ(stream->Finish(), "");
  }
}

// The automatic batch scans every batch but decides only every other one
// while little is held back; a hit that may belong to a block rule is
// decided at once. Phrases of every kind of block rule (keywords, a regex
// with a literal prefix, a regex of classes, a co-occurrence, a flag rule a
// policy turns into a block) at many places after the first text: the
// block is known within a batch of the phrase's end, never a decision
// later.
TEST(StreamBlockTest, BlockIsKnownWithinABatchWhereverThePhraseComes) {
  Rule co;
  co.id = "block.co";
  co.category = "test";
  co.action = Action::kBlock;
  co.all_of = {{{"出售", {}}}, {{"枪支", {}}}};
  co.within = 10;
  Rule regex_prefix =
      testing::RegexRule("block.prefix", "secret-[a-z]{4}-plan");
  regex_prefix.action = Action::kBlock;
  Rule regex_classes = testing::RegexRule("block.classes", "[0-9]{4}x[0-9]{4}");
  regex_classes.action = Action::kBlock;
  Rule flag =
      testing::KeywordRule("flag.codes", {"launch codes"}, Action::kFlag);
  flag.category = "codes";
  auto engine = testing::CompileOrDie(
      {testing::KeywordRule("block.zh", {"炸弹制作方法"}, Action::kBlock),
       testing::KeywordRule("block.en", {"how to build a bomb"},
                            Action::kBlock),
       regex_prefix, regex_classes, co, flag,
       testing::KeywordRule("mask", {"password"})});
  absl::StatusOr<Policy> policy = Policy::Create(
      {.name = "strict", .actions = {{"codes", Action::kBlock}}});
  ASSERT_TRUE(policy.ok()) << policy.status();
  StreamOptions options;
  options.policy = std::make_shared<const Policy>(*std::move(policy));
  const std::string filler =
      "The weather was mild and the market was busy with people buying "
      "fruit, bread and flowers. 天气很好，市场上人来人往，大家在买水果、面包"
      "和鲜花，孩子们在广场上玩耍，老人们在树下聊天。";
  std::mt19937 rng(11);
  for (const std::string phrase :
       {"炸弹制作方法", "how to build a bomb", "secret-abcd-plan", "1234x5678",
        "出售枪支", "launch codes"}) {
    for (size_t before : {40, 57, 73, 90, 111}) {
      size_t cut = 0;
      for (size_t chars = 0; chars < before; ++chars) {
        cut += testing::Utf8Length(filler, cut);
      }
      const std::string head = filler.substr(0, cut);
      const std::string text = head + " " + phrase + " " + filler;
      const size_t phrase_end =
          testing::CountChars(head) + 1 + testing::CountChars(phrase);
      absl::StatusOr<Stream> stream = engine->OpenStream(options);
      ASSERT_TRUE(stream.ok());
      size_t fed = 0;
      std::string out;
      for (const std::string& delta : Split(text, 2, rng)) {
        out += stream->Feed(delta);
        fed += testing::CountChars(delta);
        if (stream->blocked()) break;
      }
      ASSERT_TRUE(stream->blocked()) << phrase << " after " << before;
      // A batch, the rest of the delta the phrase ended in, and the
      // character after it (a boundary's lookahead); the batch is larger
      // while all text fed is ASCII.
      const std::string fed_by_then = head + " " + phrase;
      const bool ascii = std::all_of(
          fed_by_then.begin(), fed_by_then.end(),
          [](char c) { return static_cast<unsigned char>(c) < 0x80; });
      const size_t batch = ascii ? StreamOptions::kAutoBatchAsciiChars
                                 : StreamOptions::kAutoBatchChars;
      EXPECT_LE(fed - phrase_end, batch + 4) << phrase << " after " << before;
      EXPECT_EQ(out.find(phrase.substr(0, 3)), std::string::npos) << phrase;
    }
  }
}

TEST(StreamHoldTest, HeldBackCountsCodePoints) {
  auto engine = testing::CompileOrDie(
      {testing::KeywordRule("zh", {"一二三四五六七八九十"})});
  StreamOptions options;
  options.batch = 0;
  absl::StatusOr<Stream> stream = engine->OpenStream(options);
  ASSERT_TRUE(stream.ok());
  stream->Feed("一二三四五");  // may all still become the keyword
  EXPECT_EQ(stream->held_back(), 5u);
}

}  // namespace
}  // namespace lexgate
