// The text of rules/categories.toml as it was when the library was built.
// Defined in a file that lib/rules/embed_categories.cmake generates at build
// time, so the compiled-in taxonomy cannot drift from the file.
#ifndef LEXGATE_LIB_RULES_SHIPPED_CATEGORIES_H_
#define LEXGATE_LIB_RULES_SHIPPED_CATEGORIES_H_

#include <string_view>

namespace lexgate::internal {

// The file's text, byte for byte, so that parsing it gives the file's line
// numbers.
std::string_view ShippedCategoriesToml();
// The path its categories report as their location: "rules/categories.toml".
std::string_view ShippedCategoriesPath();

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_RULES_SHIPPED_CATEGORIES_H_
