#include "rule_paths.h"

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_split.h"
#include "lexgate/engine.h"
#include "lexgate/rules.h"

#ifndef LEXGATE_INSTALL_RULES_DIR
#define LEXGATE_INSTALL_RULES_DIR "share/lexgate/rules"
#endif
#ifndef LEXGATE_SOURCE_RULES_DIR
#define LEXGATE_SOURCE_RULES_DIR "rules"
#endif

namespace lexgate_filter {
namespace {

namespace fs = std::filesystem;

// The installed packs, found relative to the running executable so that an
// installed tree can be moved as a whole.
std::string InstalledRulesDir() {
  fs::path installed(LEXGATE_INSTALL_RULES_DIR);
  if (installed.is_absolute()) return installed.string();
  std::error_code error;
  fs::path exe = fs::read_symlink("/proc/self/exe", error);
  if (error || exe.empty()) return "";
  return (exe.parent_path() / ".." / installed).lexically_normal().string();
}

}  // namespace

std::vector<std::string> DefaultRulePaths() {
  if (const char* env = std::getenv("LEXGATE_RULES"); env && *env) {
    return absl::StrSplit(env, ':', absl::SkipEmpty());
  }
  std::string installed = InstalledRulesDir();
  std::error_code error;
  if (!installed.empty() && fs::is_directory(installed, error)) {
    return {installed};
  }
  return {LEXGATE_SOURCE_RULES_DIR};
}

absl::StatusOr<LoadedRules> LoadAndCompile(std::vector<std::string> paths,
                                           bool streaming) {
  if (paths.empty()) paths = DefaultRulePaths();
  absl::StatusOr<lexgate::RuleSet> rules = lexgate::LoadRules(paths);
  if (!rules.ok()) return rules.status();
  lexgate::EngineOptions options;
  options.streaming = streaming;
  absl::StatusOr<std::shared_ptr<const lexgate::Engine>> engine =
      lexgate::Engine::Compile(*rules, options);
  if (!engine.ok()) return engine.status();
  return LoadedRules{std::move(*rules), std::move(*engine)};
}

}  // namespace lexgate_filter
