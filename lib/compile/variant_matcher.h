// Letter variants (variants.h) matched without Hyperscan. Their regexes
// are small, bounded and ASCII-only, but there are hundreds of them, each
// a run of character classes with no literal for Hyperscan to prefilter
// on: as automata they cost a batch scan of English text a third of its
// time, a stream call most of its fixed cost, and the shipped packs three
// quarters of their compile time. Here each is a position automaton of at
// most 64 states (one bit each), tried only where the text holds three
// (then four) bytes that can begin one of its matches.
//
// Contract: for the expressions it takes (Handles()), Match() reports
// exactly what Hyperscan reports for them in block mode with
// HS_FLAG_SOM_LEFTMOST over the same folded text: every end offset at
// which a match of the expression ends, once, with the leftmost start of
// the matches that end there. The engine leaves those expressions out of
// its databases. tests/variant_matcher_test.cc checks the contract against
// Hyperscan over real and random text.
#ifndef LEXGATE_LIB_COMPILE_VARIANT_MATCHER_H_
#define LEXGATE_LIB_COMPILE_VARIANT_MATCHER_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "compile/expressions.h"
#include "lexgate/normalize.h"

namespace lexgate::internal {

// Whether folding can leave a non-ASCII character that Hyperscan, caseless
// in UTF-8 mode, takes for an ASCII letter: U+212A KELVIN SIGN (k) and
// U+017F LATIN SMALL LETTER LONG S (s), the only two of all code points
// (tests/variant_matcher_test.cc checks it). The default fold maps both to
// ASCII; with folding switched off they stay, and only Hyperscan (with the
// regex's own flags) would match them: the VariantMatcher then takes
// nothing, and the hold plan makes no byte-wise literal anchor of a letter
// that has such a look-alike.
bool FoldKeepsAsciiLookalikes(const Normalizer& normalizer);

class VariantMatcher {
 public:
  // Where a scan of a growing text stands (a stream's folded text): the
  // starts whose matches may still go on, and what is reported. A batch
  // scan starts from a fresh one.
  struct Cursor {
    uint64_t next_start = 0;            // starts from here on are not tried yet
    uint64_t reported_to = 0;           // ends up to here are reported
    std::vector<uint64_t> live_starts;  // tried, may still end later
    // Reused across calls: (expression, start, end) before deduplication.
    struct Found {
      uint32_t id;
      uint64_t from, to;
    };
    std::vector<Found> found;

    // Back to a fresh cursor, keeping the vectors' memory.
    void Reset() {
      next_start = reported_to = 0;
      live_starts.clear();
      found.clear();
    }
  };

  VariantMatcher() = default;

  // Takes the letter-variant expressions of `folded` that it can match
  // exactly: those whose regex it reads (the syntax LetterVariantRegexes()
  // writes) with at most 64 positions, no match shorter than three bytes
  // and at most a thousand ways to begin. None when the fold of
  // `normalizer` can leave a character that Hyperscan's caseless UTF-8
  // matching equates with an ASCII letter (the Kelvin sign, the long s):
  // the automata see ASCII bytes only.
  static VariantMatcher Build(const ExpressionSet& folded,
                              const Normalizer& normalizer);

  bool empty() const { return patterns_.empty(); }
  size_t size() const { return patterns_.size(); }
  // Whether folded expression `id` is matched here (and so left out of the
  // folded and stream databases).
  bool Handles(uint32_t id) const {
    return id < handled_.size() && handled_[id];
  }
  const std::vector<bool>& handled() const { return handled_; }
  // The bytes of its tables.
  size_t memory_bytes() const;

  // Reports (expression id, start, end), offsets from `base`, for every end
  // in (cursor->reported_to, base + text.size()] at which a match ends,
  // with the leftmost start not before `base` (see the contract above).
  // `text` is the folded text from `base` on, as far as it is known; more
  // may follow unless `final`. Starts before `base` that the cursor still
  // follows are dropped (a stream trimmed them: its hold-back caps them).
  // Throws std::bad_alloc.
  void Match(std::string_view text, uint64_t base, bool final, Cursor* cursor,
             absl::FunctionRef<void(uint32_t id, uint64_t from, uint64_t to)>
                 report) const;

 private:
  struct Pattern {
    uint32_t id;            // folded expression id
    uint64_t initial;       // states a match begins in
    uint64_t final_states;  // states a match may end in
    uint32_t classes;       // classes_[classes + byte]: the byte's class
    uint32_t accept;        // accept_[accept + class]: states taking it
    uint32_t follow;        // follow_[follow + state]: states after it
  };

  // Follows pattern `p` from `start`; adds its ends to `found`. Returns
  // whether a match could still go on past the end of `text`.
  bool Run(const Pattern& p, std::string_view text, uint64_t base,
           uint64_t start, std::vector<Cursor::Found>* found) const;
  // Tries every pattern that can begin at `start`.
  bool TryStart(std::string_view text, uint64_t base, uint64_t start,
                std::vector<Cursor::Found>* found) const;

  std::vector<Pattern> patterns_;
  std::vector<uint8_t> classes_;  // 128 per pattern (ASCII bytes)
  std::vector<uint64_t> accept_;  // per pattern and class
  std::vector<uint64_t> follow_;  // one per state
  std::vector<bool> handled_;     // per folded expression
  // The patterns that can begin with three bytes b0 b1 b2: those of the
  // pair b0 b1 (pair_record_[b0 << 7 | b1], 0 for none, else its index in
  // pair_records_ plus one), then of the third byte (`third` holds the
  // pair's third bytes; the rank of b2 among them picks its slice of
  // patterns_at_ through third_begin_).
  struct PairRecord {
    uint64_t third[2] = {0, 0};
    uint32_t begin = 0;  // into third_begin_: one per third byte, plus one
  };
  std::vector<uint32_t> pair_record_;  // 16384 entries when not empty
  std::vector<PairRecord> pair_records_;
  std::vector<uint32_t> third_begin_;
  std::vector<uint32_t> patterns_at_;
  // Bits by hash, set for what may begin a match: a start is tried only if
  // its three bytes are in `filter_` (most starts of a text are passed over
  // with this one look), and then, when a fourth byte follows, if they are
  // a whole match (`complete3_`) or its four bytes begin one (`prefix4_`).
  struct Bits {
    std::vector<uint64_t> words;
    void Resize(int log2_bits) {
      words.assign((size_t{1} << log2_bits) / 64, 0);
    }
    void Set(uint32_t bit) { words[bit >> 6] |= uint64_t{1} << (bit & 63); }
    bool Test(uint32_t bit) const {
      return ((words[bit >> 6] >> (bit & 63)) & 1) != 0;
    }
  };
  Bits filter_;
  Bits complete3_;
  Bits prefix4_;
};

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_COMPILE_VARIANT_MATCHER_H_
