// Regexes whose every match has one length in bytes (a passport number, an
// 18-character resident ID, a US social security number): the start of a
// match is its end minus that length, so Hyperscan need not track starts.
// Start-of-match tracking cost the shipped packs' fixed-length regexes
// about 7% of a scan of the packs' folded database over 2 KB chatbot
// answers (3 to 4% with 10,000 keywords beside them).
//
// Such a regex is compiled without HS_FLAG_SOM_LEFTMOST; its
// ExpressionInfo::match_length says how long each match is, and the one
// match callback (OnHit(), lib/scan/hits.h) sets every hit's start from it,
// in batch scans, stream scans and a stream's windows alike. Which regexes
// these are is derived from the pattern and flags, at compile time and
// again at load (a regex stored without start-of-match is either of fixed
// length or a late start, lib/compile/late_starts.h): nothing is stored.
#ifndef LEXGATE_LIB_COMPILE_FIXED_LENGTH_H_
#define LEXGATE_LIB_COMPILE_FIXED_LENGTH_H_

#include <cstdint>
#include <string>

#include "compile/expressions.h"
#include "lexgate/normalize.h"

namespace lexgate::internal {

// The length in bytes of every match of `pattern` (Hyperscan `flags`), or
// 0 when matches may differ in length or Hyperscan cannot say.
// `lookalikes_folded`: the scanned text never holds U+212A KELVIN SIGN or
// U+017F LONG S (the default fold maps both to ASCII,
// FoldKeepsAsciiLookalikes()). They are the only characters that
// Hyperscan's caseless UTF-8 matching takes for ASCII letters, and they
// are longer than one byte: without them a caseless regex whose matches
// hold nothing but ASCII otherwise has matches of one byte a character,
// so `[a-z]\d{8}` is fixed at 9 bytes although Hyperscan reports 9 to 11.
// Decided on the regex's alphabet (AnalyzeRegex()), not its text: `\x{17f}`
// is ASCII text for a character whose caseless partner is `s`.
uint32_t FixedMatchLength(const std::string& pattern, unsigned flags,
                          bool lookalikes_folded);

// Whether the text the expressions of `space` are matched against never
// holds the look-alikes: the folded text, unless `normalizer` keeps them
// (FoldKeepsAsciiLookalikes()); never the raw text.
bool LookalikesFolded(Space space, const Normalizer& normalizer);

// At compile time: clears start-of-match on every regex (ExprKind::kRegex)
// of `set` with a fixed match length, and sets its match_length.
void ChooseFixedLengths(ExpressionSet* set, bool lookalikes_folded);

// At load: sets match_length on every regex of `set` stored without
// start-of-match whose matches have a fixed length (the others must be
// late starts, which DeriveLateStarts() checks).
void DeriveFixedLengths(ExpressionSet* set, bool lookalikes_folded);

// The flags regex `i` of `set` would have without ChooseFixedLengths(): the
// engine's fingerprint hashes these, so that it stays what it was.
unsigned FlagsBeforeFixedLength(const ExpressionSet& set, size_t i);

// Tests only: while false, ChooseFixedLengths() chooses nothing, so that
// Hyperscan tracks every start (the slow path the fast one is checked
// against).
void SetFixedLengthsForTesting(bool enabled);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_COMPILE_FIXED_LENGTH_H_
