#include "scan/cooccurrence.h"

#include <algorithm>

namespace lexgate::internal {

// Every combination has a leftmost start a, the begin of one of its
// occurrences. For a given a, let T(a) be the least end any combination
// starting at or after a can have: the largest, over the parts, of the
// earliest end among that part's occurrences beginning at or after a. Let
// B(a) be the furthest a window starting at a may reach before it is too
// wide or comes within `within` characters of an exclusion.
// Then an occurrence o belongs to a valid combination exactly when some
// a <= o.begin has T(a) <= B(a) and o.end <= B(a): taking o for its part in
// the combination that reaches T(a) keeps the window inside [a, B(a)).
void FindCooccurrences(std::span<const CoTerm> terms, uint32_t parts,
                       uint64_t within, std::vector<bool>* found) {
  const size_t n = terms.size();
  found->assign(n, false);
  if (n == 0 || parts == 0) return;

  // Exclusions by end, with the least begin of those from each on.
  struct Span {
    uint64_t begin, end;
  };
  std::vector<Span> x;
  for (const CoTerm& t : terms) {
    if (t.exclusion) x.push_back({t.begin, t.end});
  }
  if (within == 0 && !x.empty()) return;
  std::sort(x.begin(), x.end(),
            [](const Span& a, const Span& b) { return a.end < b.end; });
  std::vector<uint64_t> suffix_min(x.size());
  for (size_t i = x.size(); i-- > 0;) {
    suffix_min[i] = std::min(i + 1 == x.size() ? UINT64_MAX : suffix_min[i + 1],
                             x[i].begin);
  }
  // B(a), at most a when no window may start at a. An exclusion ending
  // after a - within rules out every end b with b + within past its begin.
  auto reach = [&](uint64_t a) -> uint64_t {
    if (within == 0) return UINT64_MAX;
    const uint64_t near = a > within ? a - within : 0;
    const auto first = std::partition_point(
        x.begin(), x.end(), [near](const Span& s) { return s.end <= near; });
    uint64_t b = a + within;
    if (first != x.end()) {
      const uint64_t begin = suffix_min[static_cast<size_t>(first - x.begin())];
      b = std::min(b, begin > within ? begin - within : 0);
    }
    return b;
  };

  // T(a) for the a of every occurrence, right to left, with each part's
  // earliest end among the occurrences at or after it (ties in begin
  // share a: the group's first index holds it).
  std::vector<uint64_t> earliest(parts, UINT64_MAX);
  std::vector<uint64_t> least_end(n, UINT64_MAX);
  for (size_t i = n; i-- > 0;) {
    const CoTerm& t = terms[i];
    if (!t.exclusion && t.part < parts) {
      earliest[t.part] = std::min(earliest[t.part], t.end);
    }
    if (i > 0 && terms[i - 1].begin == t.begin) continue;
    least_end[i] = *std::max_element(earliest.begin(), earliest.end());
  }

  // Left to right: the furthest reach of a valid start so far.
  uint64_t best_reach = 0;
  bool any = false;
  for (size_t i = 0; i < n; ++i) {
    const CoTerm& t = terms[i];
    if (i == 0 || terms[i - 1].begin != t.begin) {
      const uint64_t b = reach(t.begin);
      if (least_end[i] != UINT64_MAX && b > t.begin && least_end[i] <= b) {
        best_reach = any ? std::max(best_reach, b) : b;
        any = true;
      }
    }
    if (!t.exclusion && any && t.end <= best_reach) (*found)[i] = true;
  }
}

}  // namespace lexgate::internal
