// lexgate/offsets.h: byte offsets to code-point offsets, the public helper
// that the CLI's JSON and other callers share.
#include "lexgate/offsets.h"

#include <string>
#include <string_view>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/test_util.h"

namespace lexgate {
namespace {

using ::testing::ElementsAre;

TEST(CodePointOffsets, AsciiAndCjk) {
  const std::string text = "ab习近平c";  // 习 近 平: 3 bytes each
  const std::vector<size_t> bytes = {0, 2, 5, 8, 11, 12};
  EXPECT_THAT(ToCodePointOffsets(text, bytes), ElementsAre(0, 2, 3, 4, 5, 6));
}

TEST(CodePointOffsets, AnyOrderRepeatsAndPastTheEnd) {
  const std::string text = "习近平";
  const std::vector<size_t> bytes = {9, 0, 3, 3, 100};
  EXPECT_THAT(ToCodePointOffsets(text, bytes), ElementsAre(3, 0, 1, 1, 3));
}

TEST(CodePointOffsets, InsideASequenceRoundsDown) {
  const std::string text = "习近";
  const std::vector<size_t> bytes = {1, 2, 4};
  EXPECT_THAT(ToCodePointOffsets(text, bytes), ElementsAre(0, 0, 1));
}

TEST(CodePointOffsets, InvalidBytesCountOneEach) {
  // A lone continuation byte, a truncated 3-byte sequence (2 bytes), an
  // overlong '/', then 'x': lexgate scans each bad byte as one U+FFFD.
  const std::string text = "\x80\xE4\xB9\xC0\xAFx";
  EXPECT_EQ(CodePointCount(text), 6u);
  const std::vector<size_t> bytes = {1, 3, 5};
  EXPECT_THAT(ToCodePointOffsets(text, bytes), ElementsAre(1, 3, 5));
}

TEST(ByteOffsets, InvertCodePointOffsets) {
  const std::string text = "ab习近平c";
  const std::vector<size_t> code_points = {6, 0, 3, 2, 2, 5, 100};
  EXPECT_THAT(ToByteOffsets(text, code_points),
              ElementsAre(12, 0, 5, 2, 2, 11, 12));
  // Invalid bytes are one code point each, as ToCodePointOffsets counts.
  const std::string bad = "\x80\xE4\xB9\xC0\xAFx";
  const std::vector<size_t> all = {0, 1, 2, 3, 4, 5, 6};
  EXPECT_THAT(ToByteOffsets(bad, all), ElementsAre(0, 1, 2, 3, 4, 5, 6));
  EXPECT_THAT(ToCodePointOffsets(text, ToByteOffsets(text, all)),
              ElementsAre(0, 1, 2, 3, 4, 5, 6));
}

TEST(CharSpans, StartRoundsDownEndRoundsUp) {
  const std::string text = "a习b";
  const std::vector<ByteSpan> spans = {{2, 3}, {0, 1}, {1, 4}, {5, 5}};
  std::vector<CharSpan> got = ToCharSpans(text, spans);
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0].start, 1u);  // inside 习
  EXPECT_EQ(got[0].end, 2u);    // inside 习: up, so 习 stays covered
  EXPECT_EQ(got[1].start, 0u);
  EXPECT_EQ(got[1].end, 1u);
  EXPECT_EQ(got[2].start, 1u);
  EXPECT_EQ(got[2].end, 2u);
  EXPECT_EQ(got[3].start, 3u);
  EXPECT_EQ(got[3].end, 3u);
}

TEST(CharSpans, OfScanMatchesAgreeWithStreams) {
  auto engine = testing::CompileOrDie({testing::KeywordRule("zh", {"习近平"}),
                                       testing::KeywordRule("en", {"fuck"})});
  ASSERT_NE(engine, nullptr);
  const std::string text = "说\xFF习 近 平和ＦＵＣＫ";
  absl::StatusOr<ScanResult> result = engine->Scan(text);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->matches.size(), 2u);
  std::vector<CharSpan> spans = ToCharSpans(text, result->matches);
  EXPECT_EQ(spans[0].start, 2u);
  EXPECT_EQ(spans[0].end, 7u);
  EXPECT_EQ(spans[1].start, 8u);
  EXPECT_EQ(spans[1].end, 12u);

  // A stream that is fed the same text byte by byte reports the same spans.
  absl::StatusOr<Stream> stream = engine->OpenStream();
  ASSERT_TRUE(stream.ok()) << stream.status();
  for (char c : text) stream->Feed(std::string(1, c));
  stream->Finish();
  ASSERT_EQ(stream->char_spans().size(), spans.size());
  for (size_t i = 0; i < spans.size(); ++i) {
    EXPECT_EQ(stream->char_spans()[i].start, spans[i].start) << i;
    EXPECT_EQ(stream->char_spans()[i].end, spans[i].end) << i;
  }
}

// A stream counts the characters before each match on from the previous
// one: many matches, text long enough to be trimmed between them, deltas
// of every size (one delta: all matches decided by one call).
TEST(CharSpans, OfManyStreamedMatchesAgreeWithScan) {
  auto engine = testing::CompileOrDie({testing::KeywordRule("zh", {"习近平"}),
                                       testing::KeywordRule("en", {"fuck"})});
  ASSERT_NE(engine, nullptr);
  std::string text;
  for (int i = 0; i < 400; ++i) {
    text += i % 3 == 0 ? "说\xFF习 近 平和" : "some text ";
    text += i % 5 == 0 ? "ＦＵＣＫ。" : "平 fuc ";
    if (i % 7 == 0) text += "fuck ";
  }
  absl::StatusOr<ScanResult> result = engine->Scan(text);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_GT(result->matches.size(), 200u);
  const std::vector<CharSpan> spans = ToCharSpans(text, result->matches);
  for (size_t delta : {text.size(), size_t{1}, size_t{7}, size_t{1000}}) {
    absl::StatusOr<Stream> stream = engine->OpenStream();
    ASSERT_TRUE(stream.ok()) << stream.status();
    for (size_t at = 0; at < text.size(); at += delta) {
      stream->Feed(std::string_view(text).substr(at, delta));
    }
    stream->Finish();
    ASSERT_EQ(stream->char_spans().size(), spans.size()) << delta;
    for (size_t i = 0; i < spans.size(); ++i) {
      EXPECT_EQ(stream->char_spans()[i].start, spans[i].start)
          << delta << " " << i;
      EXPECT_EQ(stream->char_spans()[i].end, spans[i].end) << delta << " " << i;
    }
  }
}

}  // namespace
}  // namespace lexgate
