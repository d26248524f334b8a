// Sorting a sequence that is already close to its order.
#ifndef LEXGATE_LIB_BASE_NEARLY_SORTED_H_
#define LEXGATE_LIB_BASE_NEARLY_SORTED_H_

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

namespace lexgate::internal {

// Sorts `v` by `less`: an insertion sort, which costs one pass plus one
// move per element out of place, for the common case of a few elements out
// of place (Hyperscan reports hits by end, and they are wanted by start:
// only a match that encloses another one is out of place). When the moves
// exceed a few per element, it gives up and sorts with std::sort, so a
// sequence in no order costs O(n log n), not O(n^2). Not stable.
template <typename Iterator, typename Less>
void SortNearlySorted(Iterator first, Iterator last, Less less) {
  const auto n = last - first;
  auto budget = 4 * n + 16;
  for (auto i = first + (n > 0 ? 1 : 0); i < last; ++i) {
    if (!less(*i, *(i - 1))) continue;
    auto moving = std::move(*i);
    Iterator j = i;
    do {
      *j = std::move(*(j - 1));
      --j;
    } while (j > first && less(moving, *(j - 1)) && --budget > 0);
    *j = std::move(moving);
    if (budget == 0) {
      std::sort(first, last, less);
      return;
    }
  }
}

template <typename T, typename Less>
void SortNearlySorted(std::vector<T>& v, Less less) {
  SortNearlySorted(v.begin(), v.end(), less);
}

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_BASE_NEARLY_SORTED_H_
