// Follows a stream's folded text for the hold plan (lib/compile/hold_plan.h):
// where each group's alphabet was last broken, where its anchors were seen,
// and where the recent characters start; from these, the earliest start
// that a match not yet reported could have, per group.
#ifndef LEXGATE_LIB_STREAM_HOLD_TRACKER_H_
#define LEXGATE_LIB_STREAM_HOLD_TRACKER_H_

#include <cstdint>
#include <deque>
#include <span>
#include <vector>

#include "compile/hold_plan.h"
#include "normalize/fold_kernel.h"
#include "scan/hits.h"

namespace lexgate::internal {

// Thread safety: not thread-safe; one per stream.
class HoldTracker {
 public:
  // Remembers the starts of the last `remembered_chars` characters: widths
  // beyond them are capped by the stream anyway.
  HoldTracker(const HoldPlan& plan, size_t remembered_chars);

  // Folded [from, to) of `folded` became final.
  void Observe(const FoldBuffer& folded, uint64_t from, uint64_t to);
  // Anchor hits of the stream database (ids relative to the anchors).
  void AddAnchors(std::span<const RawHit> hits);

  // Writes, per group, the earliest folded offset at which a match that
  // Hyperscan has not reported by `front` could start (`front`: the start
  // of the last final character, whose successor is unknown). With
  // nothing observed, everything is 0.
  void OpenStarts(uint64_t front, uint64_t* open) const;

  // Folded offset of the character `n` characters before the one at
  // `front` (which must be observed); 0 when that is further back than
  // remembered.
  uint64_t CharsBefore(uint64_t front, uint64_t n) const;
  // Characters from folded offset `from` to the one at `front`, at most the
  // number remembered.
  uint64_t CharsFrom(uint64_t from, uint64_t front) const;

  // Start of the last character observed (0 before any).
  uint64_t LastCharStart() const {
    return starts_.empty() ? 0 : starts_.back();
  }

  // Forgets anchors before folded offset `folded`.
  void ForgetBefore(uint64_t folded);

 private:
  // Index in starts_ of the character beginning at `folded` (observed).
  size_t IndexOf(uint64_t folded) const;

  const HoldPlan& plan_;
  size_t remembered_;
  std::deque<uint64_t> starts_;       // of the last remembered characters
  uint64_t end_ = 0;                  // folded offset observed up to
  std::vector<uint64_t> last_break_;  // per group: after its last break
  std::vector<std::deque<uint64_t>> anchors_;  // per group: starts, sorted
};

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_STREAM_HOLD_TRACKER_H_
