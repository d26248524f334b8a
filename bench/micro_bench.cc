// Micro-benchmarks (Google Benchmark): folding and scanning of short and long
// mixed Chinese/English texts with the shipped rule packs (rules/).
//
//   build-bench/bench/micro_bench [--benchmark_filter=Scan]
//
// Bytes/s are reported per benchmark (SetBytesProcessed), latency per
// iteration is the "Time" column.

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "lexgate/lexgate.h"

namespace {

// A chatbot-style answer, mixed scripts, with a few things the shipped packs
// look for (a phone number, an email address, a spaced-out profanity) and
// some evasive spellings for the fold to work on.
constexpr std::string_view kMixedParagraph =
    "您好！关于您的问题，我们建议先检查网络配置，再重启服务。"
    "If the problem persists, please contact support at "
    "help.desk@example.com or call 138 1234 5678. "
    "請注意：繁體字與ＦＵＬＬＷＩＤＴＨ letters are folded too; "
    "some users write f.u.c.k or 习 近 平 to dodge filters. "
    "另外，系统日志位于 /var/log/syslog，可以用 journalctl -u nginx 查看。"
    "Thanks for your patience, and have a nice day. ";

// `bytes` bytes of text cut from repeated kMixedParagraph, never in the
// middle of a UTF-8 sequence.
std::string MixedText(size_t bytes) {
  std::string s;
  while (s.size() < bytes) s += kMixedParagraph;
  size_t end = bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  s.resize(end);
  return s;
}

const std::shared_ptr<const lexgate::Engine>& ShippedEngine() {
  static const std::shared_ptr<const lexgate::Engine> engine = [] {
    absl::StatusOr<lexgate::RuleSet> rules =
        lexgate::LoadRules(LEXGATE_SOURCE_DIR "/rules");
    if (!rules.ok()) {
      std::fprintf(stderr, "%s\n", rules.status().ToString().c_str());
      std::abort();
    }
    absl::StatusOr<std::shared_ptr<const lexgate::Engine>> engine =
        lexgate::Engine::Compile(*rules);
    if (!engine.ok()) {
      std::fprintf(stderr, "%s\n", engine.status().ToString().c_str());
      std::abort();
    }
    return *std::move(engine);
  }();
  return engine;
}

void BM_Fold(benchmark::State& state) {
  const std::string text = MixedText(static_cast<size_t>(state.range(0)));
  const lexgate::Normalizer normalizer;
  lexgate::NormalizedText out;
  for (auto _ : state) {
    normalizer.Normalize(text, &out);
    benchmark::DoNotOptimize(out.folded.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_Fold)->Arg(200)->Arg(2048)->Arg(64 << 10);

void BM_ScanShippedRules(benchmark::State& state) {
  const std::string text = MixedText(static_cast<size_t>(state.range(0)));
  const lexgate::Engine& engine = *ShippedEngine();
  size_t matches = 0;
  for (auto _ : state) {
    lexgate::ScanResult result = engine.Scan(text);
    matches = result.matches.size();
    benchmark::DoNotOptimize(result);
  }
  state.counters["matches"] = static_cast<double>(matches);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_ScanShippedRules)->Arg(200)->Arg(2048);

void BM_RedactShippedRules(benchmark::State& state) {
  const std::string text = MixedText(static_cast<size_t>(state.range(0)));
  const lexgate::Engine& engine = *ShippedEngine();
  for (auto _ : state) {
    std::string redacted = engine.Redact(text);
    benchmark::DoNotOptimize(redacted.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_RedactShippedRules)->Arg(2048);

void BM_CompileShippedRules(benchmark::State& state) {
  absl::StatusOr<lexgate::RuleSet> rules =
      lexgate::LoadRules(LEXGATE_SOURCE_DIR "/rules");
  if (!rules.ok()) {
    state.SkipWithError(rules.status().ToString().c_str());
    return;
  }
  for (auto _ : state) {
    auto engine = lexgate::Engine::Compile(*rules);
    benchmark::DoNotOptimize(engine);
  }
}
BENCHMARK(BM_CompileShippedRules)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
