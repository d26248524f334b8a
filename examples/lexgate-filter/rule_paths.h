// Which rules lexgate-filter screens with, and getting an engine for them:
// compiled from rule packs, or read from a file written by `compile`.
#ifndef LEXGATE_EXAMPLES_LEXGATE_FILTER_RULE_PATHS_H_
#define LEXGATE_EXAMPLES_LEXGATE_FILTER_RULE_PATHS_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "lexgate/engine.h"
#include "lexgate/rules.h"
#include "options.h"

namespace lexgate_filter {

// The rule paths used when no --rules is given: $LEXGATE_RULES, a
// ':'-separated list of files or directories, else the shipped packs
// (lexgate::DefaultRulesPath(): installed, else this source tree's).
absl::StatusOr<std::vector<std::string>> DefaultRulePaths();

// Loads the rule packs of `paths` (DefaultRulePaths() when empty). The
// error message names the pack file, line and rule id.
absl::StatusOr<lexgate::RuleSet> LoadRuleSet(std::vector<std::string> paths);

struct LoadedRules {
  // The packs, when the engine was compiled from them (not with --engine).
  std::optional<lexgate::RuleSet> rules;
  std::shared_ptr<const lexgate::Engine> engine;
};

// Loads `paths` (DefaultRulePaths() when empty) and compiles them, for
// streaming too if `streaming`. The error message names the pack file, line
// and rule id.
absl::StatusOr<LoadedRules> LoadAndCompile(std::vector<std::string> paths,
                                           bool streaming);

// The engine that `options` select: --engine FILE (read and checked, see
// engine_file.h), else the --rules packs compiled for streaming when
// `streaming`.
absl::StatusOr<LoadedRules> LoadEngine(const Options& options, bool streaming);

}  // namespace lexgate_filter

#endif  // LEXGATE_EXAMPLES_LEXGATE_FILTER_RULE_PATHS_H_
