// The loading entry points (lexgate/load_rules.h): files and directories in,
// one RuleSet out, categories checked once every file is merged.
#include "lexgate/load_rules.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/out_of_memory.h"
#include "base/status_macros.h"
#include "lexgate/rule_set.h"
#include "lexgate/taxonomy.h"
#include "rules/category_tables.h"
#include "rules/files.h"
#include "rules/pack_parser.h"
#include "rules/toml_reader.h"
#include "toml++/toml.h"

namespace lexgate {
namespace {

// Parses one file without checking that the rules' categories exist: a pack
// may use a category that another file loaded with it declares.
absl::StatusOr<RuleSet> ParseUnchecked(std::string_view toml,
                                       std::string_view path) {
  LEXGATE_ASSIGN_OR_RETURN(const toml::table root,
                           internal::ParseToml(toml, path));
  return internal::ParseRuleFile(root, internal::TomlReader(path));
}

absl::StatusOr<RuleSet> LoadUnchecked(const std::vector<std::string>& paths);

absl::StatusOr<RuleSet> LoadUnchecked(std::string_view path) {
  if (path.empty()) {
    return absl::InvalidArgumentError("LoadRules: empty rule pack path");
  }
  if (!internal::IsDirectory(path)) {
    LEXGATE_ASSIGN_OR_RETURN(const std::string contents,
                             internal::ReadFile(std::string(path)));
    return ParseUnchecked(contents, path);
  }
  LEXGATE_ASSIGN_OR_RETURN(const std::vector<std::string> packs,
                           internal::ListRulePacks(path));
  return LoadUnchecked(packs);
}

absl::StatusOr<RuleSet> LoadUnchecked(const std::vector<std::string>& paths) {
  if (paths.empty()) {
    return absl::InvalidArgumentError("LoadRules: no rule pack paths given");
  }
  RuleSet all;
  for (const std::string& path : paths) {
    LEXGATE_ASSIGN_OR_RETURN(RuleSet pack, LoadUnchecked(path));
    // Merge() reports an id defined in two packs, naming both, and a
    // category declared twice with different names.
    LEXGATE_RETURN_IF_ERROR(all.Merge(std::move(pack)));
  }
  return all;
}

absl::StatusOr<RuleSet> Checked(absl::StatusOr<RuleSet> rules) {
  if (rules.ok()) {
    LEXGATE_RETURN_IF_ERROR(rules->CheckCategories());
    LEXGATE_RETURN_IF_ERROR(rules->CheckRisks());
  }
  return rules;
}

}  // namespace

// The public entry points below run through CatchOutOfMemory(): memory
// running out while loading is an error, never an exception.
absl::StatusOr<RuleSet> ParseRulePack(std::string_view toml,
                                      std::string_view path) {
  return internal::CatchOutOfMemory(
      "ParseRulePack", [&] { return Checked(ParseUnchecked(toml, path)); });
}

absl::StatusOr<RuleSet> LoadRules(std::string_view path) {
  return internal::CatchOutOfMemory(
      "LoadRules", [&] { return Checked(LoadUnchecked(path)); });
}

absl::StatusOr<RuleSet> LoadRules(const std::vector<std::string>& paths) {
  return internal::CatchOutOfMemory(
      "LoadRules", [&] { return Checked(LoadUnchecked(paths)); });
}

absl::Status RequireRules(const RuleSet& rules,
                          const std::vector<std::string>& paths) {
  if (rules.size() > 0) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(absl::StrJoin(paths, ", "),
                   ": no rules: the packs declare no [[rule]] (a taxonomy "
                   "file such as categories.toml holds categories only), "
                   "so nothing would be screened"));
}

absl::StatusOr<Taxonomy> ParseTaxonomy(std::string_view toml,
                                       std::string_view path) {
  LEXGATE_ASSIGN_OR_RETURN(const toml::table root,
                           internal::ParseToml(toml, path));
  return internal::ParseTaxonomyFile(root, internal::TomlReader(path));
}

}  // namespace lexgate
