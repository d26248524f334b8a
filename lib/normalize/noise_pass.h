// The second folding pass: drops noise that per-character folding cannot
// see because it depends on the neighbours: short runs of noise between CJK
// ideographs (习 近 平, 习*近*平), between spaced single Latin letters
// (f.u.c.k), and invisible characters between letters or ideographs
// (fu\x00ck, 傻\x01逼).
#ifndef LEXGATE_LIB_NORMALIZE_NOISE_PASS_H_
#define LEXGATE_LIB_NORMALIZE_NOISE_PASS_H_

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "base/utf8.h"
#include "lexgate/normalize.h"
#include "normalize/char_class.h"

namespace lexgate::internal {

// The longest run of noise characters that is still dropped between
// ideographs or spaced letters.
inline constexpr int kMaxNoiseRun = 3;
// The longest run of invisible characters dropped between two letters.
inline constexpr int kMaxInvisibleRun = 8;
// How many spaced single letters make a word.
inline constexpr int kMinSpacedLetters = 3;
// Characters on either side of a position that decide whether the pass
// drops it: a spaced letter's chain link (letter, up to kMaxNoiseRun noise,
// letter, and the neighbours that make each letter single) on each side,
// or a run of invisible characters and the characters around it.
inline constexpr int kNoiseContext = 2 * (kMaxNoiseRun + 2) + 2;
static_assert(kNoiseContext >= kMaxInvisibleRun + 2);

// Byte ranges [first, second) of a folded text.
using ByteRange = std::pair<size_t, size_t>;

// What the fold kernel saw while folding, so that the passes skip the text
// where they cannot drop anything (most text has nothing to drop).
struct NoiseGates {
  // The CJK gaps of the text (an ideograph, 1..kMaxNoiseRun noise
  // characters, an ideograph: the noise's byte ranges, sorted), as
  // CjkGapTracker found them while folding; null: the CJK pass looks for
  // them itself, character by character.
  const std::vector<ByteRange>* cjk_gaps = nullptr;
  bool invisible = false;  // an invisible character (see CharClass)
};

// The byte ranges of `folded` (valid UTF-8) that the pass drops, sorted and
// disjoint. Each decision depends only on the characters within
// kNoiseContext of it, which is what lets the fold kernel decide on a
// sliding window of a stream.
void MarkNoise(const NormalizeOptions& options, const NoiseGates& gates,
               std::string_view folded, std::vector<ByteRange>* dropped);

// The end of the longest prefix of `folded` (valid UTF-8) in which no
// decision of the pass can change whatever text follows: everything up to
// the last two adjacent characters that are not noise, since no dropped run
// reaches across them, or everything but the last kNoiseContext
// characters. Bytes before `from` are known to be final already.
size_t FinalPrefixEnd(std::string_view folded, size_t from);

// The farthest apart two links of a spaced-letter chain can be, in bytes:
// a one-byte link, then up to kMaxNoiseRun noise characters of up to four
// bytes each.
inline constexpr size_t kMaxLinkBytes = 1 + 4 * kMaxNoiseRun;

// Whether the spaced-letter pass (join_spaced_letters) may drop anything
// in `folded`: false when no three ASCII letters or digits, each with no
// ASCII letter or digit beside it and one of them a letter, follow each
// other at most kMaxLinkBytes apart. The pass drops a gap only inside three
// consecutive links, one of them a letter, and only noise lies between two
// links, so when this says false the pass has nothing to drop (true may be
// a false alarm); most prose with single letters ("I", "a") is passed over
// without the pass.
bool MayJoinSpacedLetters(std::string_view folded);
// The spaced-letter pass alone, ungated (MarkNoise() runs it where
// MayJoinSpacedLetters() says it may drop something): appends its drops,
// in order, to `dropped`.
void MarkSpacedLetters(std::string_view folded,
                       std::vector<ByteRange>* dropped);

// Watches the folded text go by for the one pattern the CJK pass acts on
// (an ideograph, 1..kMaxNoiseRun noise characters, an ideograph) and
// records the noise of each, so that the fold kernel drops it without the
// pass reading the text again. The pattern depends on nothing else, so
// what it records is the pass's decision (the property tests hold the two
// equal). Cheap where it does not matter: ASCII text after anything but an
// ideograph is skipped whole, and only characters right after an ideograph
// are classified. Every `at` is the folded offset of the first character
// given; the caller gives every character in order (but ideographs right
// after an ideograph, which change nothing).
class CjkGapTracker {
 public:
  void AsciiRun(std::string_view run, uint64_t at) {
    for (size_t k = 0; k < run.size() && after_ideograph_; ++k) {
      Next(kAsciiClasses[static_cast<unsigned char>(run[k])], at + k);
    }
  }
  void Char(char32_t cp, uint64_t at) { Classified(Classify(cp), at); }
  // The same for a non-ASCII character the caller has classified already.
  void Classified(CharClass c, uint64_t at) {
    if (!after_ideograph_) {
      after_ideograph_ = c == CharClass::kIdeograph;
      return;
    }
    Next(c, at);
  }
  // A character's fold that is not the character itself (one or more
  // characters, valid UTF-8).
  void Folded(std::string_view folded, uint64_t at) {
    for (size_t k = 0; k < folded.size();) {
      const Decoded d = DecodeUtf8(folded, k);
      Char(d.cp, at + k);
      k += d.length;
    }
  }
  // The noise of the gaps seen and not consumed yet, sorted.
  const std::vector<ByteRange>& gaps() const { return gaps_; }
  // Forgets the gaps that end at or before folded offset `end`, and moves
  // the others, and a run of noise under way, `shift` bytes back (the noise
  // dropped before them).
  void Consume(uint64_t end, uint64_t shift) {
    size_t kept = 0;
    for (const ByteRange& g : gaps_) {
      if (g.second <= end) continue;
      gaps_[kept++] = {std::max<uint64_t>(g.first, end) - shift,
                       g.second - shift};
    }
    gaps_.resize(kept);
    if (noise_ > 0) noise_begin_ = std::max(noise_begin_, end) - shift;
  }
  // Starts a new text.
  void Reset() {
    gaps_.clear();
    after_ideograph_ = false;
    noise_ = 0;
  }
  size_t CapacityBytes() const { return gaps_.capacity() * sizeof(ByteRange); }
  void ReleaseMemory() { std::vector<ByteRange>().swap(gaps_); }

 private:
  void Next(CharClass c, uint64_t at) {
    if (c == CharClass::kIdeograph) {
      if (noise_ > 0) gaps_.push_back({noise_begin_, at});
      noise_ = 0;
      return;  // still after an ideograph
    }
    if (IsNoiseClass(c) && noise_ < kMaxNoiseRun) {
      if (noise_ == 0) noise_begin_ = at;
      ++noise_;
      return;
    }
    after_ideograph_ = false;
    noise_ = 0;
  }

  std::vector<ByteRange> gaps_;  // in folded offsets
  bool after_ideograph_ = false;
  int noise_ = 0;             // noise characters since the last ideograph
  uint64_t noise_begin_ = 0;  // folded offset of the first of them
};

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_NORMALIZE_NOISE_PASS_H_
