#include "compile/char_set.h"

#include <unicode/uchar.h>

#include <algorithm>

namespace lexgate::internal {

void CharSet::AddRange(char32_t first, char32_t last) {
  if (first > last) return;
  ranges_.push_back({first, std::min(last, kMaxCodePoint)});
  normalized_ = false;
}

void CharSet::AddAll(const CharSet& other) {
  for (const Range& r : other.ranges()) ranges_.push_back(r);
  normalized_ = false;
}

void CharSet::Normalize() const {
  if (normalized_) return;
  std::sort(ranges_.begin(), ranges_.end());
  size_t out = 0;
  for (size_t i = 0; i < ranges_.size(); ++i) {
    if (out > 0 && ranges_[i].first <= ranges_[out - 1].second + 1) {
      ranges_[out - 1].second =
          std::max(ranges_[out - 1].second, ranges_[i].second);
    } else {
      ranges_[out++] = ranges_[i];
    }
  }
  ranges_.resize(out);
  normalized_ = true;
}

const std::vector<CharSet::Range>& CharSet::ranges() const {
  Normalize();
  return ranges_;
}

CharSet CharSet::Complement() const {
  CharSet out;
  char32_t next = 0;
  for (const Range& r : ranges()) {
    if (r.first > next) out.AddRange(next, r.first - 1);
    next = r.second + 1;
  }
  if (next <= kMaxCodePoint) out.AddRange(next, kMaxCodePoint);
  return out;
}

void CharSet::AddCaseVariants() {
  // Enumerating a range costs a few ICU calls per code point.
  constexpr char32_t kMaxEnumerated = 1 << 16;
  std::vector<Range> added;
  for (const Range& r : ranges()) {
    if (r.second - r.first > kMaxEnumerated) {
      added.push_back({0x80, kMaxCodePoint});
      // ASCII letters of the range still need their other case.
    }
    const char32_t last = r.second - r.first > kMaxEnumerated
                              ? std::min<char32_t>(r.second, 0x7F)
                              : r.second;
    for (char32_t c = r.first; c <= last; ++c) {
      for (UChar32 v :
           {u_tolower(static_cast<UChar32>(c)),
            u_toupper(static_cast<UChar32>(c)),
            u_totitle(static_cast<UChar32>(c)),
            u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT)}) {
        if (static_cast<char32_t>(v) != c) {
          added.push_back({static_cast<char32_t>(v), static_cast<char32_t>(v)});
        }
      }
    }
  }
  for (const Range& r : added) ranges_.push_back(r);
  normalized_ = false;
}

bool CharSet::Contains(char32_t cp) const {
  const std::vector<Range>& rs = ranges();
  auto it =
      std::upper_bound(rs.begin(), rs.end(), cp,
                       [](char32_t c, const Range& r) { return c < r.first; });
  return it != rs.begin() && cp <= (it - 1)->second;
}

bool CharSet::Intersects(const CharSet& other) const {
  const std::vector<Range>& a = ranges();
  const std::vector<Range>& b = other.ranges();
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i].second < b[j].first) {
      ++i;
    } else if (b[j].second < a[i].first) {
      ++j;
    } else {
      return true;
    }
  }
  return false;
}

}  // namespace lexgate::internal
