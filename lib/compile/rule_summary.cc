// Engine::rule_summaries(): the rule table of a compiled engine, with the
// number of expressions each rule compiled to.
#include "lexgate/rule_summary.h"

#include <vector>

#include "compile/engine_state.h"
#include "lexgate/engine.h"

namespace lexgate {

std::vector<RuleSummary> Engine::rule_summaries() const {
  std::vector<RuleSummary> out;
  out.reserve(state_->rules.size());
  for (const internal::RuleInfo& rule : state_->rules) {
    RuleSummary summary;
    summary.id = rule.id;
    summary.category = rule.category;
    summary.action = rule.action;
    summary.severity = rule.severity;
    out.push_back(std::move(summary));
  }
  for (const internal::ExpressionSet& set : state_->expressions) {
    for (const internal::ExpressionInfo& info : set.info) {
      if (info.rule >= out.size()) continue;
      if (info.kind == internal::ExprKind::kLiteral) {
        ++out[info.rule].keywords;
      } else {
        ++out[info.rule].regexes;
      }
    }
  }
  return out;
}

}  // namespace lexgate
