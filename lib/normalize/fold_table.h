// The per-code-point fold for one set of NormalizeOptions: the generated ICU
// steps (fold_data.h) composed and iterated to a fixed point, so that folding
// a folded character changes nothing (the fold is idempotent by
// construction), and laid out as a two-stage lookup table.
#ifndef LEXGATE_LIB_NORMALIZE_FOLD_TABLE_H_
#define LEXGATE_LIB_NORMALIZE_FOLD_TABLE_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lexgate/normalize.h"

namespace lexgate::internal {

// Thread safety: immutable after construction.
class FoldTable {
 public:
  // Shared, cached per distinct options.
  static std::shared_ptr<const FoldTable> Get(const NormalizeOptions& options);

  explicit FoldTable(const NormalizeOptions& options);

  // Raised when what the fold does changes beyond its data (the per-
  // character fast paths, the noise passes): 2, a run of spaces folds to
  // one space.
  static constexpr uint32_t kFoldRulesVersion = 2;

  // A 64-bit digest of the generated fold data (every step, whatever the
  // options) and of kFoldRulesVersion: changes whenever either does, for
  // fingerprints and saved engines.
  static uint64_t DataDigest();

  // Whether the look-alike step maps `cp` (whatever the options): for
  // Match::variant, at match time only.
  static bool IsLookalike(char32_t cp);

  // True when `cp` folds to itself. The Basic Multilingual Plane (all of
  // modern Chinese) is answered from a bitmap of 8 KiB that stays in the
  // cache; the entries of its CJK blocks alone take 80 KiB.
  bool IsIdentity(char32_t cp) const {
    if (cp < 0x10000) return ((bmp_changed_[cp >> 6] >> (cp & 63)) & 1) == 0;
    return Entry(cp) == 0;
  }
  // The folded UTF-8 of `cp` (possibly empty); only for non-identity cps.
  std::string_view Folded(char32_t cp) const {
    const uint32_t e = Entry(cp);
    return std::string_view(pool_.data() + (e >> kLengthBits),
                            (e & kLengthMask) - 1);
  }
  // Whether ASCII folds A-Z to lower case and TAB to a space (with
  // nfkc_casefold, which folds the other spaces, NBSP, U+3000, to U+0020);
  // every other ASCII character folds to itself (the fast path,
  // ascii_run.h).
  bool folds_ascii() const { return folds_ascii_; }

 private:
  static constexpr int kLengthBits = 6;
  static constexpr uint32_t kLengthMask = (1u << kLengthBits) - 1;
  static constexpr int kBlockBits = 8;

  uint32_t Entry(char32_t cp) const {
    if (cp > 0x10FFFF) return 0;
    return entries_[blocks_[cp >> kBlockBits] +
                    (cp & ((1u << kBlockBits) - 1))];
  }
  void Set(char32_t cp, std::string_view folded);

  // Entry: 0 = identity, else (pool offset << kLengthBits) | (length + 1).
  std::vector<uint32_t> blocks_;   // cp >> 8 -> first entry of its block
  std::vector<uint32_t> entries_;  // block 0 is all-identity, shared
  std::string pool_;
  std::array<uint64_t, 0x10000 / 64> bmp_changed_{};  // bit set: not identity
  bool folds_ascii_ = false;
};

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_NORMALIZE_FOLD_TABLE_H_
