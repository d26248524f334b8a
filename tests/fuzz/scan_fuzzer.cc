// Scan + Redact with the shipped packs (rules/) over arbitrary bytes.
//
// Input: the text.
// Properties (CheckScan): spans inside the text, ordered, on code-point
// boundaries of valid input, each match's text equal to its span, the
// verdict the strongest action; Redact() valid UTF-8 for valid input,
// identical outside the masked spans, and the same as Redact(text, Scan()).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "fuzz/fuzz_checks.h"
#include "lexgate/engine.h"
#include "lexgate/rules.h"

namespace {

std::shared_ptr<const lexgate::Engine> ShippedEngine() {
  lexgate::EngineOptions options;
  options.streaming = false;  // the batch path; stream_fuzzer streams
  auto engine =
      lexgate::Engine::Compile(lexgate::fuzz::ShippedRulesOrAbort(), options);
  if (!engine.ok()) {
    lexgate::fuzz::Fail("the shipped packs compile",
                        engine.status().ToString());
  }
  return *engine;
}

const lexgate::Engine& Engine() {
  static const std::shared_ptr<const lexgate::Engine> engine = ShippedEngine();
  return *engine;
}

}  // namespace

// Compiles the shipped packs before libFuzzer starts its per-input timer:
// under ASan on a busy machine the compile alone can pass -timeout=30.
// (replay_main.cc does not call it; the first input compiles then.)
extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  Engine();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  lexgate::fuzz::CheckScan(
      Engine(), std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
