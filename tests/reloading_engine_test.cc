// lexgate/reloading_engine.h: swaps, failed builds, watching, and scans
// from several threads during repeated reloads.
#include "lexgate/reloading_engine.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lexgate/lexgate.h"
#include "support/test_util.h"

namespace lexgate {
namespace {

using ::lexgate::testing::CompileOrDie;
using ::lexgate::testing::KeywordRule;
using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

std::shared_ptr<const Engine> EngineWith(const std::string& word,
                                         size_t filler = 0) {
  std::vector<std::string> words = {word};
  for (size_t i = 0; i < filler; ++i) {
    words.push_back("filler" + std::to_string(i) + "zq");
  }
  return CompileOrDie({KeywordRule("rule." + word, words)});
}

std::vector<std::string> RuleIds(const ScanResult& result) {
  std::vector<std::string> ids;
  for (const Match& m : result.matches) ids.push_back(m.rule);
  return ids;
}

// A builder that gives the engines of `words` in turn, or an error when the
// word is empty.
EngineBuilder Alternating(std::vector<std::string> words,
                          std::atomic<int>* builds, size_t filler = 0) {
  return [words, builds,
          filler]() -> absl::StatusOr<std::shared_ptr<const Engine>> {
    const std::string& word = words[builds->fetch_add(1) % words.size()];
    if (word.empty()) return absl::InvalidArgumentError("broken rules");
    return EngineWith(word, filler);
  };
}

TEST(ReloadingEngineTest, CreateFailsWhenTheFirstBuildFails) {
  std::atomic<int> builds{0};
  auto holder = ReloadingEngine::Create(Alternating({""}, &builds));
  EXPECT_EQ(holder.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ReloadingEngineTest, ReloadSwapsAndOpenStreamsKeepTheirEngine) {
  std::atomic<int> builds{0};
  auto holder =
      ReloadingEngine::Create(Alternating({"alpha", "beta"}, &builds));
  ASSERT_TRUE(holder.ok()) << holder.status();
  ReloadingEngine& h = **holder;
  EXPECT_EQ(h.generation(), 0u);
  std::shared_ptr<const Engine> first = h.engine();
  absl::StatusOr<Stream> stream = h.OpenStream();
  ASSERT_TRUE(stream.ok());
  std::string out = stream->Feed("say al");

  ASSERT_TRUE(h.Reload().ok());
  EXPECT_EQ(h.generation(), 1u);
  EXPECT_NE(h.engine(), first);
  EXPECT_THAT(RuleIds(*h.Scan("alpha beta")),
              ::testing::ElementsAre("rule.beta"));
  // The stream opened before the swap finishes on the first engine.
  out += stream->Feed("pha and beta");
  out += stream->Finish();
  EXPECT_EQ(out, "say ***** and beta");
  // So does a caller that kept the engine.
  EXPECT_THAT(RuleIds(*first->Scan("alpha beta")),
              ::testing::ElementsAre("rule.alpha"));
}

TEST(ReloadingEngineTest, FailedBuildKeepsTheEngineAndIsReported) {
  std::atomic<int> builds{0};
  std::mutex mu;
  std::vector<std::string> reports;
  ReloadOptions options;
  options.on_reload = [&](const absl::Status& status,
                          const std::shared_ptr<const Engine>& engine) {
    std::lock_guard<std::mutex> lock(mu);
    reports.push_back(status.ok() ? "ok " + engine->fingerprint()
                                  : "error " + StatusMessage(status));
  };
  auto holder = ReloadingEngine::Create(Alternating({"alpha", ""}, &builds),
                                        std::move(options));
  ASSERT_TRUE(holder.ok());
  std::shared_ptr<const Engine> kept = (*holder)->engine();
  (*holder)->RequestReload();
  absl::Status status = (*holder)->WaitIdle();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ((*holder)->last_error().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ((*holder)->engine(), kept);
  EXPECT_EQ((*holder)->generation(), 0u);
  {
    std::lock_guard<std::mutex> lock(mu);
    EXPECT_THAT(reports, ::testing::ElementsAre("error broken rules"));
  }
  // The next good build clears the error.
  EXPECT_TRUE((*holder)->Reload().ok());
  EXPECT_TRUE((*holder)->last_error().ok());
  EXPECT_EQ((*holder)->generation(), 1u);
}

TEST(ReloadingEngineTest, RequestsDuringABuildCoalesce) {
  std::atomic<int> builds{0};
  auto holder =
      ReloadingEngine::Create(Alternating({"alpha", "beta"}, &builds, 3000));
  ASSERT_TRUE(holder.ok());
  for (int i = 0; i < 20; ++i) (*holder)->RequestReload();
  EXPECT_TRUE((*holder)->WaitIdle().ok());
  // The first build, then at most two for the twenty requests: the one
  // that may have started at once and one for those made meanwhile.
  EXPECT_GE(builds.load(), 2);
  EXPECT_LE(builds.load(), 3);
}

class TempDir {
 public:
  TempDir() {
    char name[] = "/tmp/lexgate-reload-XXXXXX";
    path_ = ::mkdtemp(name);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

void WritePack(const std::string& path, const std::string& word) {
  std::ofstream out(path + ".tmp");
  out << "[pack]\nname = \"p\"\n\n[[rule]]\nid = \"w\"\ncategory = "
         "\"profanity\"\nkeywords = [\""
      << word << "\"]\n";
  out.close();
  std::filesystem::rename(path + ".tmp", path);  // as deployments do
}

bool WaitFor(const std::function<bool()>& done, std::chrono::seconds limit) {
  const auto end = Clock::now() + limit;
  while (!done()) {
    if (Clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

// Options that watch `directory`, polled every 10 ms.
ReloadOptions Watching(const std::string& directory,
                       std::chrono::milliseconds debounce) {
  ReloadOptions options;
  options.watch = {directory};
  options.poll_interval = std::chrono::milliseconds(10);
  options.debounce = debounce;
  return options;
}

TEST(ReloadingEngineTest, ABuilderThatThrowsIsAFailedBuild) {
  // What a builder throws is the build's error: on the background thread
  // it had terminated the program (out of memory in LoadRules, say).
  std::atomic<int> builds{0};
  EngineBuilder builder =
      [&builds]() -> absl::StatusOr<std::shared_ptr<const Engine>> {
    const int n = builds.fetch_add(1);
    if (n == 1) throw std::bad_alloc();
    if (n == 2) throw std::runtime_error("disk on fire");
    return EngineWith("alpha");
  };
  ReloadOptions options;
  options.on_reload = [](const absl::Status& status,
                         const std::shared_ptr<const Engine>&) {
    if (!status.ok()) throw std::runtime_error("a careless callback");
  };
  auto holder = ReloadingEngine::Create(builder, std::move(options));
  ASSERT_TRUE(holder.ok()) << holder.status();
  (*holder)->RequestReload();
  EXPECT_EQ((*holder)->WaitIdle().code(), absl::StatusCode::kResourceExhausted);
  const absl::Status thrown = (*holder)->Reload();
  EXPECT_EQ(thrown.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(thrown.message(), HasSubstr("disk on fire"));
  EXPECT_EQ((*holder)->generation(), 0u);
  EXPECT_EQ((*holder)->Scan("alpha")->matches.size(), 1u);

  builds = 1;  // the first build throws too: Create() fails, no terminate
  EXPECT_EQ(ReloadingEngine::Create(builder).status().code(),
            absl::StatusCode::kResourceExhausted);
}

TEST(ReloadingEngineTest, OnReloadCannotWaitForItsOwnReload) {
  // WaitIdle() or Reload() from on_reload waited for the reload that
  // called them, for good (and so did the destructor).
  std::atomic<int> builds{0};
  std::vector<absl::Status> seen;
  std::mutex mu;
  ReloadingEngine* self = nullptr;
  ReloadOptions options;
  options.on_reload = [&](const absl::Status&,
                          const std::shared_ptr<const Engine>&) {
    std::lock_guard<std::mutex> lock(mu);
    seen.push_back(self->WaitIdle());
    seen.push_back(self->Reload());
  };
  auto holder =
      ReloadingEngine::Create(Alternating({"a", "b"}, &builds), options);
  ASSERT_TRUE(holder.ok()) << holder.status();
  self = holder->get();
  (*holder)->RequestReload();  // on the background thread
  ASSERT_TRUE((*holder)->WaitIdle().ok());
  ASSERT_TRUE((*holder)->Reload().ok());  // on this one
  std::lock_guard<std::mutex> lock(mu);
  ASSERT_EQ(seen.size(), 4u);
  for (const absl::Status& status : seen) {
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  }
}

TEST(ReloadingEngineTest, WaitIdleWaitsForAReloadOnAnotherThread) {
  // A Reload() running on another thread is a reload running: WaitIdle()
  // returned at once, before its error was known.
  std::atomic<int> builds{0};
  std::atomic<bool> slow{false};
  EngineBuilder builder =
      [&]() -> absl::StatusOr<std::shared_ptr<const Engine>> {
    if (builds.fetch_add(1) == 0) return EngineWith("alpha");
    slow = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    return absl::InternalError("slow build failed");
  };
  auto holder = ReloadingEngine::Create(builder);
  ASSERT_TRUE(holder.ok()) << holder.status();
  std::thread reloading([&] { (*holder)->Reload().IgnoreError(); });
  ASSERT_TRUE(WaitFor([&] { return slow.load(); }, std::chrono::seconds(10)));
  const absl::Status idle = (*holder)->WaitIdle();
  reloading.join();
  EXPECT_THAT(idle.message(), HasSubstr("slow build failed"));
}

TEST(ReloadingEngineTest, PacksThatLostTheirRulesAreAFailedBuild) {
  // A deployment that left only the taxonomy file: the build compiled, and
  // the engine swapped in screened nothing (last_error OK).
  TempDir dir;
  const std::string pack = dir.path() + "/pack.toml";
  WritePack(pack, "alpha");
  auto holder = ReloadingEngine::FromPaths({dir.path()});
  ASSERT_TRUE(holder.ok()) << holder.status();
  {
    std::ofstream out(pack);
    out << "[pack]\nname = \"p\"\n";
  }
  const absl::Status status = (*holder)->Reload();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("nothing would be screened"));
  EXPECT_EQ((*holder)->Scan("alpha")->matches.size(), 1u);
  EXPECT_EQ(ReloadingEngine::FromPaths({dir.path()}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ReloadingEngineTest, WatchingNeedsAPollInterval) {
  // A poll interval of 0 turned watching off without a word.
  for (const int ms : {0, -5}) {
    ReloadOptions options;
    options.watch = {"/tmp"};
    options.poll_interval = std::chrono::milliseconds(ms);
    std::atomic<int> builds{0};
    EXPECT_EQ(ReloadingEngine::Create(Alternating({"a"}, &builds), options)
                  .status()
                  .code(),
              absl::StatusCode::kInvalidArgument);
  }
}

TEST(ReloadingEngineTest, WatchedFilesReloadOnceAfterTheDebounce) {
  TempDir dir;
  const std::string pack = dir.path() + "/pack.toml";
  WritePack(pack, "alpha");
  ReloadOptions options = Watching(dir.path(), std::chrono::milliseconds(150));
  std::atomic<int> reloads{0};
  options.on_reload = [&](const absl::Status&,
                          const std::shared_ptr<const Engine>&) { ++reloads; };
  auto holder =
      ReloadingEngine::FromPaths({dir.path()}, {}, std::move(options));
  ASSERT_TRUE(holder.ok()) << holder.status();

  // Several writes in quick succession: one reload, after they stop.
  for (const char* word : {"beta", "gamma", "delta"}) {
    WritePack(pack, word);
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
  }
  ASSERT_TRUE(WaitFor([&] { return (*holder)->generation() == 1; },
                      std::chrono::seconds(10)));
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  EXPECT_EQ(reloads.load(), 1);
  EXPECT_THAT(RuleIds(*(*holder)->Scan("alpha delta")),
              ::testing::ElementsAre("w"));
  EXPECT_EQ((*holder)->Scan("alpha delta")->matches[0].text, "delta");

  // A broken pack: reported, the engine stays.
  {
    std::ofstream broken(pack);
    broken << "[pack\n";
  }
  ASSERT_TRUE(WaitFor([&] { return !(*holder)->last_error().ok(); },
                      std::chrono::seconds(10)));
  EXPECT_THAT((*holder)->last_error().message(), HasSubstr("pack.toml"));
  EXPECT_EQ((*holder)->Scan("delta")->matches.size(), 1u);
}

// A pack file watched on its own: its keywords_file, beside it or in
// another directory, is watched too, and so is the file a changed pack
// names instead; nothing reloads while nothing changes.
TEST(ReloadingEngineTest, KeywordFilesOfWatchedPacksAreWatched) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() + "/packs");
  std::filesystem::create_directories(dir.path() + "/lists");
  const std::string pack = dir.path() + "/packs/pack.toml";
  auto write = [](const std::string& path, const std::string& text) {
    std::ofstream out(path + ".tmp");
    out << text;
    out.close();
    std::filesystem::rename(path + ".tmp", path);
  };
  auto pack_naming = [](const std::string& file) {
    return "[pack]\nname = \"p\"\n\n[[rule]]\nid = \"w\"\ncategory = "
           "\"profanity\"\nkeywords_file = \"" +
           file + "\"\n";
  };
  write(dir.path() + "/lists/words.txt", "alpha\n");
  write(pack, pack_naming("../lists/words.txt"));
  ReloadOptions options;
  options.watch = {pack};
  options.poll_interval = std::chrono::milliseconds(10);
  options.debounce = std::chrono::milliseconds(50);
  auto holder = ReloadingEngine::FromPaths({pack}, {}, std::move(options));
  ASSERT_TRUE(holder.ok()) << holder.status();
  auto settled = [&] {  // longer than a poll and the debounce
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    return (*holder)->generation();
  };
  EXPECT_EQ(settled(), 0u);  // no reload without a change

  write(dir.path() + "/lists/words.txt", "beta\n");
  ASSERT_TRUE(WaitFor([&] { return (*holder)->generation() == 1; },
                      std::chrono::seconds(10)));
  EXPECT_EQ((*holder)->Scan("alpha beta")->matches.at(0).text, "beta");
  EXPECT_EQ(settled(), 1u);  // one build per change

  // The pack names another file, broken (old Mac line ends): the reload
  // fails, and fixing that file reloads.
  write(dir.path() + "/packs/more.txt", "gamma\rdelta\r");
  write(pack, pack_naming("more.txt"));
  ASSERT_TRUE(WaitFor([&] { return !(*holder)->last_error().ok(); },
                      std::chrono::seconds(10)));
  EXPECT_THAT((*holder)->last_error().message(), HasSubstr("more.txt"));
  write(dir.path() + "/packs/more.txt", "gamma\n");
  ASSERT_TRUE(WaitFor([&] { return (*holder)->generation() == 2; },
                      std::chrono::seconds(10)));
  EXPECT_EQ((*holder)->Scan("beta gamma")->matches.at(0).text, "gamma");
  EXPECT_EQ(settled(), 2u);  // the new list alone is no change

  write(dir.path() + "/packs/more.txt", "delta\n");
  ASSERT_TRUE(WaitFor([&] { return (*holder)->generation() == 3; },
                      std::chrono::seconds(10)));
  EXPECT_EQ((*holder)->Scan("gamma delta")->matches.at(0).text, "delta");

  // The pack names a file that does not exist yet (deployed after it):
  // the reload fails, and creating the file reloads.
  write(pack, pack_naming("../lists/later.txt"));
  ASSERT_TRUE(WaitFor(
      [&] {
        return (*holder)->last_error().message().find("later.txt") !=
               std::string_view::npos;
      },
      std::chrono::seconds(10)));
  write(dir.path() + "/lists/later.txt", "epsilon\n");
  ASSERT_TRUE(WaitFor([&] { return (*holder)->generation() == 4; },
                      std::chrono::seconds(10)));
  EXPECT_EQ((*holder)->Scan("delta epsilon")->matches.at(0).text, "epsilon");
}

// A rule file changed while the first engine is built (a first compile of
// large packs takes seconds) is reloaded: the files are looked at before
// that build, not after it.
TEST(ReloadingEngineTest, AChangeDuringTheFirstBuildIsReloaded) {
  TempDir dir;
  const std::string pack = dir.path() + "/pack.toml";
  WritePack(pack, "alpha");
  std::atomic<int> builds{0};
  EngineBuilder builder = [&, paths = std::vector<std::string>{dir.path()}]()
      -> absl::StatusOr<std::shared_ptr<const Engine>> {
    absl::StatusOr<RuleSet> rules = LoadRules(paths);
    if (!rules.ok()) return rules.status();
    // The edit lands after the rules were read, before the build ends.
    if (builds.fetch_add(1) == 0) WritePack(pack, "omega");
    return Engine::Compile(*rules);
  };
  auto holder = ReloadingEngine::Create(
      std::move(builder), Watching(dir.path(), std::chrono::milliseconds(50)));
  ASSERT_TRUE(holder.ok()) << holder.status();
  EXPECT_EQ((*holder)->Scan("alpha omega")->matches[0].text, "alpha");
  ASSERT_TRUE(WaitFor([&] { return (*holder)->generation() == 1; },
                      std::chrono::seconds(10)));
  ASSERT_EQ((*holder)->Scan("alpha omega")->matches.size(), 1u);
  EXPECT_EQ((*holder)->Scan("alpha omega")->matches[0].text, "omega");
}

// The proof under load: scanning threads never fail, every result is the
// one of the engine the scan used (never a mix, never a half-built engine),
// and the worst time a scan takes while engines are compiled and swapped is
// measured against the same scans without reloads.
TEST(ReloadingEngineTest, ScansDuringRepeatedReloads) {
  // Both engines have a few thousand keywords, so that a build takes a
  // while and overlaps many scans.
  constexpr int kFiller = 2000;
  std::atomic<int> builds{0};
  auto holder =
      ReloadingEngine::Create(Alternating({"alpha", "beta"}, &builds, kFiller));
  ASSERT_TRUE(holder.ok());
  ReloadingEngine& h = **holder;
  const std::string text = "one alpha, one beta, and some filler text. ";
  const std::string expected_alpha = h.engine()->fingerprint();

  struct Stats {
    std::vector<double> micros;      // engine() + Scan()
    std::vector<double> get_micros;  // engine() alone: the holder's part
    size_t failures = 0;
    size_t inconsistent = 0;
  };
  auto scan_loop = [&](std::atomic<bool>* stop, Stats* stats) {
    while (!stop->load(std::memory_order_relaxed)) {
      const auto begin = Clock::now();
      std::shared_ptr<const Engine> engine = h.engine();
      const auto got = Clock::now();
      absl::StatusOr<ScanResult> result = engine->Scan(text);
      const auto end = Clock::now();
      stats->micros.push_back(
          std::chrono::duration<double, std::micro>(end - begin).count());
      stats->get_micros.push_back(
          std::chrono::duration<double, std::micro>(got - begin).count());
      if (!result.ok()) {
        ++stats->failures;
        continue;
      }
      const bool alpha = engine->fingerprint() == expected_alpha;
      const std::vector<std::string> want = {alpha ? "rule.alpha"
                                                   : "rule.beta"};
      if (RuleIds(*result) != want) ++stats->inconsistent;
    }
  };
  auto run = [&](int threads, const std::function<void()>& meanwhile) {
    std::atomic<bool> stop{false};
    std::vector<Stats> stats(threads);
    std::vector<std::thread> pool;
    for (int i = 0; i < threads; ++i) {
      pool.emplace_back(scan_loop, &stop, &stats[i]);
    }
    meanwhile();
    stop = true;
    for (std::thread& t : pool) t.join();
    Stats all;
    for (const Stats& s : stats) {
      all.micros.insert(all.micros.end(), s.micros.begin(), s.micros.end());
      all.get_micros.insert(all.get_micros.end(), s.get_micros.begin(),
                            s.get_micros.end());
      all.failures += s.failures;
      all.inconsistent += s.inconsistent;
    }
    std::sort(all.micros.begin(), all.micros.end());
    std::sort(all.get_micros.begin(), all.get_micros.end());
    return all;
  };
  auto quantile = [](const std::vector<double>& sorted, double q) {
    return sorted[static_cast<size_t>(q * (sorted.size() - 1))];
  };

  constexpr int kThreads = 2;
  constexpr int kReloads = 10;
  const Stats quiet = run(
      kThreads, [] { std::this_thread::sleep_for(std::chrono::seconds(1)); });
  const auto reload_begin = Clock::now();
  const Stats loaded = run(kThreads, [&] {
    for (int i = 0; i < kReloads; ++i) {
      h.RequestReload();
      ASSERT_TRUE(h.WaitIdle().ok());
    }
  });
  const double reload_seconds =
      std::chrono::duration<double>(Clock::now() - reload_begin).count();

  EXPECT_EQ(h.generation(), static_cast<uint64_t>(kReloads));
  EXPECT_EQ(loaded.failures, 0u);
  EXPECT_EQ(loaded.inconsistent, 0u);
  ASSERT_FALSE(quiet.micros.empty());
  ASSERT_FALSE(loaded.micros.empty());
  auto report = [&](const char* what, const Stats& s) {
    std::printf(
        "[ measure  ] %s: engine()+Scan() us p50 %.1f p99 %.1f p99.99 %.1f "
        "max %.1f; engine() alone us p99.99 %.2f max %.1f (%zu scans)\n",
        what, quantile(s.micros, 0.5), quantile(s.micros, 0.99),
        quantile(s.micros, 0.9999), s.micros.back(),
        quantile(s.get_micros, 0.9999), s.get_micros.back(), s.micros.size());
  };
  std::printf(
      "[ measure  ] %d threads scanning; %d reloads in %.2f s (%.0f "
      "ms per build of %d keywords)\n",
      kThreads, kReloads, reload_seconds, 1000 * reload_seconds / kReloads,
      kFiller + 1);
  report("without reloads", quiet);
  report("during reloads ", loaded);
  RecordProperty("worst_scan_us_during_reloads",
                 std::to_string(loaded.micros.back()));
}

}  // namespace
}  // namespace lexgate
