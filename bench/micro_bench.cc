// Micro-benchmarks (Google Benchmark): folding and scanning of short and long
// mixed Chinese/English texts, streaming (OpenStream, Feed) and compiling,
// with the shipped rule packs (rules/, or $LEXGATE_BENCH_RULES).
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
#include <vector>

#include "bench_common.h"
#include "lexgate/lexgate.h"
#include "lexgate/stream.h"

namespace {

using lexgate_bench::MixedText;

// The shipped packs, or $LEXGATE_BENCH_RULES (scripts/bench --packs).
std::string RulesDir() {
  const char* dir = std::getenv("LEXGATE_BENCH_RULES");
  return dir != nullptr && *dir != '\0' ? dir : LEXGATE_SOURCE_DIR "/rules";
}

std::shared_ptr<const lexgate::Engine> CompileShipped(
    const lexgate::EngineOptions& options) {
  absl::StatusOr<lexgate::RuleSet> rules = lexgate::LoadRules(RulesDir());
  if (!rules.ok()) {
    std::fprintf(stderr, "%s\n", rules.status().ToString().c_str());
    std::abort();
  }
  absl::StatusOr<std::shared_ptr<const lexgate::Engine>> engine =
      lexgate::Engine::Compile(*rules, options);
  if (!engine.ok()) {
    std::fprintf(stderr, "%s\n", engine.status().ToString().c_str());
    std::abort();
  }
  return *std::move(engine);
}

const std::shared_ptr<const lexgate::Engine>& ShippedEngine() {
  static const std::shared_ptr<const lexgate::Engine> engine =
      CompileShipped({});
  return engine;
}

// The shipped rules compiled for streaming too.
lexgate::EngineOptions Streaming() {
  lexgate::EngineOptions options;
  options.streaming = true;
  return options;
}

const std::shared_ptr<const lexgate::Engine>& ShippedStreamingEngine() {
  static const std::shared_ptr<const lexgate::Engine> engine =
      CompileShipped(Streaming());
  return engine;
}

// `text` cut into deltas of 1, 2, 3, 4, 1, 2, ... code points: chatbot
// tokens.
std::vector<std::string_view> TokenDeltas(std::string_view text) {
  std::vector<std::string_view> out;
  size_t begin = 0;
  int want = 1;
  while (begin < text.size()) {
    size_t end = begin;
    for (int i = 0; i < want && end < text.size(); ++i) {
      ++end;
      while (end < text.size() &&
             (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
        ++end;
      }
    }
    out.push_back(text.substr(begin, end - begin));
    begin = end;
    want = want % 4 + 1;
  }
  return out;
}

void BM_Fold(benchmark::State& state) {
  const std::string text = MixedText(static_cast<size_t>(state.range(0)));
  const lexgate::Normalizer normalizer;
  lexgate::NormalizedText out;
  for (auto _ : state) {
    if (!normalizer.Normalize(text, &out).ok()) {
      state.SkipWithError("Normalize failed");
      break;
    }
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
    lexgate::ScanResult result = lexgate_bench::ScanOrDie(engine, text);
    matches = result.matches.size();
    benchmark::DoNotOptimize(result);
  }
  state.counters["matches"] = static_cast<double>(matches);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_ScanShippedRules)
    ->Arg(200)
    ->Arg(2048)
    ->Arg(64 << 10)
    ->Arg(1 << 20);

void BM_RedactShippedRules(benchmark::State& state) {
  const std::string text = MixedText(static_cast<size_t>(state.range(0)));
  const lexgate::Engine& engine = *ShippedEngine();
  for (auto _ : state) {
    std::string redacted = lexgate_bench::RedactOrDie(engine, text);
    benchmark::DoNotOptimize(redacted.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_RedactShippedRules)->Arg(2048);

// One whole answer streamed: OpenStream, a Feed() per 1-4 character delta,
// Finish(). "deltas" is the number of Feed() calls per answer, "per_delta"
// the CPU time per Feed().
void BM_StreamAnswer(benchmark::State& state) {
  const std::string text = MixedText(static_cast<size_t>(state.range(0)));
  const std::vector<std::string_view> deltas = TokenDeltas(text);
  const lexgate::Engine& engine = *ShippedStreamingEngine();
  const lexgate::StreamOptions options = lexgate::StreamOptions();
  for (auto _ : state) {
    absl::StatusOr<lexgate::Stream> stream = engine.OpenStream(options);
    size_t emitted = 0;
    for (std::string_view d : deltas) emitted += stream->Feed(d).size();
    emitted += stream->Finish().size();
    benchmark::DoNotOptimize(emitted);
  }
  state.counters["deltas"] = static_cast<double>(deltas.size());
  // Seconds per Feed() (shown as e.g. "150n": 150 ns).
  state.counters["per_delta"] =
      benchmark::Counter(static_cast<double>(deltas.size()),
                         benchmark::Counter::kIsIterationInvariantRate |
                             benchmark::Counter::kInvert);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_StreamAnswer)->Arg(2048);

void BM_OpenStream(benchmark::State& state) {
  const lexgate::Engine& engine = *ShippedStreamingEngine();
  const lexgate::StreamOptions options = lexgate::StreamOptions();
  for (auto _ : state) {
    absl::StatusOr<lexgate::Stream> stream = engine.OpenStream(options);
    benchmark::DoNotOptimize(stream);
  }
}
BENCHMARK(BM_OpenStream);

void BM_CompileShippedRules(benchmark::State& state) {
  absl::StatusOr<lexgate::RuleSet> rules = lexgate::LoadRules(RulesDir());
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

void BM_CompileShippedRulesStreaming(benchmark::State& state) {
  absl::StatusOr<lexgate::RuleSet> rules = lexgate::LoadRules(RulesDir());
  if (!rules.ok()) {
    state.SkipWithError(rules.status().ToString().c_str());
    return;
  }
  for (auto _ : state) {
    auto engine = lexgate::Engine::Compile(*rules, Streaming());
    benchmark::DoNotOptimize(engine);
  }
}
BENCHMARK(BM_CompileShippedRulesStreaming)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
