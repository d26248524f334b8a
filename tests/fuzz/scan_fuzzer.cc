// Scan + Redact with the shipped packs (rules/) over arbitrary bytes.
//
// Input: the text.
// Properties (CheckScan): spans inside the text, ordered, on code-point
// boundaries of valid input, each match's text equal to its span, the
// verdict the strongest action; Redact() valid UTF-8 for valid input,
// identical outside the masked spans, and the same as Redact(text, Scan()).
// And the fast path equals the slow one: the same matches from an engine
// that finds every start with Hyperscan (no late starts,
// lib/compile/late_starts.h).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "compile/late_starts.h"
#include "fuzz/fuzz_checks.h"
#include "lexgate/engine.h"
#include "lexgate/rules.h"

namespace {

std::shared_ptr<const lexgate::Engine> ShippedEngine(bool late_starts) {
  lexgate::EngineOptions options;
  options.streaming = false;  // the batch path; stream_fuzzer streams
  lexgate::internal::SetLateStartsForTesting(late_starts);
  auto engine =
      lexgate::Engine::Compile(lexgate::fuzz::ShippedRulesOrAbort(), options);
  lexgate::internal::SetLateStartsForTesting(true);
  if (!engine.ok()) {
    lexgate::fuzz::Fail("the shipped packs compile",
                        engine.status().ToString());
  }
  return *engine;
}

const lexgate::Engine& Engine() {
  static const std::shared_ptr<const lexgate::Engine> engine =
      ShippedEngine(/*late_starts=*/true);
  return *engine;
}

const lexgate::Engine& SlowEngine() {
  static const std::shared_ptr<const lexgate::Engine> engine =
      ShippedEngine(/*late_starts=*/false);
  return *engine;
}

// "rule@start-end " per match, and the verdict.
std::string Describe(const lexgate::ScanResult& result) {
  std::string out(lexgate::ActionName(result.verdict));
  for (const lexgate::Match& m : result.matches) {
    out += " " + m.rule + "@" + std::to_string(m.start) + "-" +
           std::to_string(m.end);
  }
  return out;
}

}  // namespace

// Compiles the shipped packs before libFuzzer starts its per-input timer:
// under ASan on a busy machine the compile alone can pass -timeout=30.
// (replay_main.cc does not call it; the first input compiles then.)
extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  Engine();
  SlowEngine();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  lexgate::fuzz::CheckScan(Engine(), text);
  const absl::StatusOr<lexgate::ScanResult> fast = Engine().Scan(text);
  const absl::StatusOr<lexgate::ScanResult> slow = SlowEngine().Scan(text);
  if (fast.ok() != slow.ok() ||
      (fast.ok() && Describe(*fast) != Describe(*slow))) {
    lexgate::fuzz::Fail(
        "late starts find what start-of-match finds",
        (fast.ok() ? Describe(*fast) : fast.status().ToString()) + " vs " +
            (slow.ok() ? Describe(*slow) : slow.status().ToString()));
  }
  return 0;
}
