// Categories in TOML: the [[category]] tables that a pack or a taxonomy file
// declares, and taxonomy files ([taxonomy] + [[category]], such as
// rules/categories.toml) as a whole.
#ifndef LEXGATE_LIB_RULES_CATEGORY_TABLES_H_
#define LEXGATE_LIB_RULES_CATEGORY_TABLES_H_

#include "absl/status/statusor.h"
#include "lexgate/taxonomy.h"
#include "rules/toml_reader.h"
#include "toml++/toml.h"

namespace lexgate::internal {

// The [[category]] tables of `root`, in order (none: an empty taxonomy).
// Taxonomy::Add() checks the codes, the names and repeated declarations.
absl::StatusOr<Taxonomy> ParseCategoryTables(const toml::table& root,
                                             const TomlReader& reader);

// A taxonomy file: a [taxonomy] table (name, description) and [[category]]
// tables, nothing else.
absl::StatusOr<Taxonomy> ParseTaxonomyFile(const toml::table& root,
                                           const TomlReader& reader);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_RULES_CATEGORY_TABLES_H_
