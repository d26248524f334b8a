// The check RuleSet::Add() makes on a co-occurrence rule (Rule::all_of,
// none_of, within): the shapes a pack or code can get wrong without a TOML
// type error.
#ifndef LEXGATE_LIB_RULES_COOCCURRENCE_CHECK_H_
#define LEXGATE_LIB_RULES_COOCCURRENCE_CHECK_H_

#include <string>

#include "lexgate/rule.h"

namespace lexgate::internal {

// What is wrong with `rule`'s all_of, none_of and within, as a message;
// empty when nothing is (a rule without any of them included).
std::string CooccurrenceProblem(const Rule& rule);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_RULES_COOCCURRENCE_CHECK_H_
