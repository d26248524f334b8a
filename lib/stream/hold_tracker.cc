#include "stream/hold_tracker.h"

#include <algorithm>

#include "base/utf8.h"

namespace lexgate::internal {
namespace {

constexpr size_t kMaxAnchorsPerGroup = 4096;

size_t PowerOfTwoAtLeast(size_t n) {
  size_t p = 1;
  while (p < n) p <<= 1;
  return p;
}

}  // namespace

HoldTracker::HoldTracker(const HoldPlan& plan, size_t remembered_chars)
    : plan_(plan),
      mask_(PowerOfTwoAtLeast(std::max<size_t>(remembered_chars, 1)) - 1),
      last_break_(plan.groups.size(), 0),
      all_groups_(plan.groups.size() >= 64
                      ? ~GroupMask{0}
                      : (GroupMask{1} << plan.groups.size()) - 1),
      anchors_(plan.groups.size()),
      dropped_(plan.groups.size()),
      last_anchor_(plan.groups.size(), 0),
      window_floor_(plan.groups.size(), 0) {
  ring_ = std::make_unique_for_overwrite<uint64_t[]>(mask_ + 1);
  for (const HoldGroup& group : plan.groups) {
    width_back_.push_back(group.width == kUnboundedWidth
                              ? kUnbounded
                              : std::max<uint64_t>(group.width, 1) - 1);
    prefix_back_.push_back(!group.anchored           ? kUnbounded
                           : group.anchor_chars <= 1 ? 0
                                                     : group.anchor_chars - 1);
    const bool spaced = !group.any_char && group.alphabet.Contains(' ');
    spaces_back_.push_back(spaced && group.max_spaces < kSpaceRing
                               ? group.max_spaces
                               : kUnbounded);
  }
}

void HoldTracker::Observe(const FoldBuffer& folded, uint64_t from,
                          uint64_t to) {
  if (from >= to) return;
  const std::string_view text = folded.View(from, to);
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const size_t size = text.size();
  // Per character: in locals, which the stores into the rings cannot
  // alias (a member would be read back from memory after each store).
  uint64_t* const ring = ring_.get();
  const uint64_t mask = mask_;
  uint64_t count = count_;
  uint64_t space_count = space_count_;
  const ClassAnchors& classes = plan_.class_anchors;
  const uint64_t starts = classes.starts;
  if (starts == 0) {
    for (size_t i = 0; i < size; ++i) {
      if ((bytes[i] & 0xC0) != 0x80) {
        ring[count++ & mask] = from + i;
        if (bytes[i] == ' ') spaces_[space_count++ % kSpaceRing] = from + i;
      }
    }
  } else {
    const uint64_t ends = classes.ends;
    uint64_t state = class_state_;
    for (size_t i = 0; i < size;) {
      char32_t cp = bytes[i];
      size_t length = 1;
      if (cp >= 0x80) {
        const Decoded d = DecodeUtf8(text, i);
        cp = d.cp;
        length = d.length;
      }
      const uint64_t at = from + i;
      ring[count++ & mask] = at;
      if (cp == ' ') spaces_[space_count++ % kSpaceRing] = at;
      // The class anchors, all at once (shift-and).
      state = ((state << 1) | starts) & classes.bits.Of(cp);
      for (uint64_t done = state & ends; done != 0; done &= done - 1) {
        const int bit = __builtin_ctzll(done);
        const uint64_t chars = classes.chars[bit];
        if (chars <= count) {
          AddAnchor(classes.group[bit], ring[(count - chars) & mask]);
        }
      }
      i += length;
    }
    class_state_ = state;
  }
  count_ = count;
  space_count_ = space_count;
  end_ = to;
  // The last break of each group: walk back until every group that can
  // break has been seen breaking (usually a few characters: a space or a
  // letter breaks most alphabets).
  GroupMask open = plan_.alphabet_groups;
  idle_ = 0;
  for (size_t end = text.size(); end > 0 && open != 0;) {
    const Decoded d = DecodeUtf8Before(text, end);
    const GroupMask broken = open & ~plan_.alphabets.Of(d.cp);
    for (GroupMask m = broken; m != 0; m &= m - 1) {
      last_break_[__builtin_ctzll(m)] = from + end;
    }
    if (end == text.size()) idle_ = broken;
    open &= ~broken;
    end -= d.length;
  }
}

uint64_t HoldTracker::NumberAt(uint64_t folded) const {
  uint64_t lo = count_ > mask_ ? count_ - mask_ - 1 : 0;
  uint64_t hi = count_;
  while (lo < hi) {  // the first remembered character starting at or after
    const uint64_t mid = lo + (hi - lo) / 2;
    if (StartOf(mid) < folded) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

uint64_t HoldTracker::CharsBefore(uint64_t folded, uint64_t n) const {
  if (n == 0) return folded;
  const uint64_t k = NumberAt(folded);
  const uint64_t oldest = count_ > mask_ ? count_ - mask_ - 1 : 0;
  return k >= n && k - n >= oldest ? StartOf(k - n) : 0;
}

void HoldTracker::AddAnchors(const FoldBuffer& folded,
                             std::span<const RawHit> hits) {
  if (hits.empty()) return;
  // Room for the new ones: only anchors after the lower bounds count.
  ForgetStaleAnchors();
  for (const RawHit& hit : hits) {
    const uint32_t group = plan_.anchor_group[hit.id];
    // The start is that many characters before the end, read back in the
    // folded text, which holds every anchor observed: the ring of recent
    // starts may no longer reach it when one delta was longer than the
    // ring, and a match under way from an anchor nobody remembers would be
    // released.
    const std::string_view text =
        folded.View(folded.base, std::max(hit.to, folded.base));
    size_t start = text.size();
    for (uint32_t chars = plan_.anchor_chars[hit.id]; chars > 0 && start > 0;
         --chars) {
      start -= DecodeUtf8Before(text, start).length;
    }
    AddAnchor(group, folded.base + start);
  }
}

void HoldTracker::AddAnchor(uint32_t g, uint64_t start) {
  last_anchor_[g] = std::max(last_anchor_[g], start + 1);
  with_anchors_ |= GroupMask{1} << g;
  AnchorStarts& starts = anchors_[g];
  // Anchors come nearly in order. Past the limit the newest are not kept
  // but remembered as a range (FirstAnchorFrom()): one delta of a long
  // table of numbers holds more class anchors than that, and most are
  // stale by its end, but which ones only its breaks tell.
  auto it = std::upper_bound(starts.begin(), starts.end(), start);
  if (it != starts.begin() && *(it - 1) == start) return;
  Dropped& dropped = dropped_[g];
  if (starts.size() >= kMaxAnchorsPerGroup && it == starts.end()) {
    dropped.first = std::min(dropped.first, start);
    dropped.last = std::max(dropped.last, start);
    return;
  }
  starts.insert(it, start);
  if (starts.size() > kMaxAnchorsPerGroup) {
    dropped.first = std::min(dropped.first, starts.back());
    dropped.last = std::max(dropped.last, starts.back());
    starts.pop_back();
  }
}

uint64_t HoldTracker::FirstAnchorFrom(size_t g, uint64_t from) const {
  uint64_t first = UINT64_MAX;
  const AnchorStarts& starts = anchors_[g];
  auto it = std::lower_bound(starts.begin(), starts.end(), from);
  if (it != starts.end()) first = *it;
  const Dropped& dropped = dropped_[g];
  if (!dropped.empty() && dropped.last >= from) {
    first = std::min(first, std::max(dropped.first, from));
  }
  return first;
}

HoldTracker::AlphabetRun HoldTracker::WalkAlphabet(const FoldBuffer& folded,
                                                   size_t g, uint64_t from,
                                                   uint64_t to,
                                                   uint64_t max_chars) const {
  const bool any_char = plan_.groups[g].any_char;
  const GroupMask bit = GroupMask{1} << g;
  const std::string_view text = folded.View(from, std::max(from, to));
  size_t i = 0;
  uint64_t chars = 0;
  for (; chars < max_chars && i < text.size(); ++chars) {
    const Decoded d = DecodeUtf8(text, i);
    if (!any_char && (plan_.alphabets.Of(d.cp) & bit) == 0) break;
    i += d.length;
  }
  return {from + i, chars};
}

uint64_t HoldTracker::FirstBreak(const FoldBuffer& folded, size_t g,
                                 uint64_t from, uint64_t to) const {
  if (plan_.groups[g].any_char || from >= to) return to;
  return WalkAlphabet(folded, g, from, to, UINT64_MAX).end;
}

GroupMask HoldTracker::OpenStarts(uint64_t* open) const {
  const size_t groups = last_break_.size();
  if (count_ == 0) {
    std::fill(open, open + groups, 0);
    return all_groups_;
  }
  std::fill(open, open + groups, end_);
  const GroupMask pending = all_groups_ & ~idle_;
  for (GroupMask m = pending; m != 0; m &= m - 1) {
    const size_t g = __builtin_ctzll(m);
    // At most width - 1 characters before the last one, and no break of
    // its alphabet.
    uint64_t earliest = BoundOf(g);
    if (const uint64_t prefix = prefix_back_[g]; prefix != kUnbounded) {
      // It starts at an anchor seen, or at a prefix not complete yet:
      // within the last anchor_chars - 1 characters.
      const uint64_t incomplete =
          prefix == 0 ? end_ : CharsBeforeLast(prefix - 1);
      uint64_t start = std::max(earliest, incomplete);
      if ((with_anchors_ >> g) & 1) {
        start = std::min(start, FirstAnchorFrom(g, earliest));
      }
      earliest = start;
    }
    open[g] = std::min(earliest, end_);
  }
  return pending;
}

HoldTracker::Run HoldTracker::RunFrom(const FoldBuffer& folded, size_t g,
                                      uint64_t from, uint64_t chars) const {
  const AlphabetRun run = WalkAlphabet(folded, g, from, end_, chars);
  if (run.chars == chars) return Run::kReaches;
  return run.end < end_ ? Run::kBroken : Run::kTooSoon;
}

GroupMask HoldTracker::TakeAnchoredWindows(const FoldBuffer& folded) {
  GroupMask open = 0;
  for (GroupMask m = plan_.anchored_window_groups; m != 0; m &= m - 1) {
    const size_t g = __builtin_ctzll(m);
    const GroupMask bit = GroupMask{1} << g;
    const uint64_t floor = window_floor_[g];
    const uint64_t lower = LowerBound(g);
    window_floor_[g] = lower;
    if (last_anchor_[g] <= floor) continue;
    // Every anchor since the floor is in anchors_ (ForgetStaleAnchors()
    // keeps them) if none since was dropped by a full list, and its text is
    // kept unless the max_hold cap let it go. Otherwise any of them may
    // have started a match that ended.
    const AnchorStarts& starts = anchors_[g];
    auto it = std::lower_bound(starts.begin(), starts.end(), floor);
    const Dropped& dropped = dropped_[g];
    if (it == starts.end() || (!dropped.empty() && dropped.last >= floor) ||
        *it < folded.base) {
      open |= bit;
      continue;
    }
    // A match starts at an anchor and holds at least window_min_chars
    // characters of the alphabet: one may have ended only after an anchor
    // whose run reaches that far. An anchor whose run broke sooner starts
    // none. One too recent to tell (and every later one) lies at or after
    // the new floor, its run unbroken and shorter than the group's width,
    // so the next look sees it again.
    const uint64_t min_chars = plan_.groups[g].window_min_chars;
    for (; it != starts.end(); ++it) {
      const Run run = RunFrom(folded, g, *it, min_chars);
      if (run == Run::kReaches) open |= bit;
      if (run != Run::kBroken) break;
    }
  }
  return open;
}

bool HoldTracker::AnchorOpen(size_t g) const {
  return FirstAnchorFrom(g, LowerBound(g)) != UINT64_MAX;
}

void HoldTracker::ForgetStaleAnchors() {
  for (GroupMask m = with_anchors_; m != 0; m &= m - 1) {
    const size_t g = __builtin_ctzll(m);
    AnchorStarts& starts = anchors_[g];
    // A window group's anchors since its floor are looked at by the next
    // TakeAnchoredWindows(), even where a break made them stale since.
    uint64_t bound = LowerBound(g);
    if ((plan_.anchored_window_groups >> g) & 1) {
      bound = std::min(bound, window_floor_[g]);
    }
    while (!starts.empty() && starts.front() < bound) starts.pop_front();
    Dropped& dropped = dropped_[g];
    if (!dropped.empty() && dropped.last < bound) dropped = Dropped{};
    if (starts.empty() && dropped.empty()) {
      with_anchors_ &= ~(GroupMask{1} << g);
    }
  }
}

}  // namespace lexgate::internal
