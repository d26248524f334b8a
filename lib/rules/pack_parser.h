// Rule packs in TOML (DESIGN.md §3, rules/README.md): [pack], [defaults],
// [[category]] and [[rule]] tables turned into a RuleSet.
#ifndef LEXGATE_LIB_RULES_PACK_PARSER_H_
#define LEXGATE_LIB_RULES_PACK_PARSER_H_

#include "absl/status/statusor.h"
#include "lexgate/rule_set.h"
#include "rules/toml_reader.h"
#include "toml++/toml.h"

namespace lexgate::internal {

// Parses one file: a pack, or a taxonomy file (a [taxonomy] table instead of
// [pack]), whose categories become the set's declared categories. Does not
// check that the rules' categories exist, since a pack may use a category
// that another file loaded with it declares (RuleSet::CheckCategories()).
// keywords_file paths are resolved relative to reader.path().
absl::StatusOr<RuleSet> ParseRuleFile(const toml::table& root,
                                      const TomlReader& reader);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_RULES_PACK_PARSER_H_
