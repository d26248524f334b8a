// Engine::Deserialize of forged engines: the fuzzer writes the payload and
// the envelope around it is made valid (header of this build, checksum
// recomputed; tests/support/engine_blob.h), so that every input reaches the
// payload parser instead of stopping at the checksum.
//
// Input: the payload (corpus/deserialize/ holds the payloads of the seed
// engines, deserialize_seeds.h; `fuzz_make_seeds` rewrites them).
// Properties: Deserialize never crashes or throws; an engine it accepts
// scans the seed texts without crashing or throwing, reports either an
// error or results that pass CheckScan, and keeps the stream contract.
// The same blob written to a file loads with Engine::Load (which leaves
// the stream database in the file until the first stream) to an engine
// of the same fingerprint, which keeps the stream contract too.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/deserialize_seeds.h"
#include "fuzz/fuzz_checks.h"
#include "lexgate/engine.h"
#include "support/engine_blob.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string reference =
      lexgate::fuzz::SeedEngines().front().second->Serialize();
  const std::string blob = lexgate::testing::WithEnginePayload(
      reference, std::string_view(reinterpret_cast<const char*>(data), size));
  auto engine = lexgate::Engine::Deserialize(blob);
  if (!engine.ok()) return 0;
  static const std::string path =
      "/tmp/lexgate_fuzz_load_" + std::to_string(getpid()) + ".bin";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(blob.data(), static_cast<std::streamsize>(blob.size()));
  }
  auto loaded = lexgate::Engine::Load(path);
  std::remove(path.c_str());
  if (!loaded.ok() || (*loaded)->fingerprint() != (*engine)->fingerprint()) {
    std::abort();  // the file holds the blob Deserialize accepted
  }
  for (const std::string& text : lexgate::fuzz::SeedTexts()) {
    lexgate::fuzz::CheckScan(**engine, text, /*errors_allowed=*/true);
    const std::vector<std::string_view> split =
        lexgate::fuzz::SplitText(text, 1, 7);
    lexgate::fuzz::CheckStream(**engine, text, split);
    lexgate::fuzz::CheckStream(**loaded, text, split);
  }
  return 0;
}
