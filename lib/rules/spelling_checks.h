// The checks RuleSet::Add() makes on a rule's replacement options and on
// the spellings it asks for (variants, leet additions, pinyin readings):
// the values a pack or code can get wrong without a TOML type error.
#ifndef LEXGATE_LIB_RULES_SPELLING_CHECKS_H_
#define LEXGATE_LIB_RULES_SPELLING_CHECKS_H_

#include <string>

#include "lexgate/rule.h"

namespace lexgate::internal {

// What is wrong with `rule`'s mask options, variants, leet table or
// readings, as a message; empty when nothing is.
std::string SpellingProblem(const Rule& rule);

// A leet substitute: 1 to 4 printable ASCII characters that the fold keeps
// as they are (no upper case, no space), so that folded text can hold it.
bool IsValidLeetSubstitute(std::string_view s);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_RULES_SPELLING_CHECKS_H_
