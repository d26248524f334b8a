// Appends pieces to an OffsetMap while the normalizer writes folded text,
// merging runs that map byte for byte so that plain text costs one piece.
#ifndef LEXGATE_LIB_NORMALIZE_OFFSET_MAP_BUILDER_H_
#define LEXGATE_LIB_NORMALIZE_OFFSET_MAP_BUILDER_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "lexgate/normalize.h"

namespace lexgate::internal {

struct OffsetMapBuilder {
  explicit OffsetMapBuilder(OffsetMap* map) : map(map) { map->Clear(); }

  // `length` folded bytes at `folded_begin` copied from `orig_begin`.
  void AddLinear(uint32_t folded_begin, uint32_t orig_begin, uint32_t length) {
    if (!map->pieces_.empty()) {
      OffsetMap::Piece& last = map->pieces_.back();
      if (last.linear && last.orig_end == orig_begin &&
          last.folded_begin + (last.orig_end - last.orig_begin) ==
              folded_begin) {
        last.orig_end += length;
        return;
      }
    }
    map->pieces_.push_back(
        {folded_begin, orig_begin, orig_begin + length, true});
  }

  // Folded bytes from `folded_begin` on that came from [orig_begin,
  // orig_end) as a whole (a character that changed length).
  void AddAtomic(uint32_t folded_begin, uint32_t orig_begin,
                 uint32_t orig_end) {
    map->pieces_.push_back({folded_begin, orig_begin, orig_end, false});
  }

  void Finish(uint32_t folded_size) { map->folded_size_ = folded_size; }

  // Removes the folded byte ranges `dropped` (sorted, disjoint) from the map
  // of a text whose folded size is `folded_size`. Dropped bytes need no
  // mapping of their own: a match spanning them maps from its first kept
  // byte to its last, which covers the dropped original bytes in between.
  static void Drop(const std::vector<std::pair<uint32_t, uint32_t>>& dropped,
                   OffsetMap* map);

  OffsetMap* map;
};

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_NORMALIZE_OFFSET_MAP_BUILDER_H_
