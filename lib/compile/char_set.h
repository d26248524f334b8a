// Sets of code points as sorted, disjoint ranges: what the characters of a
// rule's matches are drawn from (its alphabet), for the stream's hold-back.
#ifndef LEXGATE_LIB_COMPILE_CHAR_SET_H_
#define LEXGATE_LIB_COMPILE_CHAR_SET_H_

#include <cstdint>
#include <utility>
#include <vector>

namespace lexgate::internal {

inline constexpr char32_t kMaxCodePoint = 0x10FFFF;

// Thread safety: the ranges are merged lazily, by the first const read
// after a change (which writes): read a CharSet once on its own thread
// before sharing it (as BuildHoldPlan() does), and then it may be read
// from many threads.
class CharSet {
 public:
  using Range = std::pair<char32_t, char32_t>;  // inclusive

  static CharSet All() {
    CharSet s;
    s.AddRange(0, kMaxCodePoint);
    return s;
  }

  void Add(char32_t cp) { AddRange(cp, cp); }
  void AddRange(char32_t first, char32_t last);
  void AddAll(const CharSet& other);
  // Every code point not in the set.
  CharSet Complement() const;
  // Adds the other cases of the letters in the set (their case-insensitive
  // closure: U+017F for s, U+212A for k), as a caseless match would accept
  // them. A range too large to close adds every non-ASCII code point
  // instead.
  void AddCaseVariants();

  bool Contains(char32_t cp) const;
  bool Intersects(const CharSet& other) const;
  bool empty() const { return ranges_.empty(); }
  bool IsAll() const {
    return ranges_.size() == 1 && ranges_[0] == Range{0, kMaxCodePoint};
  }
  // Sorted, disjoint, not adjacent.
  const std::vector<Range>& ranges() const;
  bool operator==(const CharSet& other) const {
    return ranges() == other.ranges();
  }

 private:
  void Normalize() const;
  mutable std::vector<Range> ranges_;
  mutable bool normalized_ = true;
};

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_COMPILE_CHAR_SET_H_
