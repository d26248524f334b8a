// Writes an OffsetMap while the fold kernel writes folded text: appends
// units, merging runs that map alike so that plain text costs one piece,
// removes the bytes the noise pass drops, and forgets what a stream no
// longer needs.
#ifndef LEXGATE_LIB_NORMALIZE_OFFSET_MAP_BUILDER_H_
#define LEXGATE_LIB_NORMALIZE_OFFSET_MAP_BUILDER_H_

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "lexgate/normalize.h"

namespace lexgate::internal {

// Thread safety: not thread-safe; one builder per map being written.
class OffsetMapBuilder {
 public:
  explicit OffsetMapBuilder(OffsetMap* map) : map_(map) {}

  // Empties the map; the next unit is folded byte `folded_base` and
  // original byte `orig_base`.
  void Reset(uint64_t folded_base = 0, uint64_t orig_base = 0);

  // `length` folded bytes copied from original offset `orig` (or a
  // character folded to one character of the same length).
  void AddCopied(uint64_t orig, uint64_t length) {
    AddUnits(orig, 1, 1, length);
  }
  // `count` units, each `orig_unit` original bytes from `orig` on folded to
  // `folded_unit` bytes. Inline: the fold calls it for every changed
  // character and every run, and Drop() for every piece it keeps.
  void AddUnits(uint64_t orig, uint32_t orig_unit, uint32_t folded_unit,
                uint64_t count = 1) {
    if (count == 0) return;
    std::vector<OffsetMap::Piece>& pieces = map_->pieces_;
    const bool extends =
        !pieces.empty() && pieces.back().orig_unit == orig_unit &&
        pieces.back().folded_unit == folded_unit && map_->orig_end_ == orig;
    if (!extends) {
      pieces.push_back({map_->folded_end_, orig, orig_unit, folded_unit});
    }
    map_->folded_end_ += count * folded_unit;
    map_->orig_end_ = orig + count * orig_unit;
  }

  // Removes the folded byte ranges `dropped` (sorted, disjoint, inside the
  // map); later bytes move left. A dropped byte needs no mapping of its
  // own: a span across it maps from its first kept byte to its last, which
  // covers the dropped original bytes in between. A unit that loses some of
  // its bytes keeps the rest as a unit mapping to the whole original unit.
  // `scratch`: working memory the caller keeps, so that steady state
  // allocates nothing.
  void Drop(std::span<const std::pair<size_t, size_t>> dropped,
            std::vector<OffsetMap::Piece>* scratch);

  // Forgets the pieces that end at or before folded offset `folded`.
  void TrimBefore(uint64_t folded);

 private:
  // Appends folded [begin, end) of `piece` (old coordinates) at the end.
  void AppendPart(const OffsetMap::Piece& piece, uint64_t begin, uint64_t end);

  OffsetMap* map_;
};

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_NORMALIZE_OFFSET_MAP_BUILDER_H_
