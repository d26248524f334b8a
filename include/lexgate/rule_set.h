// RuleSet: the rules an Engine is compiled from, with the categories the
// packs declared. Produced by LoadRules() (lexgate/load_rules.h) or built in
// code, consumed by Engine::Compile(). Knows nothing of TOML or Hyperscan.
#ifndef LEXGATE_RULE_SET_H_
#define LEXGATE_RULE_SET_H_

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "lexgate/pack_info.h"
#include "lexgate/rule.h"
#include "lexgate/taxonomy.h"

namespace lexgate {

// An ordered list of rules with unique ids. Add() is the one gate every rule
// passes, whether loaded from a pack or built in code. Errors carry a
// RuleErrorLocation (lexgate/rule_error.h) naming the rule's file and line.
//
// Thread safety: a const RuleSet may be read from many threads; mutation
// needs external synchronisation.
class RuleSet {
 public:
  // Fails (kAlreadyExists) on a duplicate id and (kInvalidArgument) on a rule
  // with no keyword and no regex, an empty id, or a severity outside 1..5.
  absl::Status Add(Rule rule);
  // Adds every declared category, every pack and then every rule of `other`,
  // stopping at the first error (what was added before it stays).
  absl::Status Merge(RuleSet other);

  // In the order they were added.
  const std::vector<Rule>& rules() const { return rules_; }
  // nullptr when no rule has this id.
  const Rule* Find(std::string_view id) const;
  size_t size() const { return rules_.size(); }
  bool empty() const { return rules_.empty(); }
  // The keyword files (`keywords_file`) the rules were read from, each once,
  // in the order of the rules: the files besides the packs that a change of
  // the rules can be in (ReloadingEngine::FromPaths watches them).
  std::vector<std::string> KeywordFiles() const;

  // The packs the rules came from, in load order (LoadRules() adds one per
  // pack file; a rule set built in code has none unless added).
  void AddPack(PackInfo pack) { packs_.push_back(std::move(pack)); }
  const std::vector<PackInfo>& packs() const { return packs_; }

  // Categories declared by the packs ([[category]] tables, taxonomy files)
  // beyond Taxonomy::Shipped(). Same rules as Taxonomy::Add(); repeating a
  // shipped category with the same names changes nothing, unless it gives
  // another `risk`: that overrides the shipped risk for the whole set (two
  // different overrides are an error).
  absl::Status AddCategory(Category category);
  const Taxonomy& declared_categories() const { return categories_; }
  // A declared category, else a shipped one, else nullptr.
  const Category* FindCategory(std::string_view code) const;
  // Fails (kNotFound) naming the first rule whose category is neither
  // declared nor shipped. LoadRules() and ParseRulePack() check this; a rule
  // set built in code is checked only when this is called.
  absl::Status CheckCategories() const;
  // The Appendix A code `code` rolls up to, over the declared and the
  // shipped categories (ResolveRisk() in lexgate/taxonomy.h): "A.4.6" for
  // "pii.phone", "A.2.4" for "A.2.4"; empty when the chain reaches no risk.
  std::string RiskOf(std::string_view code) const;
  // Fails (kFailedPrecondition) naming the first declared category, then the
  // first rule, whose category rolls up to no Appendix A code of the
  // taxonomy. LoadRules() and ParseRulePack() check this after
  // CheckCategories(); a rule set built in code only when this is called.
  absl::Status CheckRisks() const;

 private:
  std::vector<Rule> rules_;
  std::vector<PackInfo> packs_;
  Taxonomy categories_;
  // id -> position in rules_. A std::map rather than absl::flat_hash_map so
  // that this public header needs no absl container library to link.
  std::map<std::string, size_t, std::less<>> index_;
};

}  // namespace lexgate

#endif  // LEXGATE_RULE_SET_H_
