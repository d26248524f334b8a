#include "rules/cooccurrence_check.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "base/utf8.h"

namespace lexgate::internal {

std::string CooccurrenceProblem(const Rule& rule) {
  if (rule.all_of.empty()) {
    if (!rule.none_of.empty()) return "none_of needs all_of";
    if (rule.within != 0) return "within needs all_of";
    return "";
  }
  if (rule.action == Action::kAllow) {
    // An allow rule cancels what lies inside each of its matches; a window
    // of parts is no span to cancel inside.
    return "an allow rule cannot have all_of";
  }
  if (!rule.keywords.empty() || !rule.regexes.empty()) {
    // Which occurrences would be matches of their own, and which only in a
    // window, would be anyone's guess.
    return "a rule with all_of has no keywords or regexes of its own: put "
           "them in a part of all_of, or in a rule of their own";
  }
  if (rule.all_of.size() < 2) {
    return "all_of needs at least two parts (one part is a keyword rule)";
  }
  if (rule.all_of.size() > 32) return "all_of holds more than 32 parts";
  for (size_t i = 0; i < rule.all_of.size(); ++i) {
    if (rule.all_of[i].empty()) {
      return absl::StrCat("part ", i + 1, " of all_of has no keyword");
    }
  }
  if (rule.within < 0 || rule.within > Rule::kMaxWithin) {
    return absl::StrCat("within must be 0..", Rule::kMaxWithin,
                        " characters (0: anywhere in the text), not ",
                        rule.within);
  }
  if (rule.within > 0) {
    // A window must hold an occurrence of every part, so it is at least as
    // long as the part whose shortest keyword is longest: a narrower one
    // is a rule that silently never matches.
    for (size_t i = 0; i < rule.all_of.size(); ++i) {
      size_t shortest = SIZE_MAX;
      for (const Keyword& keyword : rule.all_of[i]) {
        shortest = std::min(shortest, CountCharStarts(keyword.text));
      }
      if (shortest > static_cast<size_t>(rule.within)) {
        return absl::StrCat("within ", rule.within, " is shorter than part ",
                            i + 1, " of all_of (its shortest keyword has ",
                            shortest,
                            " characters): the rule could never match");
      }
    }
  }
  return "";
}

}  // namespace lexgate::internal
