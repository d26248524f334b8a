// The one fold of lexgate: original bytes -> folded UTF-8 and the map back,
// per character through the fold table, then the noise pass. Batch and
// stream are the same machine: Normalizer::Normalize() and Engine::Scan()
// feed it a whole text as one final piece; a stream feeds it deltas and
// reads what became final after each.
#ifndef LEXGATE_LIB_NORMALIZE_FOLD_KERNEL_H_
#define LEXGATE_LIB_NORMALIZE_FOLD_KERNEL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "lexgate/normalize.h"
#include "normalize/fold_table.h"
#include "normalize/noise_pass.h"
#include "normalize/offset_map_builder.h"

namespace lexgate::internal {

// Folded text being written: the bytes from folded offset `base` on (a
// stream forgets what it no longer needs) and the map back to the original.
struct FoldBuffer {
  std::string text;
  uint64_t base = 0;
  OffsetMap map;
  // Whether the noise pass dropped anything from the text so far: what
  // the boundary check's look at dropped separators needs first.
  bool noise_dropped = false;

  uint64_t end() const { return base + text.size(); }
  // Folded [begin, end) of the text; base <= begin <= end <= end().
  std::string_view View(uint64_t begin, uint64_t end) const {
    return std::string_view(text).substr(begin - base, end - begin);
  }
};

// The folded text may grow to this many times the original (plus
// kFoldExpansionSlack) before a text is refused: a few characters fold to
// many (U+FDFA to 18 letters), and memory must stay bounded.
inline constexpr uint64_t kMaxFoldExpansion = 3;
inline constexpr uint64_t kFoldExpansionSlack = 64 << 10;

// Thread safety: not thread-safe; one kernel per text being folded.
class FoldKernel {
 public:
  // `table` is FoldTable::Get(options), which the caller keeps alive.
  FoldKernel(const NormalizeOptions& options, const FoldTable& table);

  // Points a kept kernel at another fold (the next Reset() starts its text);
  // its working buffers keep their capacity, so that a kernel reused from
  // call to call allocates nothing in steady state.
  void Rebind(const NormalizeOptions& options, const FoldTable& table);
  // Bytes its working buffers hold, and giving them back.
  size_t CapacityBytes() const;
  void ReleaseMemory();

  // Starts a new text, written to `out` from offset 0.
  void Reset(FoldBuffer* out);

  // Folds `bytes`, the next bytes of the original text (a UTF-8 sequence
  // may be split across calls); `final`: the text ends with them. Appends
  // to `out` (given to Reset()); out's bytes before committed() never
  // change again, the ones after are pending. Fails (kResourceExhausted)
  // when the folded text would outgrow kMaxFoldExpansion.
  absl::Status Append(std::string_view bytes, bool final, FoldBuffer* out);

  // Folded offset before which `out` is final.
  uint64_t committed() const { return committed_; }
  // Original offset before which every byte is folded and final.
  uint64_t orig_committed(const FoldBuffer& out) const;
  // Folded offset from which the kernel still reads `out`: nothing before
  // it may be trimmed away.
  uint64_t needed_from() const { return committed_; }
  // Original bytes received, including an incomplete trailing sequence.
  uint64_t orig_received() const { return orig_pos_ + raw_tail_.size(); }
  // Whether the original bytes before `end` are valid UTF-8 as far as they
  // are folded: there each character start is a code point (a stream
  // counts them eight bytes at a time rather than decoding).
  bool ValidBefore(uint64_t end) const {
    return end <= orig_pos_ && end <= first_invalid_;
  }

 private:
  // Folds the complete characters of `bytes` that start before
  // `stop_before` (all of them when `final`) into `out`; keeps the bytes
  // after the last one folded in raw_tail_.
  void FoldCharacters(std::string_view bytes, bool final, FoldBuffer* out,
                      size_t stop_before = SIZE_MAX);
  // Runs the noise pass over the pending text and commits what is final.
  void Commit(bool final, FoldBuffer* out);

  NormalizeOptions options_;
  const FoldTable* table_;
  bool noise_pass_;
  // A run of spacing folds to one space (with nfkc_casefold, which folds
  // tabs and the other spaces to U+0020): a space after a space is
  // dropped as it is folded, before the noise pass, which then counts the
  // run as one character.
  bool one_space_;
  bool space_last_ = false;  // the last folded character is a space

  std::string raw_tail_;   // an incomplete UTF-8 sequence at the end
  uint64_t orig_pos_ = 0;  // original bytes folded (raw_tail_ excluded)
  uint64_t first_invalid_ = UINT64_MAX;  // original: first invalid byte
  uint64_t committed_ = 0;  // folded offset of the first pending byte
  // The last kNoiseContext committed characters as the noise pass saw them
  // (before its drops): the left context of decisions on pending text.
  std::string context_;
  // Pre-drop character counts, for the gate below: characters folded,
  // and the last one that was invisible. The invisible pass runs only on
  // pending text that reaches back to one.
  static constexpr uint64_t kNever = UINT64_MAX;
  uint64_t chars_ = 0;
  uint64_t last_invisible_char_ = kNever;
  // The CJK pass's drops, found while folding (in folded offsets).
  CjkGapTracker cjk_gaps_;
  // Reused by Commit().
  std::string window_;
  std::vector<ByteRange> dropped_;
  std::vector<ByteRange> gaps_in_window_;
  std::vector<OffsetMap::Piece> old_pieces_;  // OffsetMapBuilder::Drop()'s
};

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_NORMALIZE_FOLD_KERNEL_H_
