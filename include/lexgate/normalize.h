// Folding: one transformation for text and keywords, so that evasive
// spellings of a keyword meet the folded keyword.
//
// The per-character fold is a table derived from ICU data at build time
// (NFKC case folding, default-ignorables, traditional -> simplified,
// look-alike letters, Latin diacritics); with nfkc_casefold a tab is a
// space too, and a run of spacing folds to one space. A second pass drops
// short runs of noise between CJK ideographs (习 近 平) and between spaced
// single Latin letters (f.u.c.k). Every byte of the folded text maps back to a
// span of the original bytes, so that a match can be masked exactly.
#ifndef LEXGATE_NORMALIZE_H_
#define LEXGATE_NORMALIZE_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace lexgate {

struct NormalizeOptions {
  // ＦＵＣＫ -> fuck, ① -> 1, ﬁ -> fi; spacing: "a\t  b" -> "a b".
  bool nfkc_casefold = true;
  bool drop_ignorables = true;            // ZWSP, ZWJ, soft hyphen, bidi, VS
  bool traditional_to_simplified = true;  // 習 -> 习
  bool lookalikes = true;                 // Cyrillic а -> a
  bool strip_diacritics = true;           // fück -> fuck
  bool drop_cjk_noise = true;             // 习 近 平 -> 习近平
  bool join_spaced_letters = true;        // f u c k -> fuck

  bool operator==(const NormalizeOptions& other) const = default;
};

// The switches of NormalizeOptions by name, in a fixed order: the names
// Python and the command line use, and the order saved engines store.
struct NormalizeSwitch {
  std::string_view name;
  bool NormalizeOptions::*field;
};
const std::array<NormalizeSwitch, 7>& NormalizeSwitches();

namespace internal {
class FoldTable;
class OffsetMapBuilder;
}  // namespace internal

// Maps byte spans of the folded text back to byte spans of the original.
// Thread safety: immutable after construction; const methods are safe.
class OffsetMap {
 public:
  // Folded bytes [folded_begin, next piece's folded_begin) came from the
  // original bytes from orig_begin on, unit by unit: every `folded_unit`
  // folded bytes came from `orig_unit` original bytes. Text copied as it is
  // (or folded to a character of the same length) is one piece of units of
  // 1 and 1; a run of full-width letters (3 bytes each, folded to 1) is one
  // piece of units of 3 and 1; a character that folds to several (ﬃ ->
  // ffi) is a unit of its own, so that no position inside it maps to a
  // byte inside the original character.
  struct Piece {
    uint64_t folded_begin;
    uint64_t orig_begin;
    uint32_t orig_unit;
    uint32_t folded_unit;
  };

  // Original [begin, end) for folded [folded_begin, folded_end), with
  // folded_begin < folded_end <= folded_end(). A span that starts or ends
  // inside a unit covers the whole unit.
  std::pair<uint64_t, uint64_t> ToOriginal(uint64_t folded_begin,
                                           uint64_t folded_end) const;
  // The same, for callers that map many spans in rising order (a scan's
  // matches): `*hint` (0 at first, any value is safe) keeps the index of
  // the piece the last span began in, so that the next lookup walks on
  // from there instead of searching all the pieces.
  std::pair<uint64_t, uint64_t> ToOriginal(uint64_t folded_begin,
                                           uint64_t folded_end,
                                           size_t* hint) const;
  // Original offset of the unit at or before folded position `folded`.
  uint64_t OriginalStart(uint64_t folded) const;

  // In folded order; a stream's map starts at the first piece it still
  // needs.
  const std::vector<Piece>& pieces() const { return pieces_; }
  // The folded bytes mapped, and the original offset right after the last
  // mapped unit.
  uint64_t folded_end() const { return folded_end_; }
  uint64_t orig_end() const { return orig_end_; }

 private:
  friend class internal::OffsetMapBuilder;
  const Piece* PieceAt(uint64_t folded) const;
  // PieceAt(), starting from piece `hint` when it does not lie past
  // `folded`.
  const Piece* PieceAt(uint64_t folded, size_t hint) const;

  std::vector<Piece> pieces_;
  uint64_t folded_end_ = 0;
  uint64_t orig_end_ = 0;
};

struct NormalizedText {
  std::string folded;  // valid UTF-8, always
  OffsetMap map;
};

// Thread safety: immutable; Normalize() may be called from many threads.
class Normalizer {
 public:
  explicit Normalizer(const NormalizeOptions& options = {});

  // Folds `text` (any bytes: invalid UTF-8 becomes U+FFFD) into `out`,
  // reusing its buffers. Fails (kResourceExhausted, `out` emptied) only for
  // a text that folds to more than three times its size (plus 64 KiB): a
  // few characters fold to many (U+FDFA to 18 letters), and memory must
  // stay bounded.
  absl::Status Normalize(std::string_view text, NormalizedText* out) const;
  absl::StatusOr<NormalizedText> Normalize(std::string_view text) const;
  // Only the folded string, for keywords.
  absl::StatusOr<std::string> Fold(std::string_view text) const;

  const NormalizeOptions& options() const { return options_; }

 private:
  NormalizeOptions options_;
  // Kept so that the table, built once per distinct options, stays cached.
  std::shared_ptr<const internal::FoldTable> table_;
};

}  // namespace lexgate

#endif  // LEXGATE_NORMALIZE_H_
