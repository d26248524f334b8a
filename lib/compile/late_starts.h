// Regexes whose starts are found after the scan instead of by Hyperscan's
// start-of-match tracking, which for an unbounded regex that begins with a
// repeated class (`[a-z0-9][a-z0-9-]*\.com`, an e-mail address) costs more
// than 10,000 keywords together: over 2 KB chatbot answers (issue 14), the
// shipped domain regex took 7.8 µs a text with start-of-match and 0.2 µs
// without, the 10,415 literals of 10,000 keywords 7.1 µs.
//
// Such a regex is compiled into the databases without start-of-match, so
// that a scan learns where its matches end. A match contains only
// characters of the regex's alphabet (RegexShape), so it lies within the
// run of alphabet characters around its end: scanning that run (and one
// character either side, for \b) with start-of-match (the late-start
// database) finds the same matches with their leftmost starts
// (FindLateStarts(), lib/scan/late_start_scan.h). Only runs that hold an
// end are scanned, once each.
#ifndef LEXGATE_LIB_COMPILE_LATE_STARTS_H_
#define LEXGATE_LIB_COMPILE_LATE_STARTS_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "compile/char_masks.h"
#include "compile/databases.h"
#include "compile/expressions.h"

namespace lexgate::internal {

// At most this many per expression set: one bit each in a CharMasks.
inline constexpr size_t kMaxLateStarts = 64;

struct LateStarts {
  static constexpr uint8_t kNone = 0xFF;
  std::vector<uint32_t> ids;    // by bit: their expression ids, ascending
  std::vector<uint8_t> bit_of;  // per expression: its bit, or kNone
  CharMasks alphabets;          // bit b: the alphabet of ids[b]
  // ids[b] with start-of-match, in block mode, as Hyperscan id b; null when
  // there is none.
  Database database;

  bool empty() const { return ids.empty(); }
  // Whether a hit of expression `id` is the end of a late-start match.
  bool IsEnd(uint32_t id) const {
    return id < bit_of.size() && bit_of[id] != kNone;
  }
};

// Clears HS_FLAG_SOM_LEFTMOST on the regexes (ExprKind::kRegex; never one
// the VariantMatcher takes) of `set` whose starts are cheaper found late:
// unbounded, understood, not referring to the text's start or end, not
// beginning with a fixed prefix of two characters or more, with an
// alphabet without the space or Chinese characters (so that a run ends
// with a word at the latest); the first kMaxLateStarts of them.
void ChooseLateStarts(ExpressionSet* set);

// The late-start regexes of `set` (those without start-of-match and of no
// fixed match length: DeriveFixedLengths() first) and their
// alphabets, without the database. kDataLoss when one could not have been
// chosen (a damaged or forged engine): another kind, too many, or a regex
// whose runs would not hold its matches.
absl::StatusOr<LateStarts> DeriveLateStarts(const ExpressionSet& set);

// Compiles late->database from `set` (empty: none).
absl::Status CompileLateStartDatabase(const ExpressionSet& set,
                                      const std::vector<RuleInfo>& rules,
                                      LateStarts* late);

// Tests only: while false, ChooseLateStarts() chooses nothing, so that an
// engine finds every start with Hyperscan (the slow path the fast one is
// checked against).
void SetLateStartsForTesting(bool enabled);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_COMPILE_LATE_STARTS_H_
