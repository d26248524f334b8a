// The keyword inventory of a rule set: how many keywords and regexes cover
// each risk of GB/T 45654-2025 Appendix A, measured against the thresholds
// of the keyword-library test requirements, as evidence for a filing. One
// implementation for lexgate-filter `inventory`, Python's
// lexgate.inventory() and the audit report.
//
// The thresholds are those of the test requirements published with
// GB/T 45654-2025 (TC260-003 《生成式人工智能服务安全基本要求》, keyword
// library): no fewer than 10,000 keywords in all, covering at least the 17
// risks of A.1 and A.2, no fewer than 200 keywords for each A.1 risk and no
// fewer than 100 for each A.2 risk.
#ifndef LEXGATE_INVENTORY_H_
#define LEXGATE_INVENTORY_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "lexgate/normalize.h"
#include "lexgate/rule_set.h"

namespace lexgate {

// Minimum keyword counts; the defaults are the published ones (above).
struct InventoryThresholds {
  size_t total = 10000;  // distinct keywords in all
  size_t a1 = 200;       // for each of the 8 risks A.1.1 .. A.1.8
  size_t a2 = 100;       // for each of the 9 risks A.2.1 .. A.2.9
};

struct InventoryOptions {
  InventoryThresholds thresholds;
  // How keywords are folded before they are de-duplicated: the engine's
  // normalization (EngineOptions::normalize), with each rule's `normalize`.
  NormalizeOptions normalize;
};

// One keyword of the inventory: a distinct folded keyword under one risk.
struct InventoryTerm {
  std::string keyword;   // as first written in the packs
  std::string folded;    // what is counted: the keyword folded by its rule
  std::string category;  // the category of the rule it was first met in
  std::string risk;      // the Appendix A code it rolls up to
};

// A pack of the rule set (PackInfo) with its counts.
struct InventoryPack {
  std::string name;
  std::string version;  // empty when the pack gives none
  std::string updated;  // "YYYY-MM-DD"; empty when the pack gives none
  std::string path;
  size_t terms = 0;  // distinct folded keywords of the pack
  size_t regexes = 0;
};

// One Appendix A risk (or a group, A.1 .. A.5, that rules name directly).
struct InventoryRisk {
  std::string code;  // "A.1.1"
  std::string zh;
  std::string en;
  size_t terms = 0;  // distinct folded keywords rolling up to it
  size_t regexes = 0;
  // The 17 risks of A.1 and A.2: their threshold and whether `terms` meets
  // it; std::nullopt for the others.
  std::optional<size_t> threshold;
  std::optional<bool> meets;
};

// One category named by a counted rule.
struct InventoryCategory {
  std::string category;  // the code: "pii.phone", "A.2.4"
  std::string zh;
  std::string en;
  std::string risk;  // RuleSet::RiskOf(category)
  size_t terms = 0;
  size_t regexes = 0;
};

// What TakeInventory() counts. Keywords are folded as the engine folds them
// (InventoryOptions::normalize, each rule's `normalize`) and then
// de-duplicated: `ＦＵＣＫ` and `fuck` are one keyword. Spellings that the
// engine generates from a keyword (leet, wildcards, repeats, pinyin,
// initials, homophones) are not keywords and are not counted; regexes are
// counted apart, distinct by their text. Allow rules are exceptions, not
// entries of the library: they are not counted.
//
// Thread safety: plain data.
struct Inventory {
  std::string fingerprint;           // Engine::fingerprint() of the rule set
  std::vector<InventoryPack> packs;  // in load order
  size_t terms = 0;                  // distinct folded keywords over all risks
  size_t regexes = 0;                // distinct regexes over all risks
  InventoryThresholds thresholds;
  // The 31 risks of Appendix A in order (A.1.1 .. A.5.2), then any group
  // (A.1 .. A.5) that a counted rule names as its category directly.
  std::vector<InventoryRisk> risks;
  // Every category of a counted rule, sorted by code.
  std::vector<InventoryCategory> categories;
  // The risks of the 31 with neither a keyword nor a regex, in order.
  std::vector<std::string> uncovered;
  // terms >= thresholds.total and every A.1 and A.2 risk meets its
  // threshold.
  bool meets = false;
  // The keywords, one per distinct (risk, folded keyword): by risk in the
  // order of `risks`, within a risk in the order first met. The rows of the
  // filing form (lexgate/filing_form.h).
  std::vector<InventoryTerm> term_list;
};

// Counts `rules`. Compiles them (for the fingerprint, and so that a rule set
// the engine refuses has no inventory) and fails with the rule's file, line
// and id as Engine::Compile() and RuleSet::CheckRisks() do: every category
// must roll up to Appendix A.
absl::StatusOr<Inventory> TakeInventory(const RuleSet& rules,
                                        const InventoryOptions& options = {});

// The inventory as one JSON object (docs/json-schema.md, "type":
// "inventory"), without a trailing newline. `term_list` is not written.
std::string InventoryJson(const Inventory& inventory);

// What changed in one risk between two inventories: keywords as written,
// compared by their folded form, each list sorted by the folded form.
struct InventoryRiskDiff {
  std::string code;
  std::string zh;
  std::string en;
  std::vector<std::string> added;
  std::vector<std::string> removed;
};

struct InventoryDiff {
  std::string old_fingerprint;
  std::string new_fingerprint;
  size_t old_terms = 0;
  size_t new_terms = 0;
  // Risks with a keyword added or removed, in the order of Appendix A.
  std::vector<InventoryRiskDiff> risks;
  size_t added = 0;  // over all risks
  size_t removed = 0;
};

// The keywords added and removed per risk from `before` to `after`.
InventoryDiff DiffInventories(const Inventory& before, const Inventory& after);

// The diff as one JSON object ("type": "inventory_diff"), without a
// trailing newline.
std::string InventoryDiffJson(const InventoryDiff& diff);

}  // namespace lexgate

#endif  // LEXGATE_INVENTORY_H_
