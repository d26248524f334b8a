// Code points to 64-bit masks: which of up to 64 character sets hold a
// character. The stream asks it for every character it sees (which hold
// groups' alphabets, which anchor positions, which triggers), so ASCII is
// a table and the rest one binary search over intervals.
#ifndef LEXGATE_LIB_COMPILE_CHAR_MASKS_H_
#define LEXGATE_LIB_COMPILE_CHAR_MASKS_H_

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "compile/char_set.h"

namespace lexgate::internal {

// Thread safety: a const CharMasks may be read from many threads.
class CharMasks {
 public:
  // Build: every character of `set` gets `bits`; Build() when done.
  void Add(const CharSet& set, uint64_t bits);
  void AddEverywhere(uint64_t bits) { everywhere_ |= bits; }
  void Build();

  uint64_t Of(char32_t cp) const {
    if (cp < 128) return ascii_[cp];
    // Most sets hold few non-ASCII characters, all in one stretch.
    if (cp < lo_ || cp > hi_) return everywhere_;
    if (cp < 0x10000) {
      // The Basic Multilingual Plane (CJK text) by table: 256 blocks of
      // 256, each uniform or with a row of its own.
      const uint32_t row = bmp_rows_[cp >> 8];
      return row == kUniform ? bmp_uniform_[cp >> 8] : rows_[row][cp & 0xFF];
    }
    return NonAscii(cp);
  }
  bool empty() const { return empty_; }

 private:
  uint64_t NonAscii(char32_t cp) const;

  static constexpr uint32_t kUniform = UINT32_MAX;
  std::array<uint64_t, 128> ascii_{};
  std::array<uint32_t, 256> bmp_rows_;
  std::array<uint64_t, 256> bmp_uniform_{};
  std::vector<std::array<uint64_t, 256>> rows_;
  std::vector<std::pair<char32_t, uint64_t>> intervals_;  // start -> mask
  std::vector<std::pair<CharSet, uint64_t>> added_;       // until Build()
  uint64_t everywhere_ = 0;
  // Outside [lo_, hi_], every non-ASCII character has everywhere_.
  char32_t lo_ = 1;
  char32_t hi_ = 0;
  bool empty_ = true;
};

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_COMPILE_CHAR_MASKS_H_
