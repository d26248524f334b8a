#include "lexgate/default_rules.h"

#include <dlfcn.h>

#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_join.h"

// Set by lib/CMakeLists.txt; the fallbacks keep the file compilable alone.
#ifndef LEXGATE_RULES_FROM_LIBDIR  // rules dir relative to the library's dir
#define LEXGATE_RULES_FROM_LIBDIR "../share/lexgate/rules"
#endif
#ifndef LEXGATE_RULES_FROM_BINDIR  // the same from the programs' dir
#define LEXGATE_RULES_FROM_BINDIR "../share/lexgate/rules"
#endif
#ifndef LEXGATE_INSTALL_FULL_RULES_DIR
#define LEXGATE_INSTALL_FULL_RULES_DIR "/usr/local/share/lexgate/rules"
#endif
#ifndef LEXGATE_SOURCE_RULES_DIR
#define LEXGATE_SOURCE_RULES_DIR "rules"
#endif

namespace lexgate {
namespace {

namespace fs = std::filesystem;

// The directory of the file (shared library or executable) this code was
// loaded from; empty when the loader cannot say.
fs::path ThisBinaryDir() {
  Dl_info info;
  if (dladdr(reinterpret_cast<const void*>(&DefaultRulesPath), &info) == 0 ||
      info.dli_fname == nullptr) {
    return {};
  }
  std::error_code error;
  fs::path binary = fs::canonical(info.dli_fname, error);
  return error ? fs::path() : binary.parent_path();
}

}  // namespace

absl::StatusOr<std::string> DefaultRulesPath() {
  std::vector<std::string> candidates;
  if (fs::path dir = ThisBinaryDir(); !dir.empty()) {
    candidates.push_back(
        (dir / LEXGATE_RULES_FROM_LIBDIR).lexically_normal().string());
    candidates.push_back(
        (dir / LEXGATE_RULES_FROM_BINDIR).lexically_normal().string());
  }
  candidates.push_back(LEXGATE_SOURCE_RULES_DIR);
  candidates.push_back(LEXGATE_INSTALL_FULL_RULES_DIR);
  for (const std::string& candidate : candidates) {
    std::error_code error;
    if (fs::is_directory(candidate, error)) return candidate;
  }
  return absl::NotFoundError("lexgate's shipped rule packs were not found in " +
                             absl::StrJoin(candidates, ", ") +
                             " (reinstall lexgate, or load your own packs)");
}

}  // namespace lexgate
