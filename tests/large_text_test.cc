// Large texts (issue 11, DESIGN §10): a text longer than one Hyperscan
// call is scanned in overlapping pieces with 64-bit offsets and no match
// is lost or doubled at a boundary (run here with a small test limit so
// that the pieces are many and the test is fast), and a text that would
// fold to more than kMaxFoldExpansion times its size is refused with a
// clear error instead of wrapping offsets or exhausting memory.
#include <hs/hs.h>

#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "lexgate/lexgate.h"
#include "normalize/fold_kernel.h"
#include "scan/block_scan.h"
#include "scan/hits.h"
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
  // The last two: runs where the card and code regexes fail at every digit.
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
      "银行卡 6222021234567890128 ",
      "62626262626262626262626262",
      "5555555555555555555555555555555",
  };
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

// A batch scan hands its hits to the resolver while Hyperscan runs, in
// batches (HitFlush, lib/scan/hits.h), and the resolver drops at once
// those that can never be matches: batches of any size, with pieces or
// without, find what one batch at the end finds.
class HitBatchTest : public ::testing::TestWithParam<size_t> {
 protected:
  void TearDown() override {
    internal::SetHitFlushEveryForTesting(0);
    internal::SetMaxBlockBytesForTesting(0);
  }
};

TEST_P(HitBatchTest, BatchesOfAnySizeFindWhatOneBatchFinds) {
  std::shared_ptr<const Engine> engine = ShippedEngine();
  std::mt19937 rng(20261204);
  for (int round = 0; round < 30; ++round) {
    const std::string text = RandomText(&rng, 40 + round * 5);
    for (uint64_t piece_limit : {uint64_t{0}, uint64_t{257}}) {
      internal::SetMaxBlockBytesForTesting(piece_limit);
      internal::SetHitFlushEveryForTesting(0);
      const ScanResult one = Scanned(*engine, text);
      internal::SetHitFlushEveryForTesting(GetParam());
      const ScanResult batches = Scanned(*engine, text);
      ASSERT_EQ(DescribeSpans(batches.matches), DescribeSpans(one.matches))
          << "batches of " << GetParam() << ", pieces of " << piece_limit
          << ", text: " << text;
      EXPECT_EQ(batches.verdict, one.verdict);
      EXPECT_EQ(Redacted(*engine, text, batches), Redacted(*engine, text, one));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Sizes, HitBatchTest, ::testing::Values(1, 2, 7, 64));

TEST(LargeTextTest, AFailedHandOverStopsTheScanWithItsError) {
  // A batch handed on while Hyperscan runs can fail (a damaged engine, no
  // memory): the scan stops there with that error, never a partial result.
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  ASSERT_EQ(hs_compile("ab", 0, HS_MODE_BLOCK, nullptr, &db, &error),
            HS_SUCCESS);
  hs_scratch_t* scratch = nullptr;
  ASSERT_EQ(hs_alloc_scratch(db, &scratch), HS_SUCCESS);
  struct Taker {
    size_t fail_at = 3;  // the call that fails (0: none)
    size_t calls = 0;
    size_t taken = 0;
    static absl::Status Take(void* context,
                             std::vector<internal::RawHit>* hits) {
      auto& self = *static_cast<Taker*>(context);
      if (++self.calls == self.fail_at) {
        return absl::DataLossError("damaged");
      }
      self.taken += hits->size();
      hits->clear();
      return absl::OkStatus();
    }
  } taker;
  internal::HitFlush flush;
  flush.take = &Taker::Take;
  flush.context = &taker;
  flush.every = 2;
  std::string text;
  for (int i = 0; i < 100; ++i) text += "ab ";
  std::vector<internal::RawHit> hits;
  const absl::Status status = internal::ScanBlocks(
      db, text, [] { return uint64_t{0}; }, 1, nullptr, scratch, &hits, &flush);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
  EXPECT_EQ(taker.calls, 3u);
  EXPECT_EQ(taker.taken, 4u);
  // Without a failure every hit is taken or left, once.
  taker = Taker();
  taker.fail_at = 0;
  flush.every = 7;
  hits.clear();
  text.resize(text.size() - 1);
  ASSERT_TRUE(internal::ScanBlocks(
                  db, text, [] { return uint64_t{0}; }, 1, nullptr, scratch,
                  &hits, &flush)
                  .ok());
  EXPECT_EQ(taker.taken + hits.size(), 100u);
  EXPECT_EQ(taker.calls, 14u);
  hs_free_scratch(scratch);
  hs_free_database(db);
}

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
