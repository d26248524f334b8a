// The second folding pass: drops short runs of noise between CJK ideographs
// (习 近 平, 习*近*平) and between spaced single Latin letters (f.u.c.k),
// which per-character folding cannot see.
#ifndef LEXGATE_LIB_NORMALIZE_NOISE_PASS_H_
#define LEXGATE_LIB_NORMALIZE_NOISE_PASS_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/utf8.h"
#include "lexgate/normalize.h"
#include "normalize/char_class.h"

namespace lexgate::internal {

// The longest run of noise characters that is still dropped.
inline constexpr int kMaxNoiseRun = 3;
// How many spaced single letters make a word.
inline constexpr int kMinSpacedLetters = 3;

using ByteRange = std::pair<uint32_t, uint32_t>;

// The byte ranges of `folded` (valid UTF-8) that the pass drops, sorted.
// Each decision depends only on the characters within kNoiseContext of it,
// which is what lets the stream normalizer decide on a sliding window.
void MarkNoise(const NormalizeOptions& options, std::string_view folded,
               std::vector<ByteRange>* dropped);

// At least the number of single ASCII letters (no ASCII letter or digit on
// either side) in `folded`: fewer than kMinSpacedLetters means the
// spaced-letter pass has nothing to join.
size_t CountSingleLetterCandidates(std::string_view folded);

// Characters on either side of a position that decide whether the pass
// drops it: a spaced letter's chain link (letter, up to kMaxNoiseRun noise,
// letter, and the neighbours that make each letter single) on each side.
inline constexpr int kNoiseContext = 2 * (kMaxNoiseRun + 2) + 2;

// Watches the folded text go by for the one pattern the CJK pass acts on
// (an ideograph, 1..kMaxNoiseRun noise characters, an ideograph), so that
// the normalizer runs that pass only on text where it drops something.
// Cheap where it does not matter: ASCII text after anything but an
// ideograph is skipped whole, and only characters right after an ideograph
// are classified.
class CjkGapTracker {
 public:
  void AsciiRun(std::string_view run) {
    for (size_t k = 0; k < run.size() && after_ideograph_; ++k) {
      Next(kAsciiClasses[static_cast<unsigned char>(run[k])]);
    }
  }
  void Char(char32_t cp) {
    if (!after_ideograph_) {
      after_ideograph_ = IsIdeograph(cp);
      return;
    }
    Next(Classify(cp));
  }
  // A character's fold that is not the character itself (one or more
  // characters, valid UTF-8).
  void Folded(std::string_view folded) {
    for (size_t k = 0; k < folded.size();) {
      const Decoded d = DecodeUtf8(folded, k);
      if (d.cp < 0x80) {
        AsciiRun(folded.substr(k, 1));
      } else {
        Char(d.cp);
      }
      k += d.length;
    }
  }
  bool seen() const { return seen_; }
  // Whether the pattern was seen since the last call; for the stream
  // normalizer, which needs to know where in the text it was.
  bool TakeSeen() { return std::exchange(seen_, false); }

 private:
  void Next(CharClass c) {
    if (c == CharClass::kIdeograph) {
      seen_ |= noise_ > 0;
      noise_ = 0;
      return;  // still after an ideograph
    }
    if (c == CharClass::kNoise && noise_ < kMaxNoiseRun) {
      ++noise_;
      return;
    }
    after_ideograph_ = false;
    noise_ = 0;
  }

  bool after_ideograph_ = false;
  int noise_ = 0;  // noise characters since the last ideograph
  bool seen_ = false;
};

// Rewrites `folded` (valid UTF-8) and `map` in place. `cjk_gap_seen`:
// whether a CjkGapTracker saw the pattern of the CJK pass (false skips it).
void DropNoise(const NormalizeOptions& options, bool cjk_gap_seen,
               std::string* folded, OffsetMap* map);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_NORMALIZE_NOISE_PASS_H_
