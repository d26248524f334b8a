// The scratch pool lends each scratch to one caller at a time, keeps what
// is returned for the next caller (lock-free slots, then a locked list),
// and clones only when every spare is out. Run under ThreadSanitizer in CI.
#include "compile/scratch_pool.h"

#include <hs/hs.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "gtest/gtest.h"

namespace lexgate::internal {
namespace {

class ScratchPoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    hs_compile_error_t* error = nullptr;
    ASSERT_EQ(hs_compile("fuck", 0, HS_MODE_BLOCK, nullptr, &db_, &error),
              HS_SUCCESS);
    ASSERT_TRUE(pool_.Init({db_}).ok());
  }
  void TearDown() override { hs_free_database(db_); }

  hs_database_t* db_ = nullptr;
  ScratchPool pool_;
};

TEST_F(ScratchPoolTest, NoDatabaseLendsNoScratch) {
  ScratchPool empty;
  ASSERT_TRUE(empty.Init({nullptr}).ok());
  absl::StatusOr<hs_scratch_t*> scratch = empty.Acquire();
  ASSERT_TRUE(scratch.ok());
  EXPECT_EQ(*scratch, nullptr);
  empty.Release(*scratch);
}

// More scratch out at once than there are slots: every one is distinct,
// and once returned they serve the next callers without new clones.
TEST_F(ScratchPoolTest, ReturnedScratchIsLentAgain) {
  constexpr int kOut = 20;  // beyond the lock-free slots
  std::set<hs_scratch_t*> first;
  std::vector<hs_scratch_t*> out;
  for (int i = 0; i < kOut; ++i) {
    absl::StatusOr<hs_scratch_t*> scratch = pool_.Acquire();
    ASSERT_TRUE(scratch.ok());
    ASSERT_NE(*scratch, nullptr);
    EXPECT_TRUE(first.insert(*scratch).second) << "lent twice at once";
    out.push_back(*scratch);
  }
  for (hs_scratch_t* scratch : out) pool_.Release(scratch);
  std::set<hs_scratch_t*> second;
  out.clear();
  for (int i = 0; i < kOut; ++i) {
    absl::StatusOr<hs_scratch_t*> scratch = pool_.Acquire();
    ASSERT_TRUE(scratch.ok());
    second.insert(*scratch);
    out.push_back(*scratch);
  }
  EXPECT_EQ(second, first) << "a spare was lost or a new one cloned";
  for (hs_scratch_t* scratch : out) pool_.Release(scratch);
}

// Threads take and return scratch as fast as they can: no scratch is ever
// held by two of them, and each one scans. (How many clones a race costs is
// not pinned: a thread that finds every slot empty clones, even when a
// scratch is being returned at that moment.)
TEST_F(ScratchPoolTest, NeverLendsOneScratchTwiceAcrossThreads) {
  constexpr int kThreads = 4;
  constexpr int kRounds = 5000;
  std::atomic<int> errors{0};
  std::mutex mu;
  absl::flat_hash_map<hs_scratch_t*, int> holders;  // guarded by mu
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < kRounds; ++round) {
        absl::StatusOr<hs_scratch_t*> scratch = pool_.Acquire();
        if (!scratch.ok() || *scratch == nullptr) {
          ++errors;
          continue;
        }
        {
          std::lock_guard<std::mutex> lock(mu);
          if (++holders[*scratch] != 1) ++errors;
        }
        if (hs_scan(db_, "what the fuck", 13, 0, *scratch, nullptr, nullptr) !=
            HS_SUCCESS) {
          ++errors;
        }
        {
          std::lock_guard<std::mutex> lock(mu);
          --holders[*scratch];
        }
        pool_.Release(*scratch);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(errors.load(), 0);
}

}  // namespace
}  // namespace lexgate::internal
