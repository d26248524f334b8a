// What RuleSet shares with Taxonomy: the rule for declaring a category again.
#ifndef LEXGATE_LIB_RULES_TAXONOMY_INTERNAL_H_
#define LEXGATE_LIB_RULES_TAXONOMY_INTERNAL_H_

#include "absl/status/status.h"
#include "lexgate/taxonomy.h"

namespace lexgate::internal {

// A category may be declared again with the same names (a pack that repeats
// a shipped category, a taxonomy file loaded twice), but not renamed nor
// given another risk: OK when `again` has the names of `first` (same code
// assumed) and no risk other than a risk `first` has, else kAlreadyExists
// pointing at `again` and naming where `first` was declared.
absl::Status CheckRedeclaration(const Category& first, const Category& again);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_RULES_TAXONOMY_INTERNAL_H_
