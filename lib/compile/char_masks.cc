#include "compile/char_masks.h"

#include <algorithm>

namespace lexgate::internal {

void CharMasks::Add(const CharSet& set, uint64_t bits) {
  if (bits != 0 && !set.empty()) added_.push_back({set, bits});
}

void CharMasks::Build() {
  ascii_.fill(everywhere_);
  // A sweep over the non-ASCII range boundaries, counting per bit how many
  // sets hold the current interval.
  std::vector<std::pair<char32_t, std::pair<int, uint64_t>>> events;
  for (const auto& [set, bits] : added_) {
    for (const CharSet::Range& r : set.ranges()) {
      for (char32_t c = r.first; c <= r.second && c < 128; ++c) {
        ascii_[c] |= bits;
      }
      if (r.second < 128) continue;
      events.push_back({std::max<char32_t>(r.first, 128), {+1, bits}});
      if (r.second < kMaxCodePoint)
        events.push_back({r.second + 1, {-1, bits}});
    }
  }
  std::sort(events.begin(), events.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::array<int, 64> count{};
  intervals_.assign(1, {128, everywhere_});
  for (size_t i = 0; i < events.size();) {
    const char32_t at = events[i].first;
    for (; i < events.size() && events[i].first == at; ++i) {
      for (uint64_t b = events[i].second.second; b != 0; b &= b - 1) {
        count[__builtin_ctzll(b)] += events[i].second.first;
      }
    }
    uint64_t mask = everywhere_;
    for (int b = 0; b < 64; ++b) {
      if (count[b] > 0) mask |= uint64_t{1} << b;
    }
    if (intervals_.back().first == at) {
      intervals_.back().second = mask;
    } else if (intervals_.back().second != mask) {
      intervals_.push_back({at, mask});
    }
  }
  // The BMP tables, from the intervals.
  bmp_rows_.fill(kUniform);
  rows_.clear();
  for (uint32_t block = 0; block < 256; ++block) {
    const char32_t first = block << 8;
    const uint64_t mask = first < 128 ? ascii_[0] : NonAscii(first);
    bool uniform = first >= 128;
    for (char32_t c = std::max<char32_t>(first, 128); c < first + 256; ++c) {
      if (NonAscii(c) != mask) {
        uniform = false;
        break;
      }
    }
    if (uniform) {
      bmp_uniform_[block] = mask;
      continue;
    }
    bmp_rows_[block] = static_cast<uint32_t>(rows_.size());
    std::array<uint64_t, 256>& row = rows_.emplace_back();
    for (char32_t c = first; c < first + 256; ++c) {
      row[c & 0xFF] = c < 128 ? ascii_[c] : NonAscii(c);
    }
  }
  // [lo_, hi_]: from the first interval whose mask is not everywhere_ to
  // the end of the last one. The first interval may be one already: a set
  // whose non-ASCII part starts at U+0080 (a negated class, `.`) sets the
  // mask of the sentinel interval itself.
  lo_ = 1;
  hi_ = 0;
  for (size_t k = 0; k < intervals_.size(); ++k) {
    if (intervals_[k].second == everywhere_) continue;
    if (lo_ > hi_) lo_ = intervals_[k].first;
    hi_ =
        k + 1 < intervals_.size() ? intervals_[k + 1].first - 1 : kMaxCodePoint;
  }
  empty_ = everywhere_ == 0 && added_.empty();
  added_.clear();
  added_.shrink_to_fit();
}

uint64_t CharMasks::NonAscii(char32_t cp) const {
  auto it =
      std::upper_bound(intervals_.begin(), intervals_.end(), cp,
                       [](char32_t c, const std::pair<char32_t, uint64_t>& i) {
                         return c < i.first;
                       });
  return it == intervals_.begin() ? 0 : (it - 1)->second;
}

}  // namespace lexgate::internal
