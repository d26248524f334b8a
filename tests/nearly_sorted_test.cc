// SortNearlySorted (lib/base/nearly_sorted.h): the order std::sort gives,
// for sequences nearly in order, in no order, and in reverse.
#include "base/nearly_sorted.h"

#include <algorithm>
#include <random>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace lexgate::internal {
namespace {

// Pairs compared by the first only, so that equal keys keep apart: the
// result must still hold every element once.
using Item = std::pair<int, int>;
bool ByKey(const Item& a, const Item& b) { return a.first < b.first; }

void ExpectSortsLikeStdSort(std::vector<Item> items) {
  std::vector<Item> expected = items;
  std::sort(expected.begin(), expected.end());
  SortNearlySorted(items, ByKey);
  ASSERT_TRUE(std::is_sorted(items.begin(), items.end(), ByKey));
  std::sort(items.begin(), items.end());  // the same elements
  EXPECT_EQ(items, expected);
}

TEST(NearlySortedTest, SortsEveryShapeOfInput) {
  std::mt19937 rng(5);
  for (int size : {0, 1, 2, 3, 17, 100, 1000, 5000}) {
    std::vector<Item> sorted;
    for (int i = 0; i < size; ++i) {
      sorted.push_back({i / 3, static_cast<int>(rng())});
    }
    ExpectSortsLikeStdSort(sorted);
    // A few neighbours swapped: what Hyperscan's end order looks like.
    std::vector<Item> near = sorted;
    for (int i = 0; i + 1 < size; i += 7) std::swap(near[i], near[i + 1]);
    ExpectSortsLikeStdSort(near);
    // Reversed, and in no order: past the insertion sort's budget.
    ExpectSortsLikeStdSort({sorted.rbegin(), sorted.rend()});
    std::vector<Item> shuffled = sorted;
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    ExpectSortsLikeStdSort(shuffled);
  }
}

TEST(NearlySortedTest, SortsOnlyTheRangeGiven) {
  std::vector<int> v = {9, 8, 3, 1, 2, 0};
  SortNearlySorted(v.begin() + 2, v.end() - 1, std::less<int>());
  EXPECT_EQ(v, (std::vector<int>{9, 8, 1, 2, 3, 0}));
}

}  // namespace
}  // namespace lexgate::internal
