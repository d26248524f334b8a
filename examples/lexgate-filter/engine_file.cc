#include "engine_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "lexgate/engine.h"
#include "lexgate/status.h"
#include "lexgate/stream.h"
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

namespace {

// The file `compile -o PATH` replaces: PATH, or the file a symbolic link at
// PATH points to (the link stays). It is written beside it and renamed over
// it, so that a reader never sees half an engine: it must be a regular
// file or not exist yet (-o /dev/stdout would replace the device link).
absl::StatusOr<std::string> EngineFileTarget(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::path target = path;
  if (fs::is_symlink(fs::symlink_status(target, error))) {
    target = fs::weakly_canonical(target, error);
    if (error) {
      return absl::UnavailableError(absl::StrCat(
          "cannot write '", path, "': cannot resolve it: ", error.message()));
    }
  }
  const fs::file_status status = fs::status(target, error);
  if (fs::exists(status) && !fs::is_regular_file(status)) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot write '", path,
                     "': not a regular file (an engine file is written "
                     "beside its path and renamed over it)"));
  }
  return target.string();
}

}  // namespace

absl::Status WriteEngineFile(const lexgate::Engine& engine,
                             const std::string& path) {
  absl::StatusOr<std::string> target = EngineFileTarget(path);
  if (!target.ok()) return target.status();
  const std::string temporary = *target + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    const std::string blob = engine.Serialize();
    out.write(blob.data(), static_cast<std::streamsize>(blob.size()));
    out.close();
    if (!out) {
      // The reason the stream failed, as the C library left it.
      const int error = errno;
      std::remove(temporary.c_str());
      return absl::UnavailableError(
          absl::StrCat("cannot write '", path, "': ", std::strerror(error)));
    }
  }
  if (std::rename(temporary.c_str(), target->c_str()) != 0) {
    const int error = errno;
    std::remove(temporary.c_str());
    return absl::UnavailableError(
        absl::StrCat("cannot write '", path, "': ", std::strerror(error)));
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
  // An engine compiled for streaming may still refuse streams (a rule
  // that matches unfolded text): said now, not at the first --stream.
  std::string streaming = ", without streaming";
  if (options.compile_streaming) {
    absl::StatusOr<lexgate::Stream> stream = loaded->engine->OpenStream();
    streaming = stream.ok() ? ""
                            : absl::StrCat(", streams refused: ",
                                           stream.status().message());
  }
  std::printf("wrote %s: %zu rules, fingerprint %s%s\n",
              options.output_path.c_str(), loaded->engine->rule_count(),
              loaded->engine->fingerprint().c_str(), streaming.c_str());
  return 0;
}

}  // namespace lexgate_filter
