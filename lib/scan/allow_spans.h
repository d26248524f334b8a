// The allow matches a resolver has decided, and the one question every
// deny candidate asks of them: does one contain me? Asked by a walk over
// all of them, a text with many allow matches and many candidates (a table
// of the documented test SSNs next to real ones) took time quadratic in
// its length: 1.9 MB of them took 9 s. Here the spans are kept ordered by
// start with the running maximum of their ends, so that the answer is one
// binary search: a span that starts at or before the candidate and
// reaches its end.
#ifndef LEXGATE_LIB_SCAN_ALLOW_SPANS_H_
#define LEXGATE_LIB_SCAN_ALLOW_SPANS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "compile/expressions.h"

namespace lexgate::internal {

// Thread safety: not thread-safe; one per resolver.
class AllowSpans {
 public:
  // An allow match of `space` over [begin, end) there, which is
  // [orig_begin, orig_end) of the original text. Spans come nearly in
  // order of their starts, which keeps adding one cheap.
  void Add(Space space, uint64_t begin, uint64_t end, uint64_t orig_begin,
           uint64_t orig_end);

  // Whether an allow match contains the candidate [begin, end) of `space`
  // (original [orig_begin, orig_end)): within the folded space by folded
  // offsets, since both matches were found there; across spaces by
  // original offsets.
  bool Contain(Space space, uint64_t begin, uint64_t end, uint64_t orig_begin,
               uint64_t orig_end) const {
    // Most texts have no allow match: every candidate asks, so this much
    // is inline.
    return !empty() && Search(space, begin, end, orig_begin, orig_end);
  }

  // Forgets the folded allow matches that end before folded offset
  // `folded`: no candidate still to come can lie inside them.
  void ForgetFoldedBefore(uint64_t folded);

  bool empty() const { return raw_.empty() && folded_.empty(); }
  void Clear();
  void ReleaseMemory();
  size_t CapacityBytes() const;

 private:
  bool Search(Space space, uint64_t begin, uint64_t end, uint64_t orig_begin,
              uint64_t orig_end) const;

  // Spans of one coordinate system, ordered by start, each with the
  // furthest end of it and every span before it. Spans added out of order
  // (an allow regex decided at its next start after those decided at
  // theirs) are sorted in at the next question: one sort per decision,
  // not a shift of every later span per span.
  class Index {
   public:
    // `tag`: what Forget() compares (the folded end of a folded match).
    void Insert(uint64_t begin, uint64_t end, uint64_t tag);
    bool Contains(uint64_t begin, uint64_t end) const;
    // Erases the spans whose tag is below `tag`.
    void Forget(uint64_t tag);
    bool empty() const { return spans_.empty(); }
    void Clear() {
      spans_.clear();
      ordered_ = 0;
    }
    void ReleaseMemory() {
      std::vector<Span>().swap(spans_);
      ordered_ = 0;
    }
    size_t CapacityBytes() const { return spans_.capacity() * sizeof(Span); }

   private:
    struct Span {
      uint64_t begin, end, tag;
      uint64_t reach;  // the furthest end of this span and those before it
    };
    // Sorts the spans after ordered_ in and computes their reach.
    void Order() const {
      if (ordered_ != spans_.size()) SortAdded();
    }
    void SortAdded() const;
    // Recomputes reach from index `from` on.
    void Reach(size_t from) const;
    // Mutable: questions sort in what was added since the last one.
    mutable std::vector<Span> spans_;
    mutable size_t ordered_ = 0;  // spans_[0, ordered_) is ordered, reached
  };

  Index folded_;           // folded matches, by folded offsets
  Index folded_original_;  // the same, by original offsets
  Index raw_;              // matches of the raw space, by original offsets
};

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_SCAN_ALLOW_SPANS_H_
