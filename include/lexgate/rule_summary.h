// What a compiled engine holds, rule by rule: for services that list their
// rules (Python's engine.rules, an admin page) without keeping the RuleSet.
#ifndef LEXGATE_RULE_SUMMARY_H_
#define LEXGATE_RULE_SUMMARY_H_

#include <cstddef>
#include <string>

#include "lexgate/rule.h"

namespace lexgate {

// One rule of a compiled engine (Engine::rule_summaries()).
//
// Thread safety: plain data.
struct RuleSummary {
  std::string id;
  std::string category;
  Action action = Action::kMask;
  int severity = 3;
  // Keywords compiled for the rule: folded and deduplicated, so two
  // spellings that fold alike count once.
  size_t keywords = 0;
  // Regexes compiled for the rule.
  size_t regexes = 0;
};

}  // namespace lexgate

#endif  // LEXGATE_RULE_SUMMARY_H_
