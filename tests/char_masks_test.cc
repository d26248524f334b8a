// CharMasks (lib/compile/char_masks.h): code point -> which sets hold it.
// The stream asks it for every character it holds back: a wrong answer
// ends a rule's run early and releases text a match still covers.
#include "compile/char_masks.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "compile/char_set.h"
#include "gtest/gtest.h"

namespace lexgate::internal {
namespace {

CharSet Range(char32_t first, char32_t last) {
  CharSet s;
  s.AddRange(first, last);
  return s;
}

TEST(CharMasksTest, SetsStartingAtTheFirstNonAsciiCharacterHoldIt) {
  // A negated class or `.` holds everything from U+0080 on: such a set
  // once set the first interval's mask and was then ignored past ASCII.
  CharMasks masks;
  masks.Add(Range(0x80, kMaxCodePoint), 1);
  masks.Add(Range(0x80, 0x9FFF), 2);
  masks.Build();
  EXPECT_EQ(masks.Of(0x80), 3u);
  EXPECT_EQ(masks.Of(0x4E2D), 3u);  // 中
  EXPECT_EQ(masks.Of(0x03C0), 3u);  // π
  EXPECT_EQ(masks.Of(0xA000), 1u);
  EXPECT_EQ(masks.Of(0x1F600), 1u);
  EXPECT_EQ(masks.Of(kMaxCodePoint), 1u);
  EXPECT_EQ(masks.Of('a'), 0u);
}

TEST(CharMasksTest, EverySetThatHoldsAllOfUnicode) {
  CharMasks masks;
  masks.Add(CharSet::All(), 4);
  masks.AddEverywhere(8);
  masks.Build();
  for (char32_t cp : {0u, 0x7Fu, 0x80u, 0xFFu, 0x4E2Du, 0xFFFFu, 0x10000u,
                      static_cast<uint32_t>(kMaxCodePoint)}) {
    EXPECT_EQ(masks.Of(cp), 12u) << std::hex << static_cast<uint32_t>(cp);
  }
}

// Of() against the sets themselves, for random sets and the code points
// around every range boundary (and random ones).
TEST(CharMasksTest, AgreesWithItsSetsOnRandomSets) {
  std::mt19937 rng(7);
  const std::vector<char32_t> anchors = {
      0,      0x7F,   0x80,   0x81,   0xFF,    0x100,
      0x3000, 0x4E00, 0x9FFF, 0xFFFF, 0x10000, kMaxCodePoint};
  auto pick = [&]() -> char32_t {
    switch (rng() % 3) {
      case 0:
        return anchors[rng() % anchors.size()];
      case 1:
        return rng() % 0x200;
      default:
        return rng() % (kMaxCodePoint + 1);
    }
  };
  for (int round = 0; round < 300; ++round) {
    CharMasks masks;
    std::vector<std::pair<CharSet, uint64_t>> sets;
    const uint64_t everywhere = rng() % 4 == 0 ? uint64_t{1} << 63 : 0;
    masks.AddEverywhere(everywhere);
    const int count = 1 + static_cast<int>(rng() % 6);
    std::vector<char32_t> probes = anchors;
    for (int k = 0; k < count; ++k) {
      CharSet set;
      const int ranges = 1 + static_cast<int>(rng() % 3);
      for (int r = 0; r < ranges; ++r) {
        char32_t a = pick(), b = pick();
        if (a > b) std::swap(a, b);
        set.AddRange(a, b);
        for (char32_t c : {a, b}) {
          probes.push_back(c);
          if (c > 0) probes.push_back(c - 1);
          if (c < kMaxCodePoint) probes.push_back(c + 1);
        }
      }
      const uint64_t bits = uint64_t{1} << (rng() % 62);
      masks.Add(set, bits);
      sets.push_back({set, bits});
    }
    masks.Build();
    for (int k = 0; k < 50; ++k) probes.push_back(pick());
    for (char32_t cp : probes) {
      uint64_t want = everywhere;
      for (const auto& [set, bits] : sets) {
        if (set.Contains(cp)) want |= bits;
      }
      ASSERT_EQ(masks.Of(cp), want) << "round " << round << ", U+" << std::hex
                                    << static_cast<uint32_t>(cp);
    }
  }
}

}  // namespace
}  // namespace lexgate::internal
