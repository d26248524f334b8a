// Folding: one transformation for text and keywords, so that evasive
// spellings of a keyword meet the folded keyword.
//
// The per-character fold is a table derived from ICU data at build time
// (NFKC case folding, default-ignorables, traditional -> simplified,
// look-alike letters, Latin diacritics). A second pass drops short runs of
// noise between CJK ideographs (习 近 平) and between spaced single Latin
// letters (f.u.c.k). Every byte of the folded text maps back to a span of
// the original bytes, so that a match can be masked exactly.
#ifndef LEXGATE_NORMALIZE_H_
#define LEXGATE_NORMALIZE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lexgate {

struct NormalizeOptions {
  bool nfkc_casefold = true;    // ＦＵＣＫ -> fuck, ① -> 1, ﬁ -> fi
  bool drop_ignorables = true;  // ZWSP, ZWJ, soft hyphen, bidi, VS
  bool traditional_to_simplified = true;  // 習 -> 习
  bool lookalikes = true;                 // Cyrillic а -> a
  bool strip_diacritics = true;           // fück -> fuck
  bool drop_cjk_noise = true;             // 习 近 平 -> 习近平
  bool join_spaced_letters = true;        // f u c k -> fuck

  // Packs the switches into one integer (bit i = i-th field above); used as a
  // cache key and in serialized engines.
  uint32_t Bits() const;
  static NormalizeOptions FromBits(uint32_t bits);
  bool operator==(const NormalizeOptions& other) const {
    return Bits() == other.Bits();
  }
};

namespace internal {
class FoldTable;
struct OffsetMapBuilder;
}  // namespace internal

// Maps byte spans of the folded text back to byte spans of the original.
// Thread safety: immutable after construction; const methods are safe.
class OffsetMap {
 public:
  // A run of folded bytes [folded_begin, next piece's folded_begin) that came
  // from original bytes [orig_begin, orig_end). A linear piece maps byte for
  // byte (same length); any other piece maps as a whole.
  struct Piece {
    uint32_t folded_begin;
    uint32_t orig_begin;
    uint32_t orig_end;
    bool linear;
  };

  // Original [begin, end) for folded [folded_begin, folded_end);
  // folded_begin < folded_end <= folded size.
  std::pair<size_t, size_t> ToOriginal(size_t folded_begin,
                                       size_t folded_end) const;

  const std::vector<Piece>& pieces() const { return pieces_; }
  void Clear() {
    pieces_.clear();
    folded_size_ = 0;
  }

 private:
  friend struct internal::OffsetMapBuilder;
  std::vector<Piece> pieces_;
  uint32_t folded_size_ = 0;
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
  // reusing its buffers.
  void Normalize(std::string_view text, NormalizedText* out) const;
  NormalizedText Normalize(std::string_view text) const;
  // Only the folded string, for keywords.
  std::string Fold(std::string_view text) const;

  const NormalizeOptions& options() const { return options_; }

 private:
  NormalizeOptions options_;
  std::shared_ptr<const internal::FoldTable> table_;
};

}  // namespace lexgate

#endif  // LEXGATE_NORMALIZE_H_
