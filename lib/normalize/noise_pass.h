// The second folding pass: drops short runs of noise between CJK ideographs
// (习 近 平, 习*近*平) and between spaced single Latin letters (f.u.c.k),
// which per-character folding cannot see.
#ifndef LEXGATE_LIB_NORMALIZE_NOISE_PASS_H_
#define LEXGATE_LIB_NORMALIZE_NOISE_PASS_H_

#include <string>

#include "lexgate/normalize.h"

namespace lexgate::internal {

// The longest run of noise characters that is still dropped.
inline constexpr int kMaxNoiseRun = 3;
// How many spaced single letters make a word.
inline constexpr int kMinSpacedLetters = 3;

// Rewrites `folded` (valid UTF-8) and `map` in place.
void DropNoise(const NormalizeOptions& options, std::string* folded,
               OffsetMap* map);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_NORMALIZE_NOISE_PASS_H_
