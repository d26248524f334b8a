// `lexgate-filter test`: every rule's examples must match it, and its
// counterexamples must not, when scanned with the whole rule set.
#ifndef LEXGATE_EXAMPLES_LEXGATE_FILTER_RULE_TEST_H_
#define LEXGATE_EXAMPLES_LEXGATE_FILTER_RULE_TEST_H_

#include "lexgate/engine.h"
#include "lexgate/rules.h"

namespace lexgate_filter {

// Prints each failure as "path:line: rule 'id': ..." and a summary line to
// stdout. Returns the exit code: 0 all passed, 1 some failed, 2 an engine
// for checking allow rules could not be compiled.
//
// Allow rules never appear among scan matches (they only cancel others), so
// their examples are checked against a second engine in which every allow
// rule is turned into a flag rule.
int RunRuleTests(const lexgate::RuleSet& rules, const lexgate::Engine& engine);

}  // namespace lexgate_filter

#endif  // LEXGATE_EXAMPLES_LEXGATE_FILTER_RULE_TEST_H_
