#include <algorithm>
#include <vector>

#include "lexgate/normalize.h"
#include "normalize/offset_map_builder.h"

namespace lexgate {

namespace {

// The last piece from `first` on starting at or before `folded`.
const OffsetMap::Piece* SearchFrom(const std::vector<OffsetMap::Piece>& pieces,
                                   size_t first, uint64_t folded) {
  auto it = std::upper_bound(
      pieces.begin() + static_cast<ptrdiff_t>(first), pieces.end(), folded,
      [](uint64_t f, const OffsetMap::Piece& p) { return f < p.folded_begin; });
  return it == pieces.begin() ? &pieces.front() : &*(it - 1);
}

}  // namespace

const OffsetMap::Piece* OffsetMap::PieceAt(uint64_t folded) const {
  // Callers ask only for positions inside the map.
  return SearchFrom(pieces_, 0, folded);
}

const OffsetMap::Piece* OffsetMap::PieceAt(uint64_t folded, size_t hint) const {
  if (hint >= pieces_.size() || pieces_[hint].folded_begin > folded) {
    return PieceAt(folded);
  }
  // Matches lie close together: a few steps on usually reach the piece;
  // past them, search the rest.
  const Piece* p = pieces_.data() + hint;
  const Piece* const end = pieces_.data() + pieces_.size();
  for (int step = 0; p + 1 < end && p[1].folded_begin <= folded; ++step) {
    if (step == 8) {
      return SearchFrom(pieces_, static_cast<size_t>(p - pieces_.data()),
                        folded);
    }
    ++p;
  }
  return p;
}

uint64_t OffsetMap::OriginalStart(uint64_t folded) const {
  if (pieces_.empty()) return orig_end_;
  if (folded >= folded_end_) return orig_end_;
  const Piece& p = *PieceAt(folded);
  const uint64_t into = folded > p.folded_begin ? folded - p.folded_begin : 0;
  return p.orig_begin + into / p.folded_unit * p.orig_unit;
}

std::pair<uint64_t, uint64_t> OffsetMap::ToOriginal(uint64_t folded_begin,
                                                    uint64_t folded_end) const {
  size_t no_hint = pieces_.size();
  return ToOriginal(folded_begin, folded_end, &no_hint);
}

std::pair<uint64_t, uint64_t> OffsetMap::ToOriginal(uint64_t folded_begin,
                                                    uint64_t folded_end,
                                                    size_t* hint) const {
  if (pieces_.empty()) return {orig_end_, orig_end_};
  const Piece* first = PieceAt(folded_begin, *hint);
  *hint = static_cast<size_t>(first - pieces_.data());
  const uint64_t begin =
      first->orig_begin + (folded_begin > first->folded_begin
                               ? folded_begin - first->folded_begin
                               : 0) /
                              first->folded_unit * first->orig_unit;
  // Most matches span a piece or two: the hinted search walks on from the
  // first one.
  const Piece* last =
      folded_end > folded_begin ? PieceAt(folded_end - 1, *hint) : first;
  const uint64_t into = folded_end - last->folded_begin;
  const uint64_t units = (into + last->folded_unit - 1) / last->folded_unit;
  return {begin, last->orig_begin + units * last->orig_unit};
}

namespace internal {

void OffsetMapBuilder::Reset(uint64_t folded_base, uint64_t orig_base) {
  map_->pieces_.clear();
  map_->folded_end_ = folded_base;
  map_->orig_end_ = orig_base;
}

void OffsetMapBuilder::AppendPart(const OffsetMap::Piece& piece, uint64_t begin,
                                  uint64_t end) {
  const uint32_t f = piece.folded_unit;
  const uint32_t o = piece.orig_unit;
  const uint64_t from = begin - piece.folded_begin;
  const uint64_t to = end - piece.folded_begin;
  if (f == 1) {
    AddUnits(piece.orig_begin + from * o, o, 1, to - from);
    return;
  }
  uint64_t unit = from / f;
  if (from % f != 0) {  // the rest of a unit that lost its head
    const uint64_t unit_end = std::min(to, (unit + 1) * f);
    AddUnits(piece.orig_begin + unit * o, o,
             static_cast<uint32_t>(unit_end - from));
    if (unit_end == to) return;
    ++unit;
  }
  const uint64_t whole_end = to / f;
  if (whole_end > unit) {
    AddUnits(piece.orig_begin + unit * o, o, f, whole_end - unit);
  }
  if (to % f != 0) {  // the head of a unit that lost its tail
    AddUnits(piece.orig_begin + whole_end * o, o,
             static_cast<uint32_t>(to - whole_end * f));
  }
}

void OffsetMapBuilder::Drop(std::span<const std::pair<size_t, size_t>> dropped,
                            std::vector<OffsetMap::Piece>* scratch) {
  if (dropped.empty()) return;
  std::vector<OffsetMap::Piece>& pieces = map_->pieces_;
  // Rebuild from the piece holding the first dropped byte; the pieces
  // before it stay (most of a text, when its noise is near the end).
  const size_t first =
      static_cast<size_t>(map_->PieceAt(dropped.front().first) - pieces.data());
  std::vector<OffsetMap::Piece>& old = *scratch;
  old.assign(pieces.begin() + static_cast<ptrdiff_t>(first), pieces.end());
  const uint64_t old_end = map_->folded_end_;
  pieces.resize(first);
  map_->folded_end_ = old.front().folded_begin;
  map_->orig_end_ = old.front().orig_begin;
  if (first > 0) {
    // Where the piece before ends, so that the first rebuilt piece merges
    // with it when they join.
    const OffsetMap::Piece& before = pieces.back();
    map_->orig_end_ =
        before.orig_begin + (map_->folded_end_ - before.folded_begin) /
                                before.folded_unit * before.orig_unit;
  }
  size_t d = 0;
  for (size_t i = 0; i < old.size(); ++i) {
    const uint64_t piece_end =
        i + 1 < old.size() ? old[i + 1].folded_begin : old_end;
    uint64_t pos = old[i].folded_begin;
    while (pos < piece_end) {
      while (d < dropped.size() && dropped[d].second <= pos) ++d;
      if (d < dropped.size() && dropped[d].first <= pos) {
        pos = std::min<uint64_t>(dropped[d].second, piece_end);
        continue;
      }
      const uint64_t keep_end =
          d < dropped.size() ? std::min<uint64_t>(piece_end, dropped[d].first)
                             : piece_end;
      AppendPart(old[i], pos, keep_end);
      pos = keep_end;
    }
  }
}

void OffsetMapBuilder::TrimBefore(uint64_t folded) {
  std::vector<OffsetMap::Piece>& pieces = map_->pieces_;
  // Erasing shifts the rest, so only when it frees enough to pay for it.
  if (pieces.size() < 128) return;
  // Pieces [0, n) end at or before `folded`: the next one starts there.
  const size_t n = static_cast<size_t>(
      std::upper_bound(pieces.begin(), pieces.end(), folded,
                       [](uint64_t f, const OffsetMap::Piece& p) {
                         return f < p.folded_begin;
                       }) -
      pieces.begin());
  if (n >= 2 && (n - 1) * 2 >= pieces.size()) {
    pieces.erase(pieces.begin(),
                 pieces.begin() + static_cast<ptrdiff_t>(n - 1));
  }
}

}  // namespace internal
}  // namespace lexgate
