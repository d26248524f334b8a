// The hot-path UTF-8 decoder (lib/base/utf8.h) against the definition of
// well-formed UTF-8 (Unicode Table 3-7), over every sequence of up to three
// bytes, a sample of four-byte ones, and every truncation: the decoder's
// fast three-byte branch must accept and refuse exactly what the table
// does (overlong forms, surrogates).
#include "base/utf8.h"

#include <cstdint>
#include <random>
#include <string>

#include "gtest/gtest.h"

namespace lexgate::internal {
namespace {

bool In(unsigned byte, unsigned low, unsigned high) {
  return byte >= low && byte <= high;
}

// Length of the well-formed sequence at the start of `s` by Table 3-7, or
// 0 (then the decoder consumes one byte as U+FFFD).
size_t WellFormedLength(const std::string& s) {
  const auto b = [&s](size_t k) {
    return k < s.size() ? static_cast<unsigned char>(s[k]) : 0x100u;
  };
  const unsigned b0 = b(0);
  if (b0 <= 0x7F) return 1;
  if (In(b0, 0xC2, 0xDF)) return In(b(1), 0x80, 0xBF) ? 2 : 0;
  unsigned low = 0x80, high = 0xBF;
  if (b0 == 0xE0) low = 0xA0;
  if (b0 == 0xED) high = 0x9F;
  if (In(b0, 0xE0, 0xEF)) {
    return In(b(1), low, high) && In(b(2), 0x80, 0xBF) ? 3 : 0;
  }
  if (b0 == 0xF0) low = 0x90;
  if (b0 == 0xF4) high = 0x8F;
  if (In(b0, 0xF0, 0xF4)) {
    return In(b(1), low, high) && In(b(2), 0x80, 0xBF) && In(b(3), 0x80, 0xBF)
               ? 4
               : 0;
  }
  return 0;
}

char32_t CodePoint(const std::string& s, size_t length) {
  const auto b = [&s](size_t k) {
    return static_cast<char32_t>(static_cast<unsigned char>(s[k]));
  };
  switch (length) {
    case 1:
      return b(0);
    case 2:
      return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3:
      return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    default:
      return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) |
             ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
  }
}

// Decodes `s` (and every prefix of it) and compares with the table.
void Check(const std::string& s) {
  for (size_t cut = 1; cut <= s.size(); ++cut) {
    const std::string piece = s.substr(0, cut);
    const Decoded d = DecodeUtf8(piece, 0);
    const size_t want = WellFormedLength(piece);
    if (want == 0) {
      ASSERT_FALSE(d.valid) << testing::PrintToString(piece);
      ASSERT_EQ(d.length, 1u);
      ASSERT_EQ(d.cp, kReplacementChar);
    } else {
      ASSERT_TRUE(d.valid) << testing::PrintToString(piece);
      ASSERT_EQ(d.length, want);
      ASSERT_EQ(d.cp, CodePoint(piece, want));
    }
  }
}

TEST(Utf8Test, EverySequenceOfUpToThreeBytes) {
  std::string s(3, '\0');
  for (uint32_t v = 0; v < (1u << 24); ++v) {
    s[0] = static_cast<char>(v >> 16);
    s[1] = static_cast<char>(v >> 8);
    s[2] = static_cast<char>(v);
    // Only the three-byte leads and their neighbours need all 65,536
    // continuations; the rest, a sample (the prefixes cover one and two
    // bytes whole).
    const unsigned lead = v >> 16;
    if (!In(lead, 0xDF, 0xF0) && (v & 0xFF) != 0x80) continue;
    Check(s);
    if (testing::Test::HasFatalFailure()) return;
  }
}

TEST(Utf8Test, FourByteSequencesAndTheirEdges) {
  std::mt19937 rng(11);
  std::string s(4, '\0');
  const unsigned edges[] = {0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F,
                            0xA0, 0xBF, 0xC0, 0xF4, 0xF5, 0xFF};
  for (unsigned lead = 0xF0; lead <= 0xFF; ++lead) {
    for (unsigned b1 : edges) {
      for (unsigned b2 : edges) {
        for (unsigned b3 : edges) {
          s = {static_cast<char>(lead), static_cast<char>(b1),
               static_cast<char>(b2), static_cast<char>(b3)};
          Check(s);
        }
      }
    }
  }
  for (int i = 0; i < 1'000'000; ++i) {
    const uint32_t v = rng();
    s = {static_cast<char>(0xF0 | ((v >> 24) & 0x0F)), static_cast<char>(v),
         static_cast<char>(v >> 8), static_cast<char>(v >> 16)};
    Check(s);
    if (testing::Test::HasFatalFailure()) return;
  }
}

TEST(Utf8Test, CountCharStartsCountsEveryByteButContinuations) {
  // Eight bytes at a time and the rest one by one: every length around
  // the word size, every byte value at every place of a word.
  std::mt19937 rng(11);
  for (size_t size = 0; size < 40; ++size) {
    for (int round = 0; round < 200; ++round) {
      std::string s(size, '\0');
      for (char& c : s) c = static_cast<char>(rng());
      size_t want = 0;
      for (char c : s) want += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      ASSERT_EQ(CountCharStarts(s), want) << size;
    }
  }
  for (int byte = 0; byte < 256; ++byte) {
    for (size_t at = 0; at < 9; ++at) {
      std::string s(9, 'a');
      s[at] = static_cast<char>(byte);
      EXPECT_EQ(CountCharStarts(s), (byte & 0xC0) == 0x80 ? 8u : 9u) << byte;
    }
  }
  EXPECT_EQ(CountCharStarts("习近平 and ＦＵＣＫ"), 12u);
}

}  // namespace
}  // namespace lexgate::internal
