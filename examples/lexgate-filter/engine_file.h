// Saved engines: `lexgate-filter compile -o FILE` compiles the packs once;
// `--engine FILE` starts from the file instead of compiling (a second
// instead of 1 s for the shipped packs, 5 s for 100k keywords).
#ifndef LEXGATE_EXAMPLES_LEXGATE_FILTER_ENGINE_FILE_H_
#define LEXGATE_EXAMPLES_LEXGATE_FILTER_ENGINE_FILE_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "lexgate/engine.h"
#include "options.h"

namespace lexgate_filter {

// Loads an engine written by WriteEngineFile() with lexgate::Engine::Load()
// (mapped; the stream database is read at the first stream). The file is
// checked (magic, format, Hyperscan and platform, checksums): a foreign or
// damaged file is an error naming the file and what is wrong, never a
// crash.
absl::StatusOr<std::shared_ptr<const lexgate::Engine>> ReadEngineFile(
    const std::string& path);

// Writes `engine` to `path` through a temporary file renamed into place, so
// that a reader never sees half a file.
absl::Status WriteEngineFile(const lexgate::Engine& engine,
                             const std::string& path);

// `compile`: loads and compiles options.rule_paths (for streaming unless
// --no-streaming), writes the engine to options.output_path and reports
// its fingerprint and size on stdout. Returns the exit status (2 on any
// error, reported on stderr).
int RunCompile(const Options& options);

}  // namespace lexgate_filter

#endif  // LEXGATE_EXAMPLES_LEXGATE_FILTER_ENGINE_FILE_H_
