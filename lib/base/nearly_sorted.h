// Sorting a sequence that is already close to its order.
#ifndef LEXGATE_LIB_BASE_NEARLY_SORTED_H_
#define LEXGATE_LIB_BASE_NEARLY_SORTED_H_

#include <algorithm>
#include <cstddef>
#include <iterator>
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

// Merges the sorted tail v[tail, end) into the sorted head v[0, tail). Only
// the head's elements that belong after the tail's first one (found by
// binary search) move, through `scratch`: a tail that interleaves with the
// last few elements of a long head costs a few moves, not the whole vector.
// With `budget`: when more than *budget head elements would move, returns
// false and leaves `v` as it was; else takes the moves off *budget.
template <typename T, typename Less>
bool MergeSortedTail(std::vector<T>& v, size_t tail, std::vector<T>& scratch,
                     Less less, size_t* budget = nullptr) {
  const auto run = v.begin() + static_cast<std::ptrdiff_t>(tail);
  if (run == v.begin() || run == v.end() || !less(*run, *(run - 1))) {
    return true;
  }
  const auto from = std::upper_bound(v.begin(), run, *run, less);
  const auto passed = static_cast<size_t>(run - from);
  if (budget != nullptr) {
    if (passed > *budget) return false;
    *budget -= passed;
  }
  scratch.assign(std::make_move_iterator(from), std::make_move_iterator(run));
  // Into [from, end): the write position stays behind `b` while `scratch`
  // has elements left, and what is left of [b, end) is then in place.
  auto out = from;
  auto a = scratch.begin();
  auto b = run;
  while (a != scratch.end()) {
    if (b != v.end() && less(*b, *a)) {
      *out++ = std::move(*b++);
    } else {
      *out++ = std::move(*a++);
    }
  }
  return true;
}

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_BASE_NEARLY_SORTED_H_
