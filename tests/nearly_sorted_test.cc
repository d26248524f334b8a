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

TEST(MergeSortedTailTest, MergesLikeStdSort) {
  std::mt19937 rng(7);
  std::vector<Item> scratch;
  for (int round = 0; round < 2000; ++round) {
    const int head = static_cast<int>(rng() % 60);
    const int tail = static_cast<int>(rng() % 60);
    const int keys = 1 + static_cast<int>(rng() % 80);
    std::vector<Item> v;
    for (int i = 0; i < head + tail; ++i) {
      v.push_back({static_cast<int>(rng() % keys), i});
    }
    std::sort(v.begin(), v.begin() + head);
    std::sort(v.begin() + head, v.end());
    std::vector<Item> expected = v;
    std::sort(expected.begin(), expected.end());
    ASSERT_TRUE(MergeSortedTail(v, static_cast<size_t>(head), scratch, ByKey));
    ASSERT_TRUE(std::is_sorted(v.begin(), v.end(), ByKey));
    std::sort(v.begin(), v.end());  // the same elements
    ASSERT_EQ(v, expected);
  }
}

TEST(MergeSortedTailTest, ABudgetTooSmallLeavesTheVectorAsItWas) {
  std::vector<int> v = {1, 4, 5, 6, 2, 3};
  std::vector<int> scratch;
  size_t budget = 2;  // 4, 5 and 6 would move
  EXPECT_FALSE(MergeSortedTail(v, 4, scratch, std::less<int>(), &budget));
  EXPECT_EQ(v, (std::vector<int>{1, 4, 5, 6, 2, 3}));
  EXPECT_EQ(budget, 2u);
  budget = 3;
  EXPECT_TRUE(MergeSortedTail(v, 4, scratch, std::less<int>(), &budget));
  EXPECT_EQ(v, (std::vector<int>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(budget, 0u);
}

TEST(MergeSortedTailTest, ATailBehindByOneCostsAFewComparisons) {
  // The order two start-of-match regexes report over a run of digits: each
  // new run of one lands one place back. Merged one by one into a growing
  // vector, every merge must cost about log n comparisons, not n (it was
  // quadratic in the resolver).
  constexpr int kRuns = 20000;
  std::vector<int> v;
  std::vector<int> scratch;
  size_t comparisons = 0;
  auto counting = [&](int a, int b) {
    ++comparisons;
    return a < b;
  };
  for (int i = 0; i < kRuns; ++i) {
    v.push_back(2 * i + 1);
    v.push_back(2 * i);  // behind the one before
    ASSERT_TRUE(MergeSortedTail(v, v.size() - 1, scratch, counting));
  }
  EXPECT_TRUE(std::is_sorted(v.begin(), v.end()));
  EXPECT_LT(comparisons, size_t{kRuns} * 40);  // ~ log2(40,000) + 3 each
}

}  // namespace
}  // namespace lexgate::internal
