#include "engine_file.h"

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <system_error>

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
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat(
        "--engine '", path,
        "': cannot open: ", std::generic_category().message(errno)));
  }
  // One buffer of the file's size: an engine is tens of megabytes, and
  // every copy of it costs page faults that dominate the load.
  std::string bytes;
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  in.seekg(0, std::ios::beg);
  bool complete = true;
  if (size < 0) {  // not seekable (a pipe): read it as it comes
    in.clear();
    bytes.assign(std::istreambuf_iterator<char>(in),
                 std::istreambuf_iterator<char>());
    complete = !in.bad();
  } else if (size > 0) {
    bytes.resize(static_cast<size_t>(size));
    complete =
        static_cast<bool>(in.read(bytes.data(), size)) && in.gcount() == size;
  }
  if (!complete) {
    return absl::DataLossError(
        absl::StrCat("--engine '", path, "': read error"));
  }
  absl::StatusOr<std::shared_ptr<const lexgate::Engine>> engine =
      lexgate::Engine::Deserialize(bytes);
  if (!engine.ok()) {
    return absl::Status(
        engine.status().code(),
        absl::StrCat("--engine '", path, "': not a usable ", "lexgate engine: ",
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
