// Boundary checks, done after a hit on the text the hit was found in. Not
// `\b`: it treats CJK as non-word and so could not tell `你是sb吗` (a match)
// from `Disburse` (not one) while also letting CJK keywords match anywhere.
#ifndef LEXGATE_LIB_SCAN_BOUNDARY_H_
#define LEXGATE_LIB_SCAN_BOUNDARY_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "lexgate/rules.h"

namespace lexgate::internal {

// True when the match [begin, end) of `text` (valid UTF-8 at the match's
// edges) satisfies `boundary`.
bool BoundaryHolds(Boundary boundary, std::string_view text, size_t begin,
                   size_t end);
// The same where the match's WordSides() (compile/variants.h) are known: a
// literal's, from its ExpressionInfo.
bool BoundaryHolds(Boundary boundary, std::string_view text, size_t begin,
                   size_t end, uint8_t word_sides);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_SCAN_BOUNDARY_H_
