// Fault injection (issue 11): memory running out anywhere in a call,
// Hyperscan's allocators failing, and Hyperscan scans failing. Each must
// give an error (or, for a stream, a block with a status), never a clean
// verdict, never an exception through the API and never a crash.
#include <hs/hs.h>

#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "lexgate/lexgate.h"
#include "scan/hits.h"
#include "support/alloc_hooks.h"
#include "support/test_util.h"

namespace lexgate {
namespace {

using ::lexgate::testing::CompileOrDie;
using ::lexgate::testing::DescribeSpans;
using ::lexgate::testing::DisarmAllocationFailure;
using ::lexgate::testing::FailAllocationAfter;
using ::lexgate::testing::KeywordRule;
using ::lexgate::testing::RegexRule;
using ::lexgate::testing::Scanned;
using ::lexgate::testing::ShippedEngine;

constexpr char kText[] =
    "Call 13812345678 or mail zhang.san@example.com, you ＦＵＣＫ; "
    "习近平 and 傻逼 in the middle of 这段比较长的中文文本 and more text.";

// Runs `call` on a fresh thread (its thread-local working memory is empty,
// so the call allocates as a first call does) with the allocation after
// `n` more failing; returns whether the failure fired.
template <typename Call>
bool WithFailingAllocation(int64_t n, Call call) {
  bool fired = false;
  std::thread thread([&] {
    FailAllocationAfter(n);
    call();
    fired = DisarmAllocationFailure();
  });
  thread.join();
  return fired;
}

// Fails allocations through the test's operator new, which sanitizer
// builds do not have.
class FaultInjectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!::lexgate::testing::AllocationHooksInstalled()) {
      GTEST_SKIP() << "no allocation hooks in a sanitizer build";
    }
  }
};

TEST_F(FaultInjectionTest, EveryAllocationOfAScanCanFail) {
  std::shared_ptr<const Engine> engine = ShippedEngine();
  const ScanResult expected = Scanned(*engine, kText);
  ASSERT_FALSE(expected.matches.empty());
  int failures = 0;
  for (int64_t n = 0;; ++n) {
    absl::StatusOr<ScanResult> result;
    const bool fired =
        WithFailingAllocation(n, [&] { result = engine->Scan(kText); });
    if (!fired) {  // the call needed fewer than n allocations
      ASSERT_TRUE(result.ok()) << n << ": " << result.status();
      break;
    }
    ++failures;
    if (result.ok()) {
      // A failure the call absorbed (none today) must not change a thing.
      EXPECT_EQ(DescribeSpans(result->matches), DescribeSpans(expected.matches))
          << n;
    } else {
      EXPECT_EQ(result.status().code(), absl::StatusCode::kResourceExhausted)
          << n << ": " << result.status();
    }
  }
  EXPECT_GT(failures, 3) << "the scan should allocate on a fresh thread";
}

TEST_F(FaultInjectionTest, EveryAllocationOfAStreamCanFail) {
  std::shared_ptr<const Engine> engine = ShippedEngine();
  const std::string expected = *engine->Redact(kText);
  const std::string text = kText;
  int failures = 0;
  for (int64_t n = 0;; ++n) {
    absl::Status open_status;
    std::string released;
    bool blocked = false;
    absl::Status stream_status;
    // The test's own appends must not be the allocation that fails.
    released.reserve(4 * text.size());
    const bool fired = WithFailingAllocation(n, [&] {
      absl::StatusOr<Stream> stream = engine->OpenStream();
      if (!stream.ok()) {
        open_status = stream.status();
        return;
      }
      for (size_t i = 0; i < text.size(); i += 5) {
        released += stream->Feed(std::string_view(text).substr(i, 5));
      }
      released += stream->Finish();
      blocked = stream->blocked();
      stream_status = stream->status();
    });
    if (!fired) {
      EXPECT_EQ(released, expected);
      break;
    }
    ++failures;
    if (!open_status.ok()) {
      EXPECT_EQ(open_status.code(), absl::StatusCode::kResourceExhausted)
          << open_status;
      continue;
    }
    if (blocked) {
      // Failed closed: what came out before is a prefix of the safe text.
      EXPECT_EQ(stream_status.code(), absl::StatusCode::kResourceExhausted)
          << n << ": " << stream_status;
      EXPECT_EQ(expected.substr(0, released.size()), released) << n;
    } else {
      EXPECT_TRUE(stream_status.ok());
      EXPECT_EQ(released, expected) << n;
    }
  }
  EXPECT_GT(failures, 10) << "a stream allocates as it goes";
}

TEST_F(FaultInjectionTest, AllocationFailuresWhileCompilingAreErrors) {
  RuleSet rules;
  ASSERT_TRUE(rules.Add(KeywordRule("kw", {"fuck", "傻逼", "习近平"})).ok());
  ASSERT_TRUE(
      rules.Add(RegexRule("mail", R"([a-z0-9._]+@[a-z0-9.]+\.[a-z]+)")).ok());
  // Compiling allocates tens of thousands of times: fail a spread of them.
  int failures = 0;
  for (int64_t n : {0, 1, 2, 5, 10, 30, 100, 300, 1000, 3000, 10000, 30000}) {
    absl::StatusOr<std::shared_ptr<const Engine>> engine;
    const bool fired =
        WithFailingAllocation(n, [&] { engine = Engine::Compile(rules); });
    if (!fired) {
      EXPECT_TRUE(engine.ok()) << engine.status();
      continue;
    }
    ++failures;
    if (engine.ok()) {  // absorbed (e.g. inside Hyperscan): must still work
      EXPECT_EQ(Scanned(**engine, "you fuck").matches.size(), 1u) << n;
    } else {
      EXPECT_EQ(engine.status().code(), absl::StatusCode::kResourceExhausted)
          << n << ": " << engine.status();
    }
  }
  EXPECT_GT(failures, 5);
}

TEST_F(FaultInjectionTest, AllocationFailuresWhileLoadingAnEngineAreErrors) {
  const std::string blob = ShippedEngine()->Serialize();
  for (int64_t n : {0, 1, 3, 10, 30, 100, 300, 1000}) {
    absl::StatusOr<std::shared_ptr<const Engine>> engine;
    const bool fired =
        WithFailingAllocation(n, [&] { engine = Engine::Deserialize(blob); });
    if (!fired) {
      EXPECT_TRUE(engine.ok()) << engine.status();
      continue;
    }
    if (!engine.ok()) {
      EXPECT_EQ(engine.status().code(), absl::StatusCode::kResourceExhausted)
          << n << ": " << engine.status();
    }
  }
}

// A loaded engine derives its stream plan at its first OpenStream(): memory
// running out there is an error of that call, and the next OpenStream()
// derives the plan again and streams as the compiled engine does.
TEST_F(FaultInjectionTest, TheFirstStreamOfALoadedEngineCanFailAndBeRetried) {
  std::shared_ptr<const Engine> compiled =
      CompileOrDie({KeywordRule("en", {"fuck", "shit"}),
                    KeywordRule("zh", {"习近平", "傻逼"}),
                    RegexRule("phone", R"(1[3-9]\d{9})", Boundary::kDigit),
                    RegexRule("mail", R"([a-z0-9.]+@[a-z0-9]+\.[a-z]{2,6})")});
  const std::string blob = compiled->Serialize();
  const std::string text = kText;
  auto streamed = [&](const Engine& engine) {
    absl::StatusOr<Stream> stream = engine.OpenStream();
    if (!stream.ok()) return "error: " + stream.status().ToString();
    std::string out;
    for (size_t i = 0; i < text.size(); i += 5) {
      out += stream->Feed(std::string_view(text).substr(i, 5));
    }
    return out + stream->Finish();
  };
  const std::string expected = streamed(*compiled);
  ASSERT_NE(expected, text);  // something is masked
  int failures = 0;
  for (int64_t n = 0;; ++n) {
    std::shared_ptr<const Engine> engine = *Engine::Deserialize(blob);
    absl::Status open_status;
    const bool fired = WithFailingAllocation(n, [&] {
      absl::StatusOr<Stream> stream = engine->OpenStream();
      if (!stream.ok()) open_status = stream.status();
    });
    if (!fired) break;
    ++failures;
    if (!open_status.ok()) {
      EXPECT_EQ(open_status.code(), absl::StatusCode::kResourceExhausted)
          << n << ": " << open_status;
    }
    EXPECT_EQ(streamed(*engine), expected) << n;
  }
  EXPECT_GT(failures, 10) << "deriving the plan allocates";
}

// Hyperscan's allocators, replaced for the length of one test.
void* FailingAlloc(size_t) { return nullptr; }

class HyperscanAllocatorTest : public ::testing::Test {
 protected:
  void TearDown() override { hs_set_allocator(nullptr, nullptr); }
};

TEST_F(HyperscanAllocatorTest, ScratchFailureIsAScanError) {
  // A fresh engine: its pool has no spare scratch yet, so Scan clones one.
  std::shared_ptr<const Engine> engine =
      CompileOrDie({KeywordRule("kw", {"fuck"})});
  ASSERT_EQ(hs_set_scratch_allocator(FailingAlloc, std::free), HS_SUCCESS);
  absl::StatusOr<ScanResult> result = engine->Scan("you fuck");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_FALSE(engine->Redact("you fuck").ok());
  hs_set_scratch_allocator(nullptr, nullptr);
  EXPECT_EQ(Scanned(*engine, "you fuck").matches.size(), 1u);
}

// ScanMany() leases one scratch per worker for all its texts: without one,
// every text but an empty one is an error, on one thread or several.
TEST_F(HyperscanAllocatorTest, ScratchFailureFailsEveryTextOfScanMany) {
  std::shared_ptr<const Engine> engine =
      CompileOrDie({KeywordRule("kw", {"fuck"})});
  const std::vector<std::string_view> texts = {"you fuck", "", "clean", "fuck",
                                               "fuck you"};
  ASSERT_EQ(hs_set_scratch_allocator(FailingAlloc, std::free), HS_SUCCESS);
  for (size_t threads : {1, 2}) {
    const std::vector<absl::StatusOr<ScanResult>> results =
        engine->ScanMany(texts, threads);
    ASSERT_EQ(results.size(), texts.size());
    for (size_t i = 0; i < texts.size(); ++i) {
      if (texts[i].empty()) {
        ASSERT_TRUE(results[i].ok()) << results[i].status();
        EXPECT_TRUE(results[i]->matches.empty());
        continue;
      }
      ASSERT_FALSE(results[i].ok()) << "text " << i << ", threads " << threads;
      EXPECT_EQ(results[i].status().code(),
                absl::StatusCode::kResourceExhausted);
    }
  }
  hs_set_scratch_allocator(nullptr, nullptr);
  const std::vector<absl::StatusOr<ScanResult>> results =
      engine->ScanMany(texts, 2);
  std::vector<size_t> found;
  for (const absl::StatusOr<ScanResult>& result : results) {
    ASSERT_TRUE(result.ok()) << result.status();
    found.push_back(result->matches.size());
  }
  EXPECT_EQ(found, (std::vector<size_t>{1, 0, 0, 1, 1}));
}

TEST_F(HyperscanAllocatorTest, StreamStateFailureIsAnError) {
  std::shared_ptr<const Engine> engine =
      CompileOrDie({KeywordRule("kw", {"fuck"})});
  ASSERT_EQ(hs_set_stream_allocator(FailingAlloc, std::free), HS_SUCCESS);
  absl::StatusOr<Stream> stream = engine->OpenStream();
  ASSERT_FALSE(stream.ok());
  EXPECT_EQ(stream.status().code(), absl::StatusCode::kResourceExhausted);
}

TEST_F(HyperscanAllocatorTest, DatabaseFailureIsACompileAndLoadError) {
  RuleSet rules;
  ASSERT_TRUE(rules.Add(KeywordRule("kw", {"fuck"})).ok());
  const std::string blob = (*Engine::Compile(rules))->Serialize();
  ASSERT_EQ(hs_set_database_allocator(FailingAlloc, std::free), HS_SUCCESS);
  EXPECT_FALSE(Engine::Compile(rules).ok());
  EXPECT_FALSE(Engine::Deserialize(blob).ok());
}

TEST_F(HyperscanAllocatorTest, MiscFailureNeverGivesABrokenEngineOrBlob) {
  RuleSet rules;
  ASSERT_TRUE(rules.Add(KeywordRule("kw", {"fuck"})).ok());
  ASSERT_TRUE(rules.Add(RegexRule("mail", R"([a-z]+@[a-z]+\.[a-z]+)")).ok());
  std::shared_ptr<const Engine> engine = *Engine::Compile(rules);
  ASSERT_EQ(hs_set_misc_allocator(FailingAlloc, std::free), HS_SUCCESS);
  // Hyperscan's misc allocator serves expression analysis and serialized
  // copies: an engine compiled without it must still be right...
  absl::StatusOr<std::shared_ptr<const Engine>> compiled =
      Engine::Compile(rules);
  if (compiled.ok()) {
    EXPECT_EQ(Scanned(**compiled, "fuck a@b.io").matches.size(), 2u);
  }
  // ...and a blob is whole or not written at all.
  EXPECT_THROW(engine->Serialize(), std::bad_alloc);
}

class FailingScanTest : public ::testing::Test {
 protected:
  void TearDown() override { internal::SetFailScansForTesting(false); }
};

TEST_F(FailingScanTest, AFailedScanIsAnErrorNeverCleanText) {
  std::shared_ptr<const Engine> engine = ShippedEngine();
  internal::SetFailScansForTesting(true);
  absl::StatusOr<ScanResult> result = engine->Scan(kText);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInternal)
      << result.status();
  EXPECT_FALSE(engine->Redact(kText).ok());
}

TEST_F(FailingScanTest, AFailedStreamScanBlocksTheStream) {
  std::shared_ptr<const Engine> engine = ShippedEngine();
  absl::StatusOr<Stream> stream = engine->OpenStream();
  ASSERT_TRUE(stream.ok());
  internal::SetFailScansForTesting(true);
  std::string released;
  const std::string text = kText;
  for (size_t i = 0; i < text.size(); i += 3) {
    released += stream->Feed(std::string_view(text).substr(i, 3));
  }
  released += stream->Finish();
  EXPECT_TRUE(stream->blocked());
  EXPECT_EQ(stream->verdict(), Action::kBlock);
  EXPECT_EQ(stream->status().code(), absl::StatusCode::kInternal)
      << stream->status();
  // Nothing unsafe came out: the number is masked in the safe text, and
  // what was released is a prefix of it.
  internal::SetFailScansForTesting(false);
  const std::string safe = *engine->Redact(kText);
  EXPECT_EQ(safe.substr(0, released.size()), released);
  EXPECT_EQ(released.find("13812345678"), std::string::npos);
}

}  // namespace
}  // namespace lexgate
