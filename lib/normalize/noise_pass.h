// The second folding pass: drops short runs of noise between CJK ideographs
// (习 近 平, 习*近*平) and between spaced single Latin letters (f.u.c.k),
// which per-character folding cannot see.
#ifndef LEXGATE_LIB_NORMALIZE_NOISE_PASS_H_
#define LEXGATE_LIB_NORMALIZE_NOISE_PASS_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lexgate/normalize.h"

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

// Characters on either side of a position that decide whether the pass
// drops it: a spaced letter's chain link (letter, up to kMaxNoiseRun noise,
// letter, and the neighbours that make each letter single) on each side.
inline constexpr int kNoiseContext = 2 * (kMaxNoiseRun + 2) + 2;

// Rewrites `folded` (valid UTF-8) and `map` in place.
void DropNoise(const NormalizeOptions& options, std::string* folded,
               OffsetMap* map);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_NORMALIZE_NOISE_PASS_H_
