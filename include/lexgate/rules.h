// Rules and rule packs, all at once: the header that held them before they
// were split one concept per header. Kept so that existing includes work;
// new code includes what it uses:
//
//   lexgate/rule.h        Action, Boundary, Validator, Rule, Keyword
//   lexgate/taxonomy.h    Category, Taxonomy
//   lexgate/rule_set.h    RuleSet
//   lexgate/load_rules.h  LoadRules(), ParseRulePack(), ParseTaxonomy()
//   lexgate/rule_error.h  RuleErrorLocation, GetRuleErrorLocation()
#ifndef LEXGATE_RULES_H_
#define LEXGATE_RULES_H_

#include "lexgate/load_rules.h"  // IWYU pragma: export
#include "lexgate/rule.h"        // IWYU pragma: export
#include "lexgate/rule_error.h"  // IWYU pragma: export
#include "lexgate/rule_set.h"    // IWYU pragma: export
#include "lexgate/taxonomy.h"    // IWYU pragma: export

#endif  // LEXGATE_RULES_H_
