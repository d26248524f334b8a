// Incremental folding for the streaming guard: the same folded text and
// offset mapping as Normalizer::Normalize() on the whole text, produced as
// the text arrives.
//
// Per-character folding is local once a character's bytes are complete. The
// noise pass is local too: whether a character is dropped depends only on
// the kNoiseContext characters around it (noise_pass.h). So characters are
// committed once kNoiseContext characters follow them, with the pass run on
// a window that keeps kNoiseContext committed characters as left context.
#ifndef LEXGATE_LIB_STREAM_STREAM_NORMALIZER_H_
#define LEXGATE_LIB_STREAM_STREAM_NORMALIZER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lexgate/normalize.h"
#include "normalize/fold_table.h"
#include "normalize/noise_pass.h"

namespace lexgate::internal {

// One committed original character that left folded bytes behind: folded
// bytes [folded_begin, next unit's folded_begin) came from original bytes
// [orig_begin, orig_end). Absolute offsets from the start of the stream.
struct StreamUnit {
  uint64_t folded_begin;
  uint64_t orig_begin;
  uint64_t orig_end;
};

// Thread safety: not thread-safe.
class StreamNormalizer {
 public:
  // Commits in runs of at least `batch` characters (1 if 0).
  StreamNormalizer(const NormalizeOptions& options, size_t batch);

  // Folds `raw` (appended to everything before) and appends what became
  // final to `folded` and `units`.
  void Append(std::string_view raw, std::string* folded,
              std::vector<StreamUnit>* units);
  // Ends the text: everything still pending becomes final.
  void Finish(std::string* folded, std::vector<StreamUnit>* units);

  // Original offset before which every byte is folded and final.
  uint64_t orig_committed() const;
  uint64_t folded_committed() const { return folded_end_; }

 private:
  // A character in the window: its per-character fold (before the noise
  // pass) is text_[text_begin, next character's text_begin or text_.size()).
  struct Pending {
    uint32_t text_begin;
    uint64_t orig_begin;
    uint64_t orig_end;
  };

  void Decode(std::string_view bytes, uint64_t base, bool final);
  void Commit(size_t count, std::string* folded,
              std::vector<StreamUnit>* units);
  // Commit()'s slow path: some of the `count` characters lose bytes to the
  // noise pass; `next_drop` is the first dropped range that can touch them.
  void CommitWithDrops(size_t count,
                       std::vector<ByteRange>::const_iterator next_drop,
                       std::string* folded, std::vector<StreamUnit>* units);
  uint32_t TextEnd(size_t k) const {
    return k + 1 < window_.size() ? window_[k + 1].text_begin
                                  : static_cast<uint32_t>(text_.size());
  }

  NormalizeOptions options_;
  std::shared_ptr<const FoldTable> table_;
  bool noise_pass_;
  size_t batch_;
  std::string raw_tail_;     // an incomplete UTF-8 sequence at the end
  uint64_t raw_end_ = 0;     // original bytes received
  uint64_t folded_end_ = 0;  // folded bytes committed
  // Committed characters kept as left context, then pending ones, and their
  // folded bytes in one string, which is what the noise pass reads: one
  // buffer rather than a string per character, because this runs for every
  // character of every streamed answer.
  std::vector<Pending> window_;
  std::string text_;
  size_t context_ = 0;              // how many of window_ are committed context
  std::vector<ByteRange> dropped_;  // reused by Commit()
  // Characters that ever entered window_, and the last of them that closed
  // an ideograph-noise-ideograph gap: the CJK pass runs only on windows
  // that reach back to such a gap, as Normalize() runs it only on texts
  // with one.
  static constexpr uint64_t kNoGap = UINT64_MAX;
  CjkGapTracker cjk_gaps_;
  uint64_t chars_ = 0;
  uint64_t last_gap_char_ = kNoGap;
};

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_STREAM_STREAM_NORMALIZER_H_
