#include "stream/hold_tracker.h"

#include <algorithm>

#include "base/utf8.h"

namespace lexgate::internal {

HoldTracker::HoldTracker(const HoldPlan& plan, size_t remembered_chars)
    : plan_(plan),
      remembered_(remembered_chars),
      last_break_(plan.groups.size(), 0),
      anchors_(plan.groups.size()) {}

void HoldTracker::Observe(const FoldBuffer& folded, uint64_t from,
                          uint64_t to) {
  if (from >= to) return;
  const std::string_view text = folded.View(from, to);
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      starts_.push_back(from + i);
    }
  }
  while (starts_.size() > remembered_) starts_.pop_front();
  end_ = to;
  // The last break of each group: walk back until every group that can
  // break has been seen breaking (usually a few characters: a space or a
  // letter breaks most alphabets).
  GroupMask open = plan_.alphabet_groups;
  for (size_t end = text.size(); end > 0 && open != 0;) {
    const Decoded d = DecodeUtf8Before(text, end);
    const GroupMask broken = open & ~plan_.GroupsHolding(d.cp);
    for (GroupMask m = broken; m != 0; m &= m - 1) {
      last_break_[__builtin_ctzll(m)] = from + end;
    }
    open &= ~broken;
    end -= d.length;
  }
}

void HoldTracker::AddAnchors(std::span<const RawHit> hits) {
  for (const RawHit& hit : hits) {
    const uint32_t group = plan_.anchor_group[hit.id];
    const uint64_t start = hit.to - plan_.anchor_bytes[hit.id];
    std::deque<uint64_t>& starts = anchors_[group];
    // Hits come in order of their ends; starts nearly so.
    auto it = std::upper_bound(starts.begin(), starts.end(), start);
    if (it == starts.begin() || *(it - 1) != start) starts.insert(it, start);
  }
}

size_t HoldTracker::IndexOf(uint64_t folded) const {
  return static_cast<size_t>(
      std::lower_bound(starts_.begin(), starts_.end(), folded) -
      starts_.begin());
}

uint64_t HoldTracker::CharsBefore(uint64_t front, uint64_t n) const {
  const size_t k = IndexOf(front);
  if (n > k) return 0;
  return starts_[k - n];
}

uint64_t HoldTracker::CharsFrom(uint64_t from, uint64_t front) const {
  return IndexOf(front) - std::min(IndexOf(from), IndexOf(front));
}

void HoldTracker::OpenStarts(uint64_t front, uint64_t* open) const {
  for (size_t g = 0; g < plan_.groups.size(); ++g) {
    const HoldGroup& group = plan_.groups[g];
    if (starts_.empty()) {
      open[g] = 0;
      continue;
    }
    // A match not reported by now ends after `front`, so it holds the
    // character at `front` (or starts after it): at most width - 1
    // characters before it, and no break of its alphabet.
    uint64_t earliest = last_break_[g];
    if (group.width != kUnboundedWidth) {
      earliest = std::max(
          earliest, CharsBefore(front, std::max<uint64_t>(group.width, 1) - 1));
    }
    if (group.anchored) {
      // It starts at an anchor seen, or at a prefix not complete yet.
      const uint64_t incomplete =
          group.anchor_chars <= 1
              ? end_
              : CharsBefore(starts_.back(), group.anchor_chars - 2);
      uint64_t start = std::max(earliest, incomplete);
      const std::deque<uint64_t>& starts = anchors_[g];
      auto it = std::lower_bound(starts.begin(), starts.end(), earliest);
      if (it != starts.end()) start = std::min(start, *it);
      earliest = start;
    }
    open[g] = std::min(earliest, end_);
  }
}

void HoldTracker::ForgetBefore(uint64_t folded) {
  for (std::deque<uint64_t>& starts : anchors_) {
    while (!starts.empty() && starts.front() < folded) starts.pop_front();
  }
}

}  // namespace lexgate::internal
