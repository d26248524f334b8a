#include "compile/char_set.h"

#include <unicode/uset.h>

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

namespace {

// The case closure of ASCII-only `ranges` (most classes and literals of
// regexes, so no ICU set for them): a letter's other case, and the two
// non-ASCII characters in the closure of ASCII letters
// (tests/char_set_test.cc checks it against ICU's).
void AddAsciiCaseClosure(const std::vector<CharSet::Range>& ranges,
                         std::vector<CharSet::Range>* added) {
  for (const CharSet::Range& r : ranges) {
    for (char32_t c = r.first; c <= r.second; ++c) {
      const char32_t lower = c | 0x20;
      if (lower < 'a' || lower > 'z') continue;
      const char32_t other = c ^ 0x20;
      added->push_back({other, other});
      if (lower == 's') added->push_back({0x017F, 0x017F});
      if (lower == 'k') added->push_back({0x212A, 0x212A});
    }
  }
}

// ICU's case closure of `ranges`. A range too large to close cheaply
// stands for every non-ASCII character; its ASCII letters still get their
// cases.
void AddUnicodeCaseClosure(const std::vector<CharSet::Range>& ranges,
                           std::vector<CharSet::Range>* added) {
  constexpr char32_t kMaxClosed = 1 << 16;
  USet* closure = uset_openEmpty();
  for (const CharSet::Range& r : ranges) {
    if (r.second - r.first > kMaxClosed) {
      added->push_back({0x80, kMaxCodePoint});
      uset_addRange(closure, static_cast<UChar32>(r.first),
                    static_cast<UChar32>(std::min<char32_t>(r.second, 0x7F)));
    } else {
      uset_addRange(closure, static_cast<UChar32>(r.first),
                    static_cast<UChar32>(r.second));
    }
  }
  uset_closeOver(closure, USET_CASE_INSENSITIVE);
  // Ranges only: the multi-character strings of the closure ("ss" for
  // U+00DF) are not single characters of a match.
  const int32_t count = uset_getRangeCount(closure);
  for (int32_t i = 0; i < count; ++i) {
    UChar32 first = 0, last = 0;
    UErrorCode error = U_ZERO_ERROR;
    uset_getItem(closure, i, &first, &last, nullptr, 0, &error);
    if (U_SUCCESS(error)) {
      added->push_back(
          {static_cast<char32_t>(first), static_cast<char32_t>(last)});
    }
  }
  uset_close(closure);
}

}  // namespace

void CharSet::AddCaseVariants() {
  // The case-insensitive closure: every character that folds as one of the
  // set's does, not only their own upper and lower cases ('s' also gets
  // U+017F LONG S, 'k' U+212A KELVIN SIGN, which a caseless Hyperscan
  // regex takes for them).
  if (ranges().empty()) return;
  std::vector<Range> added;
  if (ranges().back().second < 0x80) {
    AddAsciiCaseClosure(ranges(), &added);
  } else {
    AddUnicodeCaseClosure(ranges(), &added);
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
