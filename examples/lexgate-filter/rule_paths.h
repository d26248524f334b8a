// Which rule packs lexgate-filter loads, and loading them into an engine.
#ifndef LEXGATE_EXAMPLES_LEXGATE_FILTER_RULE_PATHS_H_
#define LEXGATE_EXAMPLES_LEXGATE_FILTER_RULE_PATHS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "lexgate/engine.h"
#include "lexgate/rules.h"

namespace lexgate_filter {

// The rule paths used when no --rules is given, first match wins:
//   1. $LEXGATE_RULES, a ':'-separated list of files or directories;
//   2. <directory of the executable>/../share/lexgate/rules (the installed
//      packs), if that directory exists;
//   3. the rules/ directory of the source tree this binary was built from.
std::vector<std::string> DefaultRulePaths();

struct LoadedRules {
  lexgate::RuleSet rules;
  std::shared_ptr<const lexgate::Engine> engine;
};

// Loads `paths` (DefaultRulePaths() when empty) and compiles them, for
// streaming too if `streaming`. The error message names the pack file, line
// and rule id.
absl::StatusOr<LoadedRules> LoadAndCompile(std::vector<std::string> paths,
                                           bool streaming);

}  // namespace lexgate_filter

#endif  // LEXGATE_EXAMPLES_LEXGATE_FILTER_RULE_PATHS_H_
