// Follows a stream's folded text for the hold plan (lib/compile/hold_plan.h):
// where each group's alphabet was last broken, where its anchors were seen,
// and where the recent characters start; from these, the earliest start
// that a match not yet reported could have, per group.
#ifndef LEXGATE_LIB_STREAM_HOLD_TRACKER_H_
#define LEXGATE_LIB_STREAM_HOLD_TRACKER_H_

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
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

  // Folded [from, to) of `folded` became final: its characters, breaks,
  // and class anchors.
  void Observe(const FoldBuffer& folded, uint64_t from, uint64_t to);
  // Literal anchor hits of the stream database (ids relative to the
  // anchors), whose text is observed and kept in `folded`.
  void AddAnchors(const FoldBuffer& folded, std::span<const RawHit> hits);

  // Writes, per group, the earliest folded offset at which a match that
  // Hyperscan has not reported yet could start. Such a match ends after the
  // start of the last observed character (whose successor is unknown), so
  // it holds that character or starts after it. Returns the groups whose
  // open start may lie before the end observed: for every other group it
  // is that end (the last character breaks its alphabet), and callers
  // that look for what is held back need not visit them.
  GroupMask OpenStarts(uint64_t* open) const;
  // Whether a complete anchor of group g was seen where an unfinished match
  // of the group could still start (not only a prefix being typed).
  bool AnchorOpen(size_t g) const;

  // The start of the first character at or after folded offset `from` of
  // `folded` that breaks group g's alphabet, or `to` if none before it.
  uint64_t FirstBreak(const FoldBuffer& folded, size_t g, uint64_t from,
                      uint64_t to) const;

  // Start of the last character observed (0 before any).
  uint64_t LastCharStart() const {
    return count_ == 0 ? 0 : StartOf(count_ - 1);
  }
  // Start of the character `n` characters before the last one observed; 0
  // when that is further back than remembered (or than the text).
  uint64_t CharsBeforeLast(uint64_t n) const {
    return n < count_ && n <= mask_ ? StartOf(count_ - 1 - n) : 0;
  }

  // Start of the character `n` characters before the one at folded offset
  // `folded` (or the first after it); 0 when that is further back than
  // remembered.
  uint64_t CharsBefore(uint64_t folded, uint64_t n) const;

  // The anchored groups with window expressions (HoldPlan) in which a match
  // may have ended since the last call: an anchor of the group was seen at
  // or after the group's lower bound of then, and the group's alphabet
  // runs on from it for at least HoldGroup::window_min_chars characters of
  // `folded`. (Such a match starts at an anchor, at or after the lower
  // bound of any moment it was still going on.) From now on, only anchors
  // at or after the present lower bounds count, and those too recent to
  // tell.
  GroupMask TakeAnchoredWindows(const FoldBuffer& folded);

  // Forgets the anchors that can no longer start an unfinished match:
  // those before their group's last break or width.
  void ForgetStaleAnchors();

 private:
  // Start of character number `k` (counting from the text's start), one of
  // the last mask_ + 1 observed.
  uint64_t StartOf(uint64_t k) const { return ring_[k & mask_]; }
  // Number of the remembered character starting at `folded`, or of the
  // first one after it (count_ when none).
  uint64_t NumberAt(uint64_t folded) const;
  // The earliest start an unfinished match of group g could have, its
  // anchors aside: after its last break, within its width of the last
  // character.
  uint64_t LowerBound(size_t g) const {
    // A group whose alphabet the last character breaks holds nothing.
    return (idle_ >> g) & 1 ? end_ : BoundOf(g);
  }
  // LowerBound() of a group that is not idle. An unbounded width or
  // space count is kUnbounded, never below the characters or spaces
  // observed, so it needs no test of its own.
  uint64_t BoundOf(size_t g) const {
    uint64_t earliest =
        std::max(last_break_[g], CharsBeforeLast(width_back_[g]));
    // A match with at most k spaces that reaches the last character starts
    // after the (k + 1)-th last space.
    if (const uint64_t k = spaces_back_[g]; k < space_count_) {
      earliest =
          std::max(earliest, spaces_[(space_count_ - 1 - k) % kSpaceRing] + 1);
    }
    return earliest;
  }
  // Adds an anchor of group g starting at folded offset `start`.
  void AddAnchor(uint32_t g, uint64_t start);
  // The earliest anchor of group g at or after `from` (UINT64_MAX when
  // none), counting the anchors a full list dropped as starting at the
  // first of them.
  uint64_t FirstAnchorFrom(size_t g, uint64_t from) const;
  // Whether group g's alphabet holds the `chars` characters of `folded`
  // from offset `from` on (kReaches), breaks before (kBroken), or the text
  // observed ends before either is known (kTooSoon).
  enum class Run { kReaches, kBroken, kTooSoon };
  Run RunFrom(const FoldBuffer& folded, size_t g, uint64_t from,
              uint64_t chars) const;
  // Walks folded [from, to) while its characters are in group g's alphabet,
  // at most `max_chars` of them: where it stopped (the start of the first
  // character that breaks the alphabet, or after the last one taken) and
  // how many it took. FirstBreak() and RunFrom() are this walk.
  struct AlphabetRun {
    uint64_t end;
    uint64_t chars;
  };
  AlphabetRun WalkAlphabet(const FoldBuffer& folded, size_t g, uint64_t from,
                           uint64_t to, uint64_t max_chars) const;

  const HoldPlan& plan_;
  // Per group, read for every decision: how many characters before the
  // last one a match may start (kUnbounded when the width is not bounded)
  // and, for anchored groups, how far back an incomplete prefix reaches.
  static constexpr uint64_t kUnbounded = UINT64_MAX;
  std::vector<uint64_t> width_back_;
  std::vector<uint64_t> prefix_back_;  // kUnbounded: not anchored
  // Per group: how many spaces a match may hold, where that bounds it
  // (HoldGroup::max_spaces below kSpaceRing); the starts of the last
  // kSpaceRing spaces observed.
  static constexpr uint64_t kSpaceRing = 16;
  std::vector<uint64_t> spaces_back_;
  std::array<uint64_t, kSpaceRing> spaces_{};
  uint64_t space_count_ = 0;
  // Starts of the last remembered characters: a ring of a power of two,
  // left uninitialized (only entries observed are read: a stream opened
  // per answer would otherwise clear 16 KB).
  std::unique_ptr<uint64_t[]> ring_;
  uint64_t mask_;
  uint64_t count_ = 0;                // characters observed
  uint64_t end_ = 0;                  // folded offset observed up to
  std::vector<uint64_t> last_break_;  // per group: after its last break
  // The groups whose alphabet the last character observed breaks: no match
  // not reported yet can be under way in them (their last break is end_).
  GroupMask idle_ = 0;
  const GroupMask all_groups_;
  // One group's anchor starts, sorted, forgotten from the front: a vector
  // and the index of its first live element. (A std::deque allocates when
  // it is made, and a stream has one per group: that was almost half of
  // opening a stream.)
  class AnchorStarts {
   public:
    using const_iterator = std::vector<uint64_t>::const_iterator;
    bool empty() const { return head_ == starts_.size(); }
    size_t size() const { return starts_.size() - head_; }
    const_iterator begin() const { return starts_.begin() + head_; }
    const_iterator end() const { return starts_.end(); }
    uint64_t front() const { return starts_[head_]; }
    uint64_t back() const { return starts_.back(); }
    void insert(const_iterator at, uint64_t start) {
      starts_.insert(at, start);
    }
    void pop_back() { starts_.pop_back(); }
    void pop_front() {
      if (++head_ == starts_.size()) {
        starts_.clear();
        head_ = 0;
      } else if (head_ >= 64 && head_ * 2 >= starts_.size()) {
        starts_.erase(starts_.begin(), starts_.begin() + head_);
        head_ = 0;
      }
    }

   private:
    std::vector<uint64_t> starts_;
    size_t head_ = 0;
  };
  std::vector<AnchorStarts> anchors_;  // per group
  // Per group: the anchors a full list did not take, as the range of their
  // starts (empty: first > last). They are all later than the ones kept,
  // and while the last of them is not stale any of them may start a match
  // under way: the first stands for them all (never later than one).
  struct Dropped {
    uint64_t first = UINT64_MAX;
    uint64_t last = 0;
    bool empty() const { return first > last; }
  };
  std::vector<Dropped> dropped_;
  // The groups whose anchors_ are not empty or whose dropped_ is not.
  GroupMask with_anchors_ = 0;
  // Per group: 1 + the latest anchor start seen (0: none), kept when
  // anchors_ forgets it; and its lower bound at the last
  // TakeAnchoredWindows().
  std::vector<uint64_t> last_anchor_;
  std::vector<uint64_t> window_floor_;
  uint64_t class_state_ = 0;  // the class anchors' shift-and state
};

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_STREAM_HOLD_TRACKER_H_
