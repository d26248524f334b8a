#include "scan/allow_spans.h"

#include <algorithm>

namespace lexgate::internal {

void AllowSpans::Add(Space space, uint64_t begin, uint64_t end,
                     uint64_t orig_begin, uint64_t orig_end) {
  if (space == Space::kFolded) {
    folded_.Insert(begin, end, end);
    folded_original_.Insert(orig_begin, orig_end, end);
  } else {
    raw_.Insert(orig_begin, orig_end, UINT64_MAX);
  }
}

bool AllowSpans::Search(Space space, uint64_t begin, uint64_t end,
                        uint64_t orig_begin, uint64_t orig_end) const {
  if (raw_.Contains(orig_begin, orig_end)) return true;
  return space == Space::kFolded
             ? folded_.Contains(begin, end)
             : folded_original_.Contains(orig_begin, orig_end);
}

void AllowSpans::ForgetFoldedBefore(uint64_t folded) {
  folded_.Forget(folded);
  folded_original_.Forget(folded);
}

void AllowSpans::Clear() {
  folded_.Clear();
  folded_original_.Clear();
  raw_.Clear();
}

void AllowSpans::ReleaseMemory() {
  folded_.ReleaseMemory();
  folded_original_.ReleaseMemory();
  raw_.ReleaseMemory();
}

size_t AllowSpans::CapacityBytes() const {
  return folded_.CapacityBytes() + folded_original_.CapacityBytes() +
         raw_.CapacityBytes();
}

void AllowSpans::Index::Insert(uint64_t begin, uint64_t end, uint64_t tag) {
  const bool in_order = ordered_ == spans_.size() &&
                        (spans_.empty() || spans_.back().begin <= begin);
  const uint64_t reach =
      std::max(end, spans_.empty() ? uint64_t{0} : spans_.back().reach);
  spans_.push_back(Span{begin, end, tag, reach});
  if (in_order) ordered_ = spans_.size();
}

void AllowSpans::Index::SortAdded() const {
  auto by_begin = [](const Span& a, const Span& b) {
    return a.begin < b.begin;
  };
  const auto added = spans_.begin() + static_cast<ptrdiff_t>(ordered_);
  std::sort(added, spans_.end(), by_begin);
  // The reach changes from where the first added span lands on.
  const size_t from = static_cast<size_t>(
      std::upper_bound(spans_.begin(), added, *added, by_begin) -
      spans_.begin());
  std::inplace_merge(spans_.begin(), added, spans_.end(), by_begin);
  Reach(from);
  ordered_ = spans_.size();
}

bool AllowSpans::Index::Contains(uint64_t begin, uint64_t end) const {
  if (spans_.empty()) return false;
  Order();
  // The spans that start at or before `begin`: one contains the candidate
  // if and only if the furthest of their ends reaches `end`.
  auto after =
      std::upper_bound(spans_.begin(), spans_.end(), begin,
                       [](uint64_t b, const Span& s) { return b < s.begin; });
  return after != spans_.begin() && std::prev(after)->reach >= end;
}

void AllowSpans::Index::Forget(uint64_t tag) {
  Order();
  const size_t before = spans_.size();
  std::erase_if(spans_, [tag](const Span& s) { return s.tag < tag; });
  if (spans_.size() != before) Reach(0);
  ordered_ = spans_.size();
}

void AllowSpans::Index::Reach(size_t from) const {
  uint64_t reach = from == 0 ? 0 : spans_[from - 1].reach;
  for (size_t i = from; i < spans_.size(); ++i) {
    reach = std::max(reach, spans_[i].end);
    spans_[i].reach = reach;
  }
}

}  // namespace lexgate::internal
