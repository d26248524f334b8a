// Engine::ScanMany: many texts on several threads, results in input order,
// every text with its own status.
#include <atomic>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "support/test_util.h"

namespace lexgate {
namespace {

using testing::KeywordRule;

std::shared_ptr<const Engine> TestEngine() {
  EngineOptions options;
  options.streaming = false;
  return testing::CompileOrDie({KeywordRule("en", {"fuck"}),
                                KeywordRule("zh", {"习近平"}, Action::kBlock)},
                               options);
}

std::vector<std::string> Texts(size_t count) {
  std::vector<std::string> texts;
  for (size_t i = 0; i < count; ++i) {
    switch (i % 3) {
      case 0:
        texts.push_back("clean text " + std::to_string(i));
        break;
      case 1:
        texts.push_back(std::string(i % 7, 'x') + " what the f.u.c.k");
        break;
      default:
        texts.push_back("習 近 平 " + std::to_string(i));
    }
  }
  return texts;
}

TEST(ScanMany, SameResultsAsScanInInputOrder) {
  auto engine = TestEngine();
  ASSERT_NE(engine, nullptr);
  const std::vector<std::string> texts = Texts(500);
  const std::vector<std::string_view> views(texts.begin(), texts.end());
  for (size_t threads : {0u, 1u, 2u, 8u}) {
    std::vector<absl::StatusOr<ScanResult>> results =
        engine->ScanMany(views, threads);
    ASSERT_EQ(results.size(), texts.size());
    for (size_t i = 0; i < texts.size(); ++i) {
      absl::StatusOr<ScanResult> alone = engine->Scan(texts[i]);
      ASSERT_TRUE(results[i].ok()) << results[i].status();
      ASSERT_EQ(results[i]->verdict, alone->verdict) << i;
      ASSERT_EQ(results[i]->matches.size(), alone->matches.size()) << i;
      for (size_t m = 0; m < alone->matches.size(); ++m) {
        EXPECT_EQ(results[i]->matches[m].start, alone->matches[m].start);
        EXPECT_EQ(results[i]->matches[m].rule, alone->matches[m].rule);
      }
    }
  }
}

TEST(ScanMany, PassesTheDetailOn) {
  auto engine = TestEngine();
  ASSERT_NE(engine, nullptr);
  const std::vector<std::string> texts = Texts(100);
  const std::vector<std::string_view> views(texts.begin(), texts.end());
  std::vector<absl::StatusOr<ScanResult>> results =
      engine->ScanMany(views, 2, MatchDetail::kBrief);
  ASSERT_EQ(results.size(), texts.size());
  size_t matches = 0;
  for (size_t i = 0; i < texts.size(); ++i) {
    absl::StatusOr<ScanResult> alone = engine->Scan(texts[i]);
    ASSERT_TRUE(results[i].ok() && alone.ok());
    ASSERT_EQ(results[i]->matches.size(), alone->matches.size()) << i;
    for (const Match& m : results[i]->matches) {
      EXPECT_EQ(m.text, "");
      EXPECT_EQ(m.pattern, "");
    }
    matches += alone->matches.size();
  }
  EXPECT_GT(matches, 0u);
}

TEST(ScanMany, NoTexts) {
  auto engine = TestEngine();
  ASSERT_NE(engine, nullptr);
  EXPECT_TRUE(engine->ScanMany(std::span<const std::string_view>(), 4).empty());
}

TEST(ScanMany, CallbacksRunOncePerTextOnTheWorkers) {
  auto engine = TestEngine();
  ASSERT_NE(engine, nullptr);
  const std::vector<std::string> texts = Texts(300);
  std::vector<int> prepared(texts.size(), 0);
  std::vector<int> done(texts.size(), 0);
  std::vector<size_t> matches(texts.size(), 0);
  // std::mutex, not absl::Mutex: ThreadSanitizer sees pthread locks, and
  // Debian's absl is not instrumented.
  std::mutex mu;
  std::set<std::thread::id> threads;
  engine->ScanMany(
      texts.size(), 2,
      [&](size_t i) {
        ++prepared[i];
        return std::string_view(texts[i]);
      },
      [&](size_t i, absl::StatusOr<ScanResult> result) {
        ++done[i];
        matches[i] = result.ok() ? result->matches.size() : 99;
        std::lock_guard<std::mutex> lock(mu);
        threads.insert(std::this_thread::get_id());
      });
  for (size_t i = 0; i < texts.size(); ++i) {
    EXPECT_EQ(prepared[i], 1) << i;
    EXPECT_EQ(done[i], 1) << i;
    EXPECT_EQ(matches[i], i % 3 == 0 ? 0u : 1u) << i;
  }
  EXPECT_LE(threads.size(), 2u);
}

}  // namespace
}  // namespace lexgate
