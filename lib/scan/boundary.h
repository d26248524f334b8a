// Boundary checks, done after a hit on the text the hit was found in. Not
// `\b`: it treats CJK as non-word and so could not tell `你是sb吗` (a match)
// from `Disburse` (not one) while also letting CJK keywords match anywhere.
#ifndef LEXGATE_LIB_SCAN_BOUNDARY_H_
#define LEXGATE_LIB_SCAN_BOUNDARY_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "lexgate/rules.h"
#include "normalize/fold_kernel.h"

namespace lexgate::internal {

// True when the match [begin, end) of `text` (valid UTF-8 at the match's
// edges) satisfies `boundary`.
bool BoundaryHolds(Boundary boundary, std::string_view text, size_t begin,
                   size_t end);
// The same where the match's WordSides() (compile/variants.h) are known: a
// literal's, from its ExpressionInfo.
bool BoundaryHolds(Boundary boundary, std::string_view text, size_t begin,
                   size_t end, uint8_t word_sides);
// The same with `separated` (kWordAtStart, kWordAtEnd): sides that are word
// boundaries whatever `text` shows there (DroppedSeparatorSides()); kDigit
// and kNone do not take them. Asked only where BoundaryHolds() failed.
bool BoundaryHoldsBesideSeparators(Boundary boundary, std::string_view text,
                                   size_t begin, size_t end, uint8_t word_sides,
                                   uint8_t separated);

// Whether the side of `boundary` at the match's start holds: what a later
// start of a match with the same end may change (its end side is the
// same). kAuto looks at it when `word_sides` has kWordAtStart.
bool StartSideHolds(Boundary boundary, std::string_view text, size_t begin,
                    size_t end, uint8_t word_sides);

// The same for the side at the match's end: what no later start of a
// match with the same end changes, for the boundaries that look at the
// character after it alone (kDigit, kWord; kAuto when `word_sides` has
// kWordAtEnd).
bool EndSideHolds(Boundary boundary, std::string_view text, size_t begin,
                  size_t end, uint8_t word_sides);

// The sides (kWordAtStart, kWordAtEnd) of the folded match [begin, end) of
// `folded` at which the original text has a visible separator (whitespace,
// punctuation) that the fold dropped and that the match's own original
// text does not hold: "a f.u.c.k" folds to "afuck", yet its space sets
// f.u.c.k apart as a word of its own, as in "f.u.c.k u". A separator the
// match holds too ("c l a s s") is the spelling's own, and no boundary:
// the letters around it may be the word's; except after a one-letter
// word, i or a, that the spaced letters were joined to ("I f u c k you",
// "a c u n t"), whose whitespace sets the match apart. `original` holds
// the original text from offset `original_base` on (a stream's kept text).
uint8_t DroppedSeparatorSides(const FoldBuffer& folded,
                              std::string_view original, uint64_t original_base,
                              uint64_t begin, uint64_t end);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_SCAN_BOUNDARY_H_
