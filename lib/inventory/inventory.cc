// TakeInventory() and DiffInventories(): keywords folded as the engine folds
// them (compile/expressions.h, FoldKeyword), counted per pack, category and
// Appendix A risk.
#include "lexgate/inventory.h"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "base/status_macros.h"
#include "compile/expressions.h"
#include "lexgate/engine.h"
#include "lexgate/normalize.h"
#include "lexgate/rule_set.h"
#include "lexgate/taxonomy.h"

namespace lexgate {
namespace {

// Distinct folded keywords and regexes of one pack, category or risk.
struct Tally {
  std::set<std::string> terms;
  std::set<std::string> regexes;
};

// The A.1 and A.2 thresholds; nullopt for the other groups.
std::optional<size_t> ThresholdOf(std::string_view risk,
                                  const InventoryThresholds& thresholds) {
  if (!IsAppendixARisk(risk)) return std::nullopt;
  if (risk.substr(0, 4) == "A.1.") return thresholds.a1;
  if (risk.substr(0, 4) == "A.2.") return thresholds.a2;
  return std::nullopt;
}

}  // namespace

absl::StatusOr<Inventory> TakeInventory(const RuleSet& rules,
                                        const InventoryOptions& options) {
  LEXGATE_RETURN_IF_ERROR(rules.CheckCategories());
  LEXGATE_RETURN_IF_ERROR(rules.CheckRisks());
  EngineOptions engine_options;
  engine_options.normalize = options.normalize;
  engine_options.streaming = false;
  LEXGATE_ASSIGN_OR_RETURN(std::shared_ptr<const Engine> engine,
                           Engine::Compile(rules, engine_options));

  Inventory inventory;
  inventory.fingerprint = engine->fingerprint();
  inventory.thresholds = options.thresholds;

  const Normalizer normalizer(options.normalize);
  std::map<std::string, Tally> by_pack;  // by pack file path
  std::map<std::string, Tally> by_category;
  std::map<std::string, Tally> by_risk;
  Tally all;
  // Per risk, the terms in the order first met.
  std::map<std::string, std::vector<InventoryTerm>> terms_of_risk;

  for (const Rule& rule : rules.rules()) {
    if (rule.action == Action::kAllow) continue;
    const std::string risk = rules.RiskOf(rule.category);
    Tally& pack = by_pack[rule.location.path];
    Tally& category = by_category[rule.category];
    Tally& risk_tally = by_risk[risk];
    for (const Keyword& keyword : rule.keywords) {
      LEXGATE_ASSIGN_OR_RETURN(
          std::string folded, internal::FoldKeyword(rule, keyword, normalizer));
      pack.terms.insert(folded);
      category.terms.insert(folded);
      all.terms.insert(folded);
      if (risk_tally.terms.insert(folded).second) {
        terms_of_risk[risk].push_back(
            {keyword.text, std::move(folded), rule.category, risk});
      }
    }
    for (const std::string& regex : rule.regexes) {
      pack.regexes.insert(regex);
      category.regexes.insert(regex);
      risk_tally.regexes.insert(regex);
      all.regexes.insert(regex);
    }
  }
  inventory.terms = all.terms.size();
  inventory.regexes = all.regexes.size();

  for (const PackInfo& info : rules.packs()) {
    const Tally& tally = by_pack[info.location.path];
    inventory.packs.push_back({info.name, info.version, info.updated,
                               info.location.path, tally.terms.size(),
                               tally.regexes.size()});
  }

  // The 31 risks in the taxonomy's order, then groups named directly.
  std::vector<std::string> risk_codes;
  for (const Category& category : Taxonomy::Shipped().categories()) {
    if (IsAppendixARisk(category.code)) risk_codes.push_back(category.code);
  }
  for (const Category& category : Taxonomy::Shipped().categories()) {
    if (IsAppendixACode(category.code) && !IsAppendixARisk(category.code) &&
        by_risk.count(category.code) != 0) {
      risk_codes.push_back(category.code);
    }
  }
  inventory.meets = inventory.terms >= options.thresholds.total;
  for (const std::string& code : risk_codes) {
    const Category* category = rules.FindCategory(code);
    InventoryRisk risk;
    risk.code = code;
    if (category != nullptr) {
      risk.zh = category->zh;
      risk.en = category->en;
    }
    if (auto it = by_risk.find(code); it != by_risk.end()) {
      risk.terms = it->second.terms.size();
      risk.regexes = it->second.regexes.size();
    }
    risk.threshold = ThresholdOf(code, options.thresholds);
    if (risk.threshold.has_value()) {
      risk.meets = risk.terms >= *risk.threshold;
      if (!*risk.meets) inventory.meets = false;
    }
    if (IsAppendixARisk(code) && risk.terms == 0 && risk.regexes == 0) {
      inventory.uncovered.push_back(code);
    }
    if (auto it = terms_of_risk.find(code); it != terms_of_risk.end()) {
      for (InventoryTerm& term : it->second) {
        inventory.term_list.push_back(std::move(term));
      }
    }
    inventory.risks.push_back(std::move(risk));
  }

  for (const auto& [code, tally] : by_category) {
    const Category* category = rules.FindCategory(code);
    inventory.categories.push_back({code, category->zh, category->en,
                                    rules.RiskOf(code), tally.terms.size(),
                                    tally.regexes.size()});
  }
  return inventory;
}

InventoryDiff DiffInventories(const Inventory& before, const Inventory& after) {
  InventoryDiff diff;
  diff.old_fingerprint = before.fingerprint;
  diff.new_fingerprint = after.fingerprint;
  diff.old_terms = before.terms;
  diff.new_terms = after.terms;
  // risk -> folded -> keyword as written.
  using Terms = std::map<std::string, std::map<std::string, std::string>>;
  auto collect = [](const Inventory& inventory) {
    Terms terms;
    for (const InventoryTerm& term : inventory.term_list) {
      terms[term.risk].emplace(term.folded, term.keyword);
    }
    return terms;
  };
  const Terms old_terms = collect(before);
  const Terms new_terms = collect(after);
  static const std::map<std::string, std::string> kNone;
  auto find =
      [](const Terms& terms,
         const std::string& risk) -> const std::map<std::string, std::string>& {
    auto it = terms.find(risk);
    return it == terms.end() ? kNone : it->second;
  };
  // Both inventories list the 31 risks first; groups may differ.
  std::vector<const InventoryRisk*> risks;
  std::set<std::string> seen;
  for (const Inventory* inventory : {&before, &after}) {
    for (const InventoryRisk& risk : inventory->risks) {
      if (seen.insert(risk.code).second) risks.push_back(&risk);
    }
  }
  for (const InventoryRisk* risk : risks) {
    const auto& was = find(old_terms, risk->code);
    const auto& is = find(new_terms, risk->code);
    InventoryRiskDiff change{risk->code, risk->zh, risk->en, {}, {}};
    for (const auto& [folded, keyword] : is) {
      if (was.count(folded) == 0) change.added.push_back(keyword);
    }
    for (const auto& [folded, keyword] : was) {
      if (is.count(folded) == 0) change.removed.push_back(keyword);
    }
    if (change.added.empty() && change.removed.empty()) continue;
    diff.added += change.added.size();
    diff.removed += change.removed.size();
    diff.risks.push_back(std::move(change));
  }
  return diff;
}

}  // namespace lexgate
