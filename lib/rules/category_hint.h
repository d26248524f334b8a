// The hint an "unknown category" error ends with, so that a typo in a pack
// is fixed from the message alone.
#ifndef LEXGATE_LIB_RULES_CATEGORY_HINT_H_
#define LEXGATE_LIB_RULES_CATEGORY_HINT_H_

#include <string>
#include <string_view>
#include <vector>

#include "lexgate/taxonomy.h"

namespace lexgate::internal {

// For a `code` found in none of `known`: " (did you mean a, b?)" listing the
// codes within two edits, else " (known head.* categories: ...)" listing the
// codes that share its first component, else how to declare a category.
// Starts with a space, to follow the message it completes.
std::string UnknownCategoryHint(std::string_view code,
                                const std::vector<const Taxonomy*>& known);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_RULES_CATEGORY_HINT_H_
