#include "engine_file.h"

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "lexgate/engine.h"
#include "lexgate/status.h"
#include "options.h"
#include "rule_paths.h"

namespace lexgate_filter {

absl::StatusOr<std::shared_ptr<const lexgate::Engine>> ReadEngineFile(
    const std::string& path) {
  absl::StatusOr<std::shared_ptr<const lexgate::Engine>> engine =
      lexgate::Engine::Load(path);
  if (!engine.ok()) {
    const absl::StatusCode code = engine.status().code();
    // Load()'s own message names the file it could not open or read.
    const bool unreadable = code == absl::StatusCode::kNotFound ||
                            code == absl::StatusCode::kPermissionDenied ||
                            code == absl::StatusCode::kUnavailable;
    return absl::Status(
        code, absl::StrCat("--engine '", path, "': ",
                           unreadable ? "" : "not a usable lexgate engine: ",
                           lexgate::StatusMessage(engine.status())));
  }
  return engine;
}

absl::Status WriteEngineFile(const lexgate::Engine& engine,
                             const std::string& path) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    const std::string blob = engine.Serialize();
    out.write(blob.data(), static_cast<std::streamsize>(blob.size()));
    out.close();
    if (!out) {
      std::remove(temporary.c_str());
      return absl::UnavailableError(absl::StrCat("cannot write '", path, "'"));
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    return absl::UnavailableError(absl::StrCat("cannot write '", path, "'"));
  }
  return absl::OkStatus();
}

int RunCompile(const Options& options) {
  absl::StatusOr<LoadedRules> loaded =
      LoadAndCompile(options.rule_paths, options.compile_streaming);
  absl::Status status = loaded.status();
  if (status.ok())
    status = WriteEngineFile(*loaded->engine, options.output_path);
  if (!status.ok()) {
    std::fprintf(stderr, "%s: %s\n", kProgramName,
                 lexgate::StatusMessage(status).c_str());
    return 2;
  }
  std::printf("wrote %s: %zu rules, fingerprint %s%s\n",
              options.output_path.c_str(), loaded->engine->rule_count(),
              loaded->engine->fingerprint().c_str(),
              options.compile_streaming ? "" : ", without streaming");
  return 0;
}

}  // namespace lexgate_filter
