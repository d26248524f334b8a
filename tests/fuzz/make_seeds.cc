// Writes the seed corpus of the deserialize fuzz target: the payload of
// each seed engine (deserialize_seeds.h) as corpus/deserialize/<name>.
// Run it after a change of the engine format (scripts/fuzz --seeds).
//
// Usage: fuzz_make_seeds DIR
#include <cstdio>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz/deserialize_seeds.h"
#include "support/engine_blob.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  for (const auto& [name, engine] : lexgate::fuzz::SeedEngines()) {
    const std::string blob = engine->Serialize();
    std::optional<std::string_view> payload =
        lexgate::testing::EnginePayload(blob);
    if (!payload) {
      std::fprintf(stderr, "%s: no payload in the serialized engine\n",
                   name.c_str());
      return 1;
    }
    const std::string path = std::string(argv[1]) + "/" + name;
    std::ofstream out(path, std::ios::binary);
    out.write(payload->data(), static_cast<std::streamsize>(payload->size()));
    if (!out) {
      std::fprintf(stderr, "cannot write %s\n", path.c_str());
      return 1;
    }
  }
  return 0;
}
