// Scan + Redact with the shipped packs (rules/) over arbitrary bytes.
//
// Input: the text.
// Properties (CheckScan): spans inside the text, ordered, on code-point
// boundaries of valid input, each match's text equal to its span, the
// verdict the strongest action; Redact() valid UTF-8 for valid input,
// identical outside the masked spans, and the same as Redact(text, Scan()).
// And the fast path equals the slow one: the same matches from an engine
// that finds every start with Hyperscan (no late starts,
// lib/compile/late_starts.h), and from a scan that hands its hits to the
// resolver one at a time, each batch dropping the hits that can never be
// matches (HitFlush, lib/scan/hits.h).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "compile/late_starts.h"
#include "fuzz/fuzz_checks.h"
#include "lexgate/engine.h"
#include "lexgate/rules.h"
#include "scan/hits.h"

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

// Fails unless `a` and `b`, two scans of one text, agree.
void CheckSame(const char* property,
               const absl::StatusOr<lexgate::ScanResult>& a,
               const absl::StatusOr<lexgate::ScanResult>& b) {
  auto describe = [](const absl::StatusOr<lexgate::ScanResult>& r) {
    return r.ok() ? Describe(*r) : r.status().ToString();
  };
  if (a.ok() != b.ok() || describe(a) != describe(b)) {
    lexgate::fuzz::Fail(property, describe(a) + " vs " + describe(b));
  }
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
  CheckSame("late starts find what start-of-match finds", fast,
            SlowEngine().Scan(text));
  lexgate::internal::SetHitFlushEveryForTesting(1);
  const absl::StatusOr<lexgate::ScanResult> batched = Engine().Scan(text);
  lexgate::internal::SetHitFlushEveryForTesting(0);
  CheckSame("hits handed on one at a time find what one batch finds", fast,
            batched);
  return 0;
}
