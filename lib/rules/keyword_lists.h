// Every list of keywords a rule holds, for code that treats them alike.
#ifndef LEXGATE_LIB_RULES_KEYWORD_LISTS_H_
#define LEXGATE_LIB_RULES_KEYWORD_LISTS_H_

#include <vector>

#include "lexgate/rule.h"

namespace lexgate::internal {

// The keyword lists of `rule` in the order a pack writes them: its
// keywords, each all_of part, its none_of.
inline std::vector<const std::vector<Keyword>*> KeywordLists(const Rule& rule) {
  std::vector<const std::vector<Keyword>*> lists = {&rule.keywords};
  for (const std::vector<Keyword>& part : rule.all_of) lists.push_back(&part);
  lists.push_back(&rule.none_of);
  return lists;
}

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_RULES_KEYWORD_LISTS_H_
