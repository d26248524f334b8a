#include "rule_paths.h"

#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "engine_file.h"
#include "lexgate/default_rules.h"
#include "lexgate/engine.h"
#include "lexgate/rules.h"

namespace lexgate_filter {

absl::StatusOr<std::vector<std::string>> DefaultRulePaths() {
  if (const char* env = std::getenv("LEXGATE_RULES"); env && *env) {
    return std::vector<std::string>(
        absl::StrSplit(env, ':', absl::SkipEmpty()));
  }
  absl::StatusOr<std::string> shipped = lexgate::DefaultRulesPath();
  if (!shipped.ok()) return shipped.status();
  return std::vector<std::string>{*std::move(shipped)};
}

absl::StatusOr<lexgate::RuleSet> LoadRuleSet(std::vector<std::string> paths) {
  if (paths.empty()) {
    absl::StatusOr<std::vector<std::string>> defaults = DefaultRulePaths();
    if (!defaults.ok()) return defaults.status();
    paths = *std::move(defaults);
  }
  absl::StatusOr<lexgate::RuleSet> rules = lexgate::LoadRules(paths);
  if (rules.ok()) {
    if (absl::Status s = lexgate::RequireRules(*rules, paths); !s.ok()) {
      return s;
    }
  }
  return rules;
}

absl::StatusOr<LoadedRules> LoadAndCompile(std::vector<std::string> paths,
                                           bool streaming) {
  absl::StatusOr<lexgate::RuleSet> rules = LoadRuleSet(std::move(paths));
  if (!rules.ok()) return rules.status();
  lexgate::EngineOptions options;
  options.streaming = streaming;
  absl::StatusOr<std::shared_ptr<const lexgate::Engine>> engine =
      lexgate::Engine::Compile(*rules, options);
  if (!engine.ok()) return engine.status();
  return LoadedRules{std::move(*rules), std::move(*engine)};
}

absl::StatusOr<LoadedRules> LoadEngine(const Options& options, bool streaming) {
  if (options.engine_path.empty()) {
    return LoadAndCompile(options.rule_paths, streaming);
  }
  absl::StatusOr<std::shared_ptr<const lexgate::Engine>> engine =
      ReadEngineFile(options.engine_path);
  if (!engine.ok()) return engine.status();
  if ((*engine)->rule_count() == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(options.engine_path,
                     ": the engine has no rules, so nothing would be "
                     "screened"));
  }
  return LoadedRules{std::nullopt, *std::move(engine)};
}

}  // namespace lexgate_filter
