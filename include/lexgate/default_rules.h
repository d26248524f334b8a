// Where the shipped rule packs are, for programs that want lexgate's default
// rule set without knowing where it was installed.
#ifndef LEXGATE_DEFAULT_RULES_H_
#define LEXGATE_DEFAULT_RULES_H_

#include <string>

#include "absl/status/statusor.h"

namespace lexgate {

// The directory of the shipped rule packs (pass it to LoadRules()), first
// found of:
//   1. the installed packs relative to the binary that holds lexgate (the
//      shared library in <prefix>/lib, or a program linked statically in
//      <prefix>/bin), so that an installed tree can be moved as a whole;
//   2. the rules/ directory of the source tree lexgate was built from, so
//      that programs run from a build tree find them;
//   3. the installed packs at the prefix lexgate was configured for
//      (<prefix>/share/lexgate/rules), for a library moved elsewhere.
// Fails with kNotFound, naming every place it looked, when none exists.
// Python's lexgate.default_rules_path() is the same for the Python package.
absl::StatusOr<std::string> DefaultRulesPath();

}  // namespace lexgate

#endif  // LEXGATE_DEFAULT_RULES_H_
