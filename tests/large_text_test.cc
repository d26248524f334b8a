// Large texts (issue 11, DESIGN §10): a text longer than one Hyperscan
// call is scanned in overlapping pieces with 64-bit offsets and no match
// is lost or doubled at a boundary (run here with a small test limit so
// that the pieces are many and the test is fast), and a text that would
// fold to more than kMaxFoldExpansion times its size is refused with a
// clear error instead of wrapping offsets or exhausting memory.
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "lexgate/lexgate.h"
#include "normalize/fold_kernel.h"
#include "scan/block_scan.h"
#include "support/test_util.h"

namespace lexgate {
namespace {

using ::lexgate::testing::DescribeSpans;
using ::lexgate::testing::Redacted;
using ::lexgate::testing::Scanned;
using ::lexgate::testing::ShippedEngine;

// A text of random fragments: matches of every kind (keywords folded or
// not, phone numbers, e-mail addresses, cards) between filler, Chinese and
// English, so that pieces cut through all of them somewhere.
std::string RandomText(std::mt19937* rng, size_t fragments) {
  static const std::vector<std::string> kFragments = {
      "fuck",
      "ＦＵＣＫ",
      "f u c k",
      "傻逼",
      "傻 逼",
      "習近平",
      "13812345678",
      "zhang@example.com",
      "4111111111111111",
      "hello world ",
      "这是一段普通的文字，",
      "ordinary words ",
      "   ",
      "\n",
      "café ",
      "ﬃ",
      "a.b@c.io ",
      "银行卡 6222021234567890128 "};
  std::uniform_int_distribution<size_t> pick(0, kFragments.size() - 1);
  std::string text;
  for (size_t i = 0; i < fragments; ++i) {
    text += kFragments[pick(*rng)];
    if (i % 3 == 0) text += ' ';
  }
  return text;
}

class PieceLimitTest : public ::testing::TestWithParam<uint64_t> {
 protected:
  void TearDown() override { internal::SetMaxBlockBytesForTesting(0); }
};

TEST_P(PieceLimitTest, PiecewiseScanEqualsOneCall) {
  std::shared_ptr<const Engine> engine = ShippedEngine();
  std::mt19937 rng(20261130);
  for (int round = 0; round < 40; ++round) {
    const std::string text = RandomText(&rng, 60 + round * 7);
    internal::SetMaxBlockBytesForTesting(0);
    const ScanResult whole = Scanned(*engine, text);
    internal::SetMaxBlockBytesForTesting(GetParam());
    const ScanResult pieces = Scanned(*engine, text);
    ASSERT_EQ(DescribeSpans(pieces.matches), DescribeSpans(whole.matches))
        << "piece limit " << GetParam() << ", text: " << text;
    EXPECT_EQ(pieces.verdict, whole.verdict);
  }
}

// Limits in folded bytes; each piece overlaps the one before by half of
// it at most, so the fragments above (under 64 bytes) always fit.
INSTANTIATE_TEST_SUITE_P(Limits, PieceLimitTest,
                         ::testing::Values(160, 257, 1000));

// Offsets are 64-bit from the offset map to the matches, so that folded
// text past 4 GiB cannot wrap them (feeding that much would take minutes;
// the piecewise path above is the part that runs).
static_assert(sizeof(Match::start) == 8 && sizeof(Match::end) == 8);
static_assert(sizeof(OffsetMap::Piece::folded_begin) == 8 &&
              sizeof(OffsetMap::Piece::orig_begin) == 8);

TEST(LargeTextTest, LongDigitRunsFindWhatShortTextsFind) {
  // Over a run of 5s (or 2s) the credit-code and card regexes report their
  // hits alternately, each a byte behind the other's: the resolver merged
  // each into every candidate so far, and 64,000 digits took seconds. Here
  // 200,000 digits with the shipped packs, and what lies between them is
  // found as in a short text. (A stream masks such a run: it passes
  // max_hold.)
  const std::shared_ptr<const Engine> engine = ShippedEngine();
  ASSERT_NE(engine, nullptr);
  const std::string between =
      " card 4111111111111111, code 91350100M000100Y43, 13812345678 ";
  const std::string text =
      std::string(100000, '5') + between + std::string(100000, '2') + between;
  const ScanResult alone = Scanned(*engine, between);
  ASSERT_EQ(alone.matches.size(), 3u) << DescribeSpans(alone.matches);
  const ScanResult result = Scanned(*engine, text);
  ASSERT_EQ(result.matches.size(), 6u) << DescribeSpans(result.matches);
  for (size_t i = 0; i < result.matches.size(); ++i) {
    const Match& m = result.matches[i];
    const Match& a = alone.matches[i % 3];
    const size_t base = i < 3 ? 100000 : 200000 + between.size();
    EXPECT_EQ(m.rule, a.rule);
    EXPECT_EQ(m.start, a.start + base);
    EXPECT_EQ(m.end, a.end + base);
  }
}

TEST(LargeTextTest, FoldExpansionIsCappedWithAClearError) {
  std::shared_ptr<const Engine> engine = ShippedEngine();
  // U+FDFA folds to 18 letters (33 bytes from 3): a long run of it would
  // fold to 11 times its size.
  std::string text = "fuck ";
  for (int i = 0; i < 20000; ++i) text += "\uFDFA";
  text += " fuck";

  absl::StatusOr<ScanResult> result = engine->Scan(text);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(std::string(result.status().message()).find("fold"),
            std::string::npos)
      << result.status();
  EXPECT_FALSE(engine->Redact(text).ok());
  EXPECT_FALSE(engine->normalizer().Normalize(text).ok());

  absl::StatusOr<Stream> stream = engine->OpenStream();
  ASSERT_TRUE(stream.ok());
  std::string released;
  for (size_t i = 0; i < text.size(); i += 4096) {
    released += stream->Feed(std::string_view(text).substr(i, 4096));
  }
  released += stream->Finish();
  // A stream folds as it goes: it either refuses like Scan (blocked, with
  // the status) or, having released only decided text, never the keyword.
  if (stream->blocked()) {
    EXPECT_EQ(stream->status().code(), absl::StatusCode::kResourceExhausted)
        << stream->status();
  }
  EXPECT_EQ(released.find("fuck"), std::string::npos);

  // A few such characters in ordinary text are fine.
  EXPECT_TRUE(engine->Scan("peace \uFDFA be upon him, fuck").ok());
}

}  // namespace
}  // namespace lexgate
