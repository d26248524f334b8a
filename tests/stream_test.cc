// The streaming guard's contract (include/lexgate/stream.h), checked over
// many random splittings of real and adversarial bilingual texts.
#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scan/hits.h"
#include "support/test_util.h"

namespace lexgate {
namespace {

using ::testing::HasSubstr;
using testing::KeywordRule;
using testing::RegexRule;

std::shared_ptr<const Engine> StreamingEngine(bool with_block) {
  std::vector<Rule> rules = {
      KeywordRule("en", {"fuck", "ass", "shit"}),
      KeywordRule("zh", {"习近平", "傻逼", "口交", "操你妈"}),
      KeywordRule("ok", {"地铁口交易"}, Action::kAllow),
      KeywordRule("flag", {"微信"}, Action::kFlag),
      RegexRule("phone", R"(1[3-9]\d{9})", Boundary::kDigit),
      RegexRule("card", R"(\d{4}([ -]?\d{4}){3})", Boundary::kDigit,
                Validator::kLuhn),
  };
  rules[4].replacement = "[手机号]";
  // A span cut by a release keeps its last characters from the matches'
  // own texts (scan/redact.cc).
  rules[5].mask_keep_last = 4;
  if (with_block) {
    rules.push_back(
        KeywordRule("block", {"炸弹制作", "bomb recipe"}, Action::kBlock));
  }
  EngineOptions options;
  options.streaming = true;
  return testing::CompileOrDie(std::move(rules), options);
}

std::vector<std::string> Texts() {
  std::vector<std::string> texts = testing::ReadTestLines("bilingual.txt");
  const std::vector<std::string> extra = {
      "我说习 近 平是谁？ＦＵＣＫ off, f.u.c.k 和 f u c k。",
      "电话13812345678，卡号4111 1111 1111 1111，在地铁口交易。",
      "你个傻😀逼，kiss my ass, not class. 加微信！",
      "fuckfuck fuck fuck 习近平习近平 傻 逼 傻*逼",
      "a b c d e f u c k x y z 习 * 近 * 平 。",
      "f\u200Buck 習近平 fück Ⓕⓤⓒⓚ fu\u0441k 你是SB吗",
      "编号113812345678901，不是手机号；13812345678是。",
      // Spelled out beside single letters: the separator the fold drops
      // is a word edge where the spelling uses another one.
      "I don't give a f.u.c.k, s.h.i.t f.u.c.k u. c l a s s a.s.s hat",
      // After the one-letter words I and a: a word edge, not the run's.
      "I f u c k you, A C U N T, x i f u c k; 他说I  s h i t",
      "",
      "x",
      "fuck",
      "\xff\xfe fuck \xe4\xb8 习近平 \xc3",
      // Overlapping card numbers: the regex's leftmost-longest choice
      // must hold across the stream's decisions, the last one included
      // (found by the stream fuzzer).
      "\x9c\x98@\xbe\xd1\xd1"
      "1111 1111 1111 4111 1111 1111 1111",
  };
  texts.insert(texts.end(), extra.begin(), extra.end());
  // Long texts where matches cross many deltas.
  std::string long_text;
  for (const std::string& t : extra) long_text += t + "\n";
  texts.push_back(long_text + long_text);
  return texts;
}

// Splits `text` into deltas: single bytes, random byte counts (cutting
// UTF-8 sequences), or a few characters at a time.
std::vector<std::string> RandomSplit(const std::string& text, int mode,
                                     std::mt19937& rng) {
  std::vector<std::string> deltas;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t n = 1;
    if (mode == 1) n = std::uniform_int_distribution<size_t>(1, 9)(rng);
    if (mode == 2) {
      int chars = std::uniform_int_distribution<int>(1, 4)(rng);
      n = 0;
      while (chars-- > 0 && pos + n < text.size()) {
        ++n;
        while (pos + n < text.size() &&
               (static_cast<unsigned char>(text[pos + n]) & 0xC0) == 0x80) {
          ++n;
        }
      }
    }
    n = std::min(n, text.size() - pos);
    deltas.push_back(text.substr(pos, n));
    pos += n;
  }
  return deltas;
}

void CheckContract(const Engine& engine, const std::string& text,
                   const std::vector<std::string>& deltas,
                   StreamOptions options = {}) {
  const ScanResult whole = testing::Scanned(engine, text);
  const std::string redacted = testing::Redacted(engine, text, whole);
  absl::StatusOr<Stream> stream = engine.OpenStream(options);
  ASSERT_TRUE(stream.ok()) << stream.status();
  std::string emitted;
  bool block_seen = false;
  for (const std::string& delta : deltas) {
    const std::string out = stream->Feed(delta);
    if (block_seen) ASSERT_EQ(out, "") << "emitted after a block";
    emitted += out;
    // Contract 3: what was emitted is always a prefix of the redaction.
    ASSERT_EQ(redacted.compare(0, emitted.size(), emitted), 0)
        << "emitted '" << emitted << "' is not a prefix of '" << redacted
        << "' for text '" << text << "'";
    block_seen = stream->verdict() == Action::kBlock;
  }
  const std::string rest = stream->Finish();
  if (block_seen) ASSERT_EQ(rest, "");
  emitted += rest;
  ASSERT_EQ(redacted.compare(0, emitted.size(), emitted), 0) << text;
  if (whole.verdict == Action::kBlock) {
    // Contract 2.
    EXPECT_EQ(stream->verdict(), Action::kBlock) << text;
  } else {
    // Contract 1.
    EXPECT_EQ(emitted, redacted) << text;
    EXPECT_EQ(stream->verdict(), whole.verdict) << text;
    ASSERT_EQ(stream->matches().size(), whole.matches.size()) << text;
    // Character spans too: the stream counts them from the matches decided
    // before, in whatever order they are decided.
    const std::vector<CharSpan> spans = ToCharSpans(text, whole.matches);
    ASSERT_EQ(stream->char_spans().size(), spans.size()) << text;
    for (size_t i = 0; i < whole.matches.size(); ++i) {
      EXPECT_EQ(stream->matches()[i].rule, whole.matches[i].rule);
      EXPECT_EQ(stream->matches()[i].start, whole.matches[i].start);
      EXPECT_EQ(stream->matches()[i].end, whole.matches[i].end);
      EXPECT_EQ(stream->matches()[i].text, whole.matches[i].text);
      EXPECT_EQ(stream->char_spans()[i].start, spans[i].start) << text;
      EXPECT_EQ(stream->char_spans()[i].end, spans[i].end) << text;
    }
    EXPECT_EQ(stream->held_back(), 0u);
  }
}

// CheckContract() for `text` split by every RandomSplit() mode (`rounds`
// random splits each, one by characters), with each of `batches`.
void CheckContractSplits(const Engine& engine, const std::string& text,
                         std::initializer_list<size_t> batches, int rounds,
                         std::mt19937& rng) {
  for (int mode = 0; mode < 3; ++mode) {
    for (int round = 0; round < (mode == 0 ? 1 : rounds); ++round) {
      for (size_t batch : batches) {
        StreamOptions options;
        options.batch = batch;
        CheckContract(engine, text, RandomSplit(text, mode, rng), options);
        if (::testing::Test::HasFatalFailure()) return;
      }
    }
  }
}

// The most held_back() of a stream of `engine` that processes every delta
// at once (batch 0), fed `deltas`, counted from delta number `from` on.
size_t MaxHeldBack(const Engine& engine, const std::vector<std::string>& deltas,
                   size_t from = 0) {
  StreamOptions options;
  options.batch = 0;
  absl::StatusOr<Stream> stream = engine.OpenStream(options);
  if (!stream.ok()) {
    ADD_FAILURE() << stream.status();
    return SIZE_MAX;
  }
  size_t max_held = 0;
  for (size_t i = 0; i < deltas.size(); ++i) {
    stream->Feed(deltas[i]);
    if (i >= from) max_held = std::max(max_held, stream->held_back());
  }
  return max_held;
}

// (with a block rule?, StreamOptions::batch)
class StreamContractTest
    : public ::testing::TestWithParam<std::tuple<bool, size_t>> {};

TEST_P(StreamContractTest, HoldsForEveryRandomSplit) {
  const auto [with_block, batch] = GetParam();
  auto engine = StreamingEngine(with_block);
  ASSERT_NE(engine, nullptr);
  StreamOptions options;
  options.batch = batch;
  std::mt19937 rng(with_block ? 11 : 12 + batch);
  for (const std::string& text : Texts()) {
    for (int mode = 0; mode < 3; ++mode) {
      for (int round = 0; round < (mode == 0 ? 1 : 8); ++round) {
        CheckContract(*engine, text, RandomSplit(text, mode, rng), options);
        if (HasFatalFailure()) return;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    BlockRuleAndBatch, StreamContractTest,
    ::testing::Combine(::testing::Bool(),
                       ::testing::Values(0, 1, 16, 64,
                                         StreamOptions::kAutoBatch)));

// A whole text's scan drops at once, in batches of many hits, the hits
// that can never be matches (Resolver::CannotMatch(): checks failed, and
// for a digit boundary an end beside a digit, whatever a later start would
// be); a stream, which does not know the text after a hit yet, leaves them
// to its decisions. So streams of texts full of failing hits, scanned with
// every batch of hits dropping them, check that shortcut against the
// decisions it stands in for: runs of digits and letters around matches,
// with regexes of every boundary whose starts fail and move.
class FailingHitsTest : public ::testing::Test {
 protected:
  void SetUp() override { internal::SetHitFlushEveryForTesting(1); }
  void TearDown() override { internal::SetHitFlushEveryForTesting(0); }
};

TEST_F(FailingHitsTest, StreamAsTheyScan) {
  std::vector<Rule> rules = {
      RegexRule("card", R"(62\d{2}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?)",
                Boundary::kDigit, Validator::kLuhn),
      RegexRule("code", R"([1-9a-h][1-9]\d{6}[0-9a-h]{10})", Boundary::kWord),
      RegexRule("digits", R"(\d+5)", Boundary::kDigit),
      RegexRule("word", R"([a-z]+q[a-z])", Boundary::kWord),
      RegexRule("auto", R"(\w*7x)", Boundary::kAuto),
      // Starts that move: "9a-bq" matches "bq", "٣1 25" matches "25".
      RegexRule("dash", R"([a-z-]*q)", Boundary::kWord),
      RegexRule("spaced", R"([0-9 ]*5)", Boundary::kDigit),
      RegexRule("phone", R"(1[3-9]\d{9})", Boundary::kDigit),
      KeywordRule("kw", {"62", "q", "fuck"}),
      KeywordRule("ok", {"6262 6262"}, Action::kAllow),
  };
  EngineOptions options;
  options.streaming = true;
  const std::shared_ptr<const Engine> engine =
      testing::CompileOrDie(std::move(rules), options);
  ASSERT_NE(engine, nullptr);
  const std::vector<std::string> pieces = {"62",
                                           "6",
                                           "2",
                                           "5",
                                           "7x",
                                           "q",
                                           "a",
                                           "fuck",
                                           " ",
                                           "-",
                                           "x",
                                           "13812345678",
                                           "6222021234567890128",
                                           "\n",
                                           "好",
                                           "abq",
                                           "9",
                                           "1",
                                           "0",
                                           "9a-bq",
                                           "٣1 25",
                                           "a-"};
  std::mt19937 rng(20261204);
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<int> runs(1, 60);
  for (int round = 0; round < 40; ++round) {
    std::string text;
    const int n = runs(rng);
    for (int i = 0; i < n; ++i) {
      // Mostly runs of one piece, so that hits fail by the dozen.
      const std::string& piece = pieces[pick(rng)];
      const int repeat = std::uniform_int_distribution<int>(1, 12)(rng);
      for (int r = 0; r < repeat; ++r) text += piece;
    }
    CheckContractSplits(*engine, text, {0, StreamOptions::kAutoBatch}, 1, rng);
    if (HasFatalFailure()) return;
  }
  // And the shipped packs over digit runs with cards and codes among them.
  const std::shared_ptr<const Engine> shipped = testing::ShippedEngine();
  ASSERT_NE(shipped, nullptr);
  for (const std::string& text : std::vector<std::string>{
           std::string(300, '5') + " 6222021234567890128 " +
               std::string(200, '2'),
           "626262626262626262626262 6222 0212 3456 7890 128 62626262",
           "code 91350100M000100Y43x 91350100M000100Y43 913501000"}) {
    CheckContractSplits(*shipped, text, {StreamOptions::kAutoBatch}, 1, rng);
    if (HasFatalFailure()) return;
  }
}

TEST(StreamTest, BlockStopsEmission) {
  auto engine = StreamingEngine(true);
  absl::StatusOr<Stream> stream = engine->OpenStream();
  ASSERT_TRUE(stream.ok());
  std::string emitted;
  for (const char* delta :
       {"Here is a long harmless introduction to the topic. ", "然后是", "炸弹",
        "制作", "的详细步骤，", "第一步……"}) {
    emitted += stream->Feed(delta);
  }
  emitted += stream->Finish();
  EXPECT_EQ(stream->verdict(), Action::kBlock);
  EXPECT_THAT(emitted, ::testing::Not(HasSubstr("炸弹")));
  EXPECT_THAT(emitted, ::testing::Not(HasSubstr("第一步")));
}

TEST(StreamTest, FeedAfterFinishFailsClosedInsteadOfDroppingText) {
  auto engine = StreamingEngine(false);
  absl::StatusOr<Stream> stream = engine->OpenStream();
  ASSERT_TRUE(stream.ok());
  std::string out = stream->Feed("hello there");
  out += stream->Finish();
  EXPECT_EQ(out, "hello there");
  // Finishing again and feeding nothing are harmless.
  EXPECT_EQ(stream->Finish(), "");
  EXPECT_EQ(stream->Feed(""), "");
  EXPECT_TRUE(stream->status().ok());
  EXPECT_FALSE(stream->blocked());
  // Text after the end cannot be screened: it is not silently dropped.
  EXPECT_EQ(stream->Feed("ＦＵＣＫ"), "");
  EXPECT_EQ(stream->status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(stream->status().message(), HasSubstr("after Finish()"));
  EXPECT_TRUE(stream->blocked());
  EXPECT_EQ(stream->verdict(), Action::kBlock);
  EXPECT_EQ(stream->held_back(), 0u);
}

TEST(StreamTest, ReleasesTextOnceNoMatchCanCoverIt) {
  auto engine = StreamingEngine(false);
  StreamOptions options;
  options.batch = 0;
  absl::StatusOr<Stream> stream = engine->OpenStream(options);
  ASSERT_TRUE(stream.ok());
  std::string text(200, 'a');
  text += " ";
  std::string out = stream->Feed(text);
  // Everything but the hold-back tail is out already.
  EXPECT_GT(out.size(), 150u);
  EXPECT_LT(stream->held_back(), 60u);
}

TEST(StreamTest, ANarrowRuleHoldsBackOnlyItsWidth) {
  // Narrow rules hold by width alone, each by its own: two-character words
  // hold back one character (and the last two, the fold's lookahead and
  // the boundary check's), not the widest narrow rule's seven.
  auto engine = testing::CompileOrDie(
      {testing::KeywordRule("two", {"出售"}),
       testing::KeywordRule("eight", {"一二三四五六七八"})});
  ASSERT_NE(engine, nullptr);
  auto narrow = testing::CompileOrDie({testing::KeywordRule("two", {"出售"})});
  ASSERT_NE(narrow, nullptr);
  for (const auto& [e, most] : {std::pair{engine.get(), size_t{9}},
                                std::pair{narrow.get(), size_t{3}}}) {
    const size_t max_held =
        MaxHeldBack(*e, std::vector<std::string>(40, "好"), /*from=*/11);
    EXPECT_LE(max_held, most);
    EXPECT_GE(max_held, most - 1) << "held back less than a match can cover";
  }
}

TEST(StreamTest, TooManyGroupsMergeNarrowRulesFirst) {
  // 60 wide rules, each its own hold group (its own alphabet), and narrow
  // rules of 7 widths: 67 groups, more than a mask holds. Merging the
  // narrow ones back into one is enough; merging every mask rule's group
  // into one would hold Chinese text back as far as the wide rules reach
  // (12 characters: the merged group matches any character).
  std::vector<Rule> rules;
  for (int i = 0; rules.size() < 60; ++i) {
    const char x = static_cast<char>('a' + i % 26);
    const char y = static_cast<char>('a' + (i / 26 + i % 26 + 1) % 26);
    std::string word;
    for (int k = 0; k < 6; ++k) word += {x, y};
    rules.push_back(testing::KeywordRule("wide" + std::to_string(i), {word}));
  }
  const std::vector<std::string> narrow = {
      "出售",         "一二三",         "一二三四",        "一二三四五",
      "一二三四五六", "一二三四五六七", "一二三四五六七八"};
  for (size_t i = 0; i < narrow.size(); ++i) {
    rules.push_back(
        testing::KeywordRule("narrow" + std::to_string(i), {narrow[i]}));
  }
  auto engine = testing::CompileOrDie(rules);
  ASSERT_NE(engine, nullptr);
  EXPECT_LE(MaxHeldBack(*engine, std::vector<std::string>(40, "好")),
            9u);  // the widest narrow rule's 8, and the lookahead
}

TEST(StreamTest, AnchoredRulesOfOneAlphabetShareAGroup) {
  // 70 token formats of one alphabet ([a-z0-9_]), each anchored on its own
  // prefix: one group per rule would be more than a mask holds, and the
  // merge that then follows loses the anchors (a run of letters would be
  // held back a whole token's width). Pooled into one anchored group,
  // prose of the alphabet is held back only by a prefix being typed, and
  // the tokens still stream exactly as Scan() finds them.
  std::vector<Rule> rules;
  for (int i = 0; i < 70; ++i) {
    const std::string prefix = {static_cast<char>('a' + i % 26),
                                static_cast<char>('a' + i / 26), 'q', '_'};
    rules.push_back(
        RegexRule("tok" + std::to_string(i),
                  prefix + "[a-z0-9]{" + std::to_string(16 + i % 8) + "}",
                  Boundary::kNone));
  }
  rules.push_back(RegexRule("blocked", "zzq_[a-z0-9]{16}", Boundary::kNone));
  rules.back().action = Action::kBlock;
  auto engine = testing::CompileOrDie(rules);
  ASSERT_NE(engine, nullptr);
  std::vector<std::string> prose;
  for (int i = 0; i < 200; ++i) {
    prose.push_back(std::string(1, static_cast<char>('a' + i * 7 % 26)));
  }
  // An unfinished prefix, and the lookahead.
  EXPECT_LE(MaxHeldBack(*engine, prose), 4u);

  std::mt19937 rng(41);
  for (int round = 0; round < 12; ++round) {
    std::string text;
    for (int k = 0; k < 6; ++k) {
      const int i = static_cast<int>(rng() % 71);
      text += i == 70 ? std::string("zzq_")
                      : std::string{static_cast<char>('a' + i % 26),
                                    static_cast<char>('a' + i / 26), 'q', '_'};
      text += std::string(10 + rng() % 16, static_cast<char>('0' + k));
      text += (rng() % 3 == 0) ? " " : (rng() % 2 ? "x" : "，");
    }
    CheckContractSplits(
        *engine, text,
        {size_t{0}, size_t{1}, size_t{9}, StreamOptions::kAutoBatch}, 3, rng);
    if (HasFatalFailure()) return;
  }
}

TEST(StreamTest, HoldsBackOnlyWhatAMatchCanStillCover) {
  auto engine = StreamingEngine(false);
  // The widest rule here is the card regex (19 characters of digits,
  // spaces and dashes): letters break its alphabet, so prose is held back
  // by the keyword rules' width (at most 8 for the narrow ones), the
  // batch, and a few characters the noise pass waits for around single
  // letters ("a a"). The automatic batch decides only once one and a half
  // batches are held back, and scans every batch: up to two batches more;
  // its batch is larger while the text is all ASCII (and stays small after
  // a first "，").
  const size_t rest = 8 + 4;
  struct Case {
    size_t batch;
    std::string lead;
    size_t bound;
  };
  for (const auto& [batch, lead, bound] :
       {Case{StreamOptions::kAutoBatchChars, "",
             rest + StreamOptions::kAutoBatchChars},
        Case{StreamOptions::kAutoBatch, "",
             rest + 2 * StreamOptions::kAutoBatchAsciiChars},
        Case{StreamOptions::kAutoBatch, "，",
             rest + 2 * StreamOptions::kAutoBatchChars}}) {
    StreamOptions options;
    options.batch = batch;
    absl::StatusOr<Stream> stream = engine->OpenStream(options);
    ASSERT_TRUE(stream.ok());
    // Long enough that the stream compacts its buffers several times, with
    // a masked word now and then to check what comes out.
    std::string text = lead;
    for (int i = 0; text.size() < 6000; ++i) {
      text += i % 50 == 49 ? " fuck " : (i % 7 == 6 ? "a " : "a");
    }
    std::string out;
    size_t max_held = 0;
    for (size_t at = 0; at < text.size();) {
      const size_t length = testing::Utf8Length(text, at);
      out += stream->Feed(std::string_view(text).substr(at, length));
      at += length;
      max_held = std::max(max_held, stream->held_back());
    }
    EXPECT_LE(max_held, bound) << batch << " " << lead;
    EXPECT_GT(out.size(), text.size() - bound);
    out += stream->Finish();
    EXPECT_EQ(out, testing::Redacted(*engine, text));
    EXPECT_NE(out, text);  // something was masked
  }
}

// The automatic batch scans (and, before the first text, decides) every
// kAutoBatchAsciiChars while all text fed is ASCII, and every
// kAutoBatchChars from the first other character on: nothing comes out
// before a batch is full.
TEST(StreamTest, AnAsciiAnswerIsBatchedByMoreCharacters) {
  auto engine = StreamingEngine(false);
  struct Case {
    std::string text;
    size_t first_text_at;
  };
  const std::string english(200, 'b');
  std::string chinese;
  for (int i = 0; i < 200; ++i) chinese += "天";
  for (const auto& [text, first_text_at] :
       {Case{english, StreamOptions::kAutoBatchAsciiChars},
        Case{chinese, StreamOptions::kAutoBatchChars},
        // The switch is for good, and counts the ASCII fed before it.
        Case{"bbbbbbbbbb天" + chinese, StreamOptions::kAutoBatchChars},
        Case{"天" + english, StreamOptions::kAutoBatchChars},
        // Latin-1 bytes are not ASCII either.
        Case{"caf\xE9" + english, StreamOptions::kAutoBatchChars}}) {
    absl::StatusOr<Stream> stream = engine->OpenStream();
    ASSERT_TRUE(stream.ok());
    size_t fed = 0;
    std::string out;
    for (size_t at = 0; at < text.size() && out.empty();) {
      const size_t length = testing::Utf8Length(text, at);
      out += stream->Feed(std::string_view(text).substr(at, length));
      at += length;
      ++fed;
    }
    EXPECT_EQ(fed, first_text_at) << text.substr(0, 12);
    out += stream->Finish();
  }
}

// Phrases hold a space, so prose of their letters never breaks their
// alphabet; a match holds at most a few spaces, though, so it starts after
// the last few. (This regex has no prefix to anchor on: without the bound
// the stream would hold its whole width, 46 characters.)
TEST(StreamTest, HoldsPhrasesBackByTheirSpacesNotTheirWidth) {
  auto engine = testing::CompileOrDie({RegexRule(
      "spaced", "(?:the )?internationalization {1,2}considerations")});
  StreamOptions options;
  options.batch = 0;
  absl::StatusOr<Stream> stream = engine->OpenStream(options);
  ASSERT_TRUE(stream.ok());
  // Filler of the regex's own letters and spaces.
  std::string text;
  for (int i = 0; text.size() < 3000; ++i) {
    text += i % 40 == 39 ? "the internationalization  considerations "
                         : "a to in an ";
  }
  std::string out;
  size_t max_held = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    out += stream->Feed(std::string_view(&text[i], 1));
    // Measured in the filler only: the last 48 characters fed hold no
    // letter of the phrase that the filler lacks (a phrase being written
    // may be a match, and is held whole).
    const size_t from = i >= 47 ? i - 47 : 0;
    if (text.substr(from, i + 1 - from).find_first_of("hercz") ==
        std::string::npos) {
      max_held = std::max(max_held, stream->held_back());
    }
  }
  // At most three spaces in a match: it starts after the fourth last one
  // ("to in an a" and a word being written).
  EXPECT_LE(max_held, 16u);
  out += stream->Finish();
  EXPECT_EQ(out, testing::Redacted(*engine, text));
  EXPECT_NE(out, text);
}

// Once an anchored block rule's prefix is seen, every delta is decided at
// once: the caller can stop the model within a delta of the phrase's end,
// not a batch.
TEST(StreamTest, BlockIsKnownWithinADeltaOnceItsAnchorIsSeen) {
  Rule pem = RegexRule("pem", "-----begin [a-z ]{0,12}private key-----");
  pem.action = Action::kBlock;
  auto engine = testing::CompileOrDie({pem});
  for (const std::string prefix : {"", "Here is the key you asked for: ",
                                   "一段很长的中文回答，然后是密钥："}) {
    SCOPED_TRACE(prefix);
    absl::StatusOr<Stream> stream = engine->OpenStream();  // kAutoBatch
    ASSERT_TRUE(stream.ok());
    const std::string phrase = "-----BEGIN RSA PRIVATE KEY-----";
    stream->Feed(prefix);
    for (char c : phrase) {
      stream->Feed(std::string_view(&c, 1));
      EXPECT_FALSE(stream->blocked());
    }
    // Decided once the fold has committed the phrase's last character and
    // the one after it (the boundary): the fold waits for two solid
    // characters after a possible noise one. Not a batch of 24.
    int after = 0;
    for (const char* c : {"\n", "M", "I", "I", "E", "o", "g", "I", "B"}) {
      if (stream->blocked()) break;
      stream->Feed(c);
      ++after;
    }
    EXPECT_LE(after, 3) << prefix;
    EXPECT_TRUE(stream->blocked()) << prefix;
    EXPECT_EQ(stream->verdict(), Action::kBlock);
  }
}

TEST(StreamTest, RefusedWithoutStreamingOption) {
  EngineOptions options;
  options.streaming = false;
  auto engine = testing::CompileOrDie({KeywordRule("k", {"x"})}, options);
  absl::StatusOr<Stream> stream = engine->OpenStream();
  ASSERT_FALSE(stream.ok());
  EXPECT_THAT(stream.status().message(), HasSubstr("streaming"));
}

TEST(StreamTest, UnboundedRegexStreams) {
  auto engine = testing::CompileOrDie({RegexRule("unbounded", "ab+c")});
  absl::StatusOr<Stream> stream = engine->OpenStream();
  ASSERT_TRUE(stream.ok()) << stream.status();
  std::string out = stream->Feed("xx abbbc yy");
  out += stream->Finish();
  EXPECT_EQ(out, "xx ***** yy");
}

// A long stream with tens of thousands of matches, decided in and out of
// order (a window regex's match after a later keyword's): it releases what
// Redact() shows and reports what Scan() finds. Each release used to read
// every match of the stream so far: 20,000 e-mail addresses streamed in
// 200-character deltas took 0.24 s, 3.4 times as long as 10,000 (0.05 s
// now).
TEST(StreamTest, ManyMatchesInOneStream) {
  auto engine =
      testing::CompileOrDie({RegexRule("mail", R"([a-z0-9]+@[a-z]+\.com)"),
                             KeywordRule("word", {"mail", "example"})});
  std::string text;
  for (int i = 0; i < 10000; ++i) {
    text += "mail u" + std::to_string(i) + "@example.com now ";
  }
  const ScanResult whole = testing::Scanned(*engine, text);
  ASSERT_EQ(whole.matches.size(), 30000u);
  for (size_t step : {7, 64, 1000}) {
    absl::StatusOr<Stream> stream = engine->OpenStream();
    ASSERT_TRUE(stream.ok()) << stream.status();
    std::string out;
    for (size_t i = 0; i < text.size(); i += step) {
      out += stream->Feed(std::string_view(text).substr(i, step));
    }
    out += stream->Finish();
    EXPECT_EQ(out, testing::Redacted(*engine, text, whole)) << step;
    EXPECT_EQ(testing::DescribeSpans(stream->matches()),
              testing::DescribeSpans(whole.matches))
        << step;
  }
}

// A stream scans a window in which a regex match ended with the engine's
// folded database, which holds every expression: only the window regexes'
// hits count there. A start-anchored regex (scanned by the stream
// database) would otherwise match again at the start of a window. And the
// matches of two rules over one span ("hello" at the start: "opening" and
// "word") come in rule order, as Scan() has them, though the stream
// decides them at different times.
TEST(StreamTest, WindowScansTakeOnlyTheWindowRegexes) {
  auto engine = testing::CompileOrDie({
      RegexRule("opening", R"(^.{0,30}hello)", Boundary::kNone),
      RegexRule("number", R"(\d{3}-\d{4})", Boundary::kDigit),
      RegexRule("word", "[a-z]{2}l+o", Boundary::kNone),
      KeywordRule("kw", {"hello"}, Action::kFlag),
  });
  ASSERT_NE(engine, nullptr);
  std::mt19937 rng(5);
  for (int gap = 0; gap < 12; ++gap) {
    // "hello" at every distance from the end of a number (where a window
    // opens) and of a "...llo" word (whose match ends in it).
    const std::string text = "hello " + std::string(gap, 'x') + "555-1234" +
                             std::string(gap % 3, ' ') + "hello hallo " +
                             std::string(gap, '7') + "hello 555-1234hello";
    ASSERT_FALSE(testing::Scanned(*engine, text).matches.empty());
    CheckContractSplits(*engine, text,
                        {size_t{0}, size_t{1}, StreamOptions::kAutoBatch}, 6,
                        rng);
    if (HasFatalFailure()) return;
  }
}

// Regexes whose classes reach every non-ASCII character (\S, `.`, a
// negated class) hold back text that stays non-ASCII after folding (CJK,
// Greek): their alphabets once lost every character past ASCII, so that
// the stream took 中 for the end of a match and released a secret that
// Scan() blocks, even fed whole.
TEST(StreamTest, ClassesOfEveryNonAsciiCharacterHoldItBack) {
  Rule block_rule = RegexRule("passwd", R"(passwd=\S+)", Boundary::kNone);
  block_rule.action = Action::kBlock;
  auto block = testing::CompileOrDie({block_rule});
  ASSERT_NE(block, nullptr);
  for (const std::string text : {"passwd=秘密123", "passwd=π", "passwd=e"}) {
    absl::StatusOr<Stream> stream = block->OpenStream();
    ASSERT_TRUE(stream.ok()) << stream.status();
    std::string out = stream->Feed(text);
    out += stream->Finish();
    EXPECT_TRUE(stream->blocked()) << text;
    EXPECT_EQ(out, "") << text;
  }
  auto mask = testing::CompileOrDie({
      RegexRule("passwd", R"(passwd=\S+)", Boundary::kNone),
      RegexRule("dot", "x.*y", Boundary::kNone),
      RegexRule("negated", "q[^a]*z", Boundary::kNone),
  });
  ASSERT_NE(mask, nullptr);
  std::mt19937 rng(11);
  for (const std::string text :
       {"passwd=秘密123 end", "x中y", "a xxab key=abc中dy yy", "q中文πz ok",
        "前文 passwd=パスワード後 x😀y"}) {
    EXPECT_NE(testing::Redacted(*mask, text), text);
    CheckContractSplits(
        *mask, text, {size_t{0}, size_t{1}, StreamOptions::kAutoBatch}, 6, rng);
    if (HasFatalFailure()) return;
  }
}

// An inline flag set in one branch holds in the branches after it (PCRE's
// rule, which Hyperscan follows): the stream's reading of the regex once
// ended it with its branch, so that `.` after `(?s)` could not hold a line
// break and `c d` after `(?-x)` no space, and released what Scan() masks.
TEST(StreamTest, InlineFlagsCarryIntoLaterBranches) {
  auto engine = testing::CompileOrDie({
      RegexRule("dotall", "q(?:a(?s)|.)+z", Boundary::kNone),
      RegexRule("extended", "(?x)r(?:a(?-x)b|c d)+s", Boundary::kNone),
  });
  ASSERT_NE(engine, nullptr);
  std::mt19937 rng(13);
  for (const std::string text :
       {"q\n\n\nz", "hello rc dc ds end", "x q\nz rc ds q\n\nz"}) {
    EXPECT_NE(testing::Redacted(*engine, text), text) << text;
    CheckContractSplits(*engine, text,
                        {size_t{0}, size_t{1}, StreamOptions::kAutoBatch}, 6,
                        rng);
    if (HasFatalFailure()) return;
  }
}

TEST(StreamTest, AnchoredWindowRegexesNeedNoEndDetectors) {
  // Window regexes of anchored groups are scanned when an anchor of their
  // group was seen where a match may start (no end detector tells): keys
  // ending anywhere in a batch, one right after another, anchors that come
  // to nothing, next to an unanchored window regex (with an end detector).
  auto engine = testing::CompileOrDie({
      RegexRule("key", "sk-[a-z0-9]{20,}", Boundary::kNone),
      RegexRule("tok", "tok_[a-z]{8}[0-9]{4}", Boundary::kNone),
      RegexRule("number", R"(\d{3}-\d{4})", Boundary::kDigit),
      KeywordRule("kw", {"hello"}, Action::kFlag),
  });
  ASSERT_NE(engine, nullptr);
  const std::string key = "sk-abcdefghij0123456789";
  std::mt19937 rng(23);
  for (int gap = 0; gap < 14; ++gap) {
    const std::string pad(gap, 'x');
    const std::string text =
        "hello " + pad + key + " sk-short " + pad + "tok_abcdefgh1234" +
        "tok_abcdefgh123 " + key + key.substr(3) + "z 555-1234 sk-" + key +
        " 一段中文" + pad + "tok_abcdefgh5678。" + pad + "sk-" + pad + key;
    ASSERT_GE(testing::Scanned(*engine, text).matches.size(), 6u) << text;
    CheckContractSplits(
        *engine, text,
        {size_t{0}, size_t{1}, size_t{9}, StreamOptions::kAutoBatch}, 5, rng);
    if (HasFatalFailure()) return;
  }
}

TEST(StreamTest, AnchorsWhoseRunIsTooShortOpenNoWindow) {
  // A class-anchored regex (an 18-character ID number, anchored on its
  // first four digits) is scanned in a window only after an anchor whose
  // run of digits reaches 18 characters: a year or a phone number opens
  // none. Runs one short of a match, exactly a match, and longer; runs
  // broken by letters, spaces and Chinese; anchors inside runs; runs that
  // end where a batch ends or go on into the next.
  auto engine = testing::CompileOrDie({
      RegexRule("id", R"([1-9]\d{16}[\dx])", Boundary::kDigit),
      RegexRule("code", R"(9\d{3}-[a-z]{6})", Boundary::kNone),
      KeywordRule("kw", {"hello"}, Action::kFlag),
  });
  ASSERT_NE(engine, nullptr);
  const std::vector<std::string> runs = {"2024",
                                         "12345678901234567",
                                         "123456789012345678",
                                         "11010119900307888x",
                                         "1234567890123456789012",
                                         "0000123456789012345678",
                                         "9123-abcdef",
                                         "9123-abcde",
                                         "13812345678"};
  const std::vector<std::string> breaks = {" ", "年", "a", "", "，", " hello "};
  std::mt19937 rng(31);
  int with_id = 0;  // texts in which the ID regex matches (most of them)
  for (int round = 0; round < 40; ++round) {
    std::string text;
    for (int k = 0; k < 8; ++k) {
      text += runs[rng() % runs.size()];
      text += breaks[rng() % breaks.size()];
    }
    for (const Match& m : testing::Scanned(*engine, text).matches) {
      if (m.rule == "id") {
        ++with_id;
        break;
      }
    }
    CheckContractSplits(
        *engine, text,
        {size_t{0}, size_t{1}, size_t{9}, StreamOptions::kAutoBatch}, 3, rng);
    if (HasFatalFailure()) return;
  }
  EXPECT_GE(with_id, 20);
}

// One delta (or batch) with more anchors of a group than the stream keeps
// (4096): a table of numbers before an ID number, a run of digits with a
// 13-digit match at every position. The anchors past the limit once went
// unseen, and a match starting at one of them was released and never
// reported, also when it ended only in the next batch (found by the
// stream_rules fuzz target).
TEST(StreamTest, MoreAnchorsInOneDeltaThanTheStreamKeeps) {
  // Alone, and sharing its anchors' group with another rule.
  auto alone =
      testing::CompileOrDie({RegexRule("num13", R"(\d{13})", Boundary::kNone)});
  auto engine = testing::CompileOrDie({
      RegexRule("num13", R"(\d{13})", Boundary::kNone),
      RegexRule("id", R"([1-9]\d{16}[\dx])", Boundary::kDigit),
  });
  ASSERT_NE(alone, nullptr);
  ASSERT_NE(engine, nullptr);
  std::string table;
  for (int i = 0; i < 900; ++i) table += "12345678 ";
  const std::vector<std::string> texts = {
      std::string(4121, '1'),
      table + "身份证 110101199003074477",
      std::string(5000, '2') + " x " + table + "110101199003074477 end",
      // Anchors dropped in one long Process(), then a match that begins at
      // one of them and ends in the next: its window must be scanned.
      std::string(8044, '1') + " end" + std::string(70, '1') + "q" +
          std::string(79, '1') + " end",
  };
  for (const std::string& text : texts) {
    for (const Engine* e : {alone.get(), engine.get()}) {
      ASSERT_GE(testing::Scanned(*e, text).matches.size(), 1u);
      for (size_t batch :
           {size_t{0}, StreamOptions::kAutoBatch, size_t{8192}}) {
        StreamOptions options;
        options.batch = batch;
        CheckContract(*e, text, {text}, options);
        CheckContract(
            *e, text,
            {text.substr(0, text.size() / 2), text.substr(text.size() / 2)},
            options);
        std::vector<std::string> pieces;
        for (size_t at = 0; at < text.size(); at += 4) {
          pieces.push_back(text.substr(at, 4));
        }
        CheckContract(*e, text, pieces, options);
        if (HasFatalFailure()) return;
      }
    }
  }
}

// A window is scanned from one character before the earliest start of a
// match under way, so that a \b at that start sees its neighbour; a match
// starting at that character of context is none: Hyperscan sees the text
// start before it ("gun" of "handgun" for \bguns?\b). The stream once
// took it and blocked what Scan() allows.
TEST(StreamTest, WindowContextCharacterStartsNoMatch) {
  Rule guns = RegexRule("guns", R"(\bguns?\b)", Boundary::kNone);
  guns.action = Action::kBlock;
  Rule numbers = RegexRule("numbers", R"(\d{2,19})", Boundary::kNone);
  numbers.action = Action::kAllow;
  auto engine = testing::CompileOrDie({numbers, guns});
  ASSERT_NE(engine, nullptr);
  std::mt19937 rng(37);
  for (const std::string text :
       {"handgun we the the handgun 70", "50 offgungungungungungungun 70",
        "12 handguns 34 a gun 56"}) {
    CheckContractSplits(
        *engine, text,
        {size_t{0}, size_t{1}, size_t{5}, StreamOptions::kAutoBatch}, 6, rng);
    if (HasFatalFailure()) return;
  }
}

TEST(StreamTest, AnchorsMeetWhatTheRegexMeetsWithFoldingOff) {
  // Without case folding, U+017F (long s) and U+212A (Kelvin sign) stay in
  // the folded text, and a caseless regex takes them for s and k: an
  // anchor matched byte-wise ("sk-") would never see "ſk-", the stream
  // would neither hold the key back nor scan its window.
  EngineOptions options;
  options.streaming = true;
  options.normalize.nfkc_casefold = false;
  options.normalize.lookalikes = false;
  options.normalize.strip_diacritics = false;
  auto engine = testing::CompileOrDie(
      {RegexRule("key", "sk-[a-z0-9]{20,}", Boundary::kNone)}, options);
  ASSERT_NE(engine, nullptr);
  const std::string text =
      "keys: \u017Fk-abcdefghij0123456789 and s\u212A-abcdefghij0123456789, "
      "sk-abcdefghij0123456789 done";
  ASSERT_EQ(testing::Scanned(*engine, text).matches.size(), 3u);
  std::mt19937 rng(29);
  CheckContractSplits(
      *engine, text,
      {size_t{0}, size_t{1}, size_t{9}, StreamOptions::kAutoBatch}, 5, rng);
}

TEST(StreamTest, LetterVariantsStreamLikeScan) {
  // Letter variants are matched by the VariantMatcher, which a stream
  // feeds batch by batch: a match still going on at a batch's end (a live
  // start) must be followed into the next. Spaced keywords hold across
  // words; the repeats of the longest keyword stay with Hyperscan, so both
  // paths meet in one rule; a second rule overlaps the first.
  Rule swears = KeywordRule(
      "swears", {"fuck", "shit", "ass", "porch monkey", "sonsofbitches"});
  swears.variants = {Variant::kLeet, Variant::kWildcard, Variant::kRepeat};
  Rule slurs = KeywordRule("slurs", {"monkey", "bitch"});
  slurs.variants = {Variant::kLeet, Variant::kRepeat};
  slurs.replacement = "[x]";
  auto engine = testing::CompileOrDie(
      {swears, slurs, testing::KeywordRule("zh", {"傻逼"})});
  ASSERT_NE(engine, nullptr);
  std::vector<std::string> texts = {
      "f*ck fuuuuuck sh1t a$$ cl@ss p0rch m0nkey porch  monkey",
      "sssssonsofbitchesss s0ns0fb1tch3s ffffffuck f**k shiiiiit 4ss",
      "fu ck f.u.c.k ph0ck b!tch b1tchy monkeeeey 傻逼 f#ck",
      "ffuucckk fuckfuck f*ckf*ck a$$a$$ sh!tsh!t",
  };
  std::string all;
  for (const std::string& t : texts) all += t + " and then ";
  texts.push_back(all + all);
  std::mt19937 rng(17);
  for (const std::string& text : texts) {
    ASSERT_GE(testing::Scanned(*engine, text).matches.size(), 2u) << text;
    CheckContractSplits(
        *engine, text,
        {size_t{0}, size_t{1}, size_t{7}, StreamOptions::kAutoBatch}, 6, rng);
    if (HasFatalFailure()) return;
  }
}

TEST(StreamTest, RawRulesAreRefused) {
  Rule raw = KeywordRule("raw", {"ABC"});
  raw.normalize = false;
  EngineOptions options;
  options.streaming = true;
  auto engine = testing::CompileOrDie({raw}, options);
  absl::StatusOr<Stream> stream = engine->OpenStream();
  ASSERT_FALSE(stream.ok());
  EXPECT_THAT(stream.status().message(), HasSubstr("rule 'raw'"));
}

TEST(StreamTest, SurvivesSerialization) {
  auto engine = StreamingEngine(false);
  auto restored = Engine::Deserialize(engine->Serialize());
  ASSERT_TRUE(restored.ok()) << restored.status();
  const std::string text = "我说习 近 平，电话13812345678";
  CheckContract(**restored, text, {text.substr(0, 7), text.substr(7)});
}

TEST(StreamTest, StreamIsMovableAndOutlivesItsEngineHandle) {
  absl::StatusOr<Stream> stream = StreamingEngine(false)->OpenStream();
  ASSERT_TRUE(stream.ok());
  Stream moved = std::move(*stream);
  std::string out = moved.Feed("ＦＵＣＫ you");
  out += moved.Finish();
  EXPECT_EQ(out, "**** you");
}

}  // namespace
}  // namespace lexgate
