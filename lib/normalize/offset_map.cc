#include <algorithm>

#include "lexgate/normalize.h"
#include "normalize/offset_map_builder.h"

namespace lexgate {

std::pair<size_t, size_t> OffsetMap::ToOriginal(size_t folded_begin,
                                                size_t folded_end) const {
  auto piece_at = [this](size_t folded) {
    auto it = std::upper_bound(
        pieces_.begin(), pieces_.end(), folded,
        [](size_t f, const Piece& p) { return f < p.folded_begin; });
    return it - 1;  // pieces_[0].folded_begin == 0 whenever folded_size > 0
  };
  auto first = piece_at(folded_begin);
  auto last = piece_at(folded_end - 1);
  size_t begin = first->linear
                     ? first->orig_begin + (folded_begin - first->folded_begin)
                     : first->orig_begin;
  size_t end = last->linear
                   ? last->orig_begin + (folded_end - last->folded_begin)
                   : last->orig_end;
  return {begin, end};
}

namespace internal {

void OffsetMapBuilder::Drop(
    const std::vector<std::pair<uint32_t, uint32_t>>& dropped, OffsetMap* map) {
  if (dropped.empty()) return;
  std::vector<OffsetMap::Piece> out;
  out.reserve(map->pieces_.size() + dropped.size());
  size_t d = 0;          // next dropped range not wholly before the piece
  uint32_t removed = 0;  // dropped bytes before the current position
  const auto& pieces = map->pieces_;
  for (size_t i = 0; i < pieces.size(); ++i) {
    const OffsetMap::Piece& p = pieces[i];
    const uint32_t piece_end =
        i + 1 < pieces.size() ? pieces[i + 1].folded_begin : map->folded_size_;
    uint32_t pos = p.folded_begin;
    while (pos < piece_end) {
      while (d < dropped.size() && dropped[d].second <= pos) ++d;
      uint32_t keep_end = piece_end;
      if (d < dropped.size() && dropped[d].first <= pos) {
        // pos lies in a dropped range: skip it.
        uint32_t skip_end = std::min(dropped[d].second, piece_end);
        removed += skip_end - pos;
        pos = skip_end;
        continue;
      }
      if (d < dropped.size()) keep_end = std::min(keep_end, dropped[d].first);
      OffsetMap::Piece kept = p;
      kept.folded_begin = pos - removed;
      if (p.linear) {
        kept.orig_begin = p.orig_begin + (pos - p.folded_begin);
        kept.orig_end = kept.orig_begin + (keep_end - pos);
      }
      out.push_back(kept);
      pos = keep_end;
    }
  }
  map->folded_size_ -= removed;
  map->pieces_ = std::move(out);
}

}  // namespace internal
}  // namespace lexgate
