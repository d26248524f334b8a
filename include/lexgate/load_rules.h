// Loading rule packs (TOML, see rules/README.md for the format) and taxonomy
// files. Loading knows nothing of Hyperscan: a regex that the matcher rejects
// is reported by Engine::Compile(), with the same file:line and rule id
// information as a load error.
//
// Every error names the file, the line and the rule id in its message
// ("path:line: rule 'id': what") and carries them as a RuleErrorLocation
// payload (lexgate/rule_error.h).
#ifndef LEXGATE_LOAD_RULES_H_
#define LEXGATE_LOAD_RULES_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "lexgate/rule_set.h"
#include "lexgate/taxonomy.h"

namespace lexgate {

// Loads a pack file (*.toml) or every *.toml in a directory (not hidden
// files, not subdirectories), in sorted order. A file with a [taxonomy]
// table instead of [pack] declares categories only (rules/categories.toml
// is one). Every rule's category must be declared by one of the files loaded
// together or by Taxonomy::Shipped().
absl::StatusOr<RuleSet> LoadRules(std::string_view path);
// The same for several files and directories, merged in the order given; an
// id defined twice is an error naming both places.
absl::StatusOr<RuleSet> LoadRules(const std::vector<std::string>& paths);
// kInvalidArgument when `rules`, loaded from `paths`, holds no rule: packs
// that declare categories only (the taxonomy file categories.toml alone, a
// pack being written) compile to an engine that screens nothing, every
// text passing as clean. What serves or screens from rule files calls it
// (the command line, the C API, ReloadingEngine::FromPaths); an empty
// RuleSet stays valid for code that adds rules itself.
absl::Status RequireRules(const RuleSet& rules,
                          const std::vector<std::string>& paths);
// Parses one pack (or taxonomy file) from memory; `path` is used for
// messages and to resolve keywords_file.
absl::StatusOr<RuleSet> ParseRulePack(std::string_view toml,
                                      std::string_view path);
// Parses a taxonomy file (a [taxonomy] table and [[category]] tables) from
// memory; `path` is used for messages.
absl::StatusOr<Taxonomy> ParseTaxonomy(std::string_view toml,
                                       std::string_view path);

}  // namespace lexgate

#endif  // LEXGATE_LOAD_RULES_H_
