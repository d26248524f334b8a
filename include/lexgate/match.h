// What a scan finds: matches with their spans in the original text, and the
// verdict they add up to. Shared by Engine::Scan() and Stream.
#ifndef LEXGATE_MATCH_H_
#define LEXGATE_MATCH_H_

#include <cstddef>
#include <string>
#include <vector>

#include "lexgate/rule.h"

namespace lexgate {

// Thread safety: plain data.
struct Match {
  std::string rule;  // rule id
  std::string category;
  Action action = Action::kFlag;
  int severity = 0;
  size_t start = 0;  // byte span [start, end) in the original text
  size_t end = 0;
  std::string text;  // the original bytes of the span
  // Why it matched, to triage a false positive and write the allow rule:
  // the keyword as written in the rule, or the regex, and how the text
  // differs from it (Variant::kNone for a regex).
  std::string pattern;
  Variant variant = Variant::kNone;
};

// How much of each Match a scan fills in (Engine::Scan()).
enum class MatchDetail {
  kFull,  // every field
  // The same matches with `text` and `pattern` left empty and `variant`
  // kNone: rule, category, action, severity and span only. For callers
  // that count or tally matches and never show or explain one (the
  // command line's --count, -c, -l, -q and --stats): copying the strings
  // and working out the variant is about a tenth of a keyword scan.
  kBrief,
};

// Thread safety: plain data.
struct ScanResult {
  // The strongest action among `matches`; kAllow when nothing matched.
  Action verdict = Action::kAllow;
  // Ordered by start (then longer first, then rule order). Allow matches are
  // not listed: they only cancel the matches inside them.
  std::vector<Match> matches;

  bool empty() const { return matches.empty(); }
};

}  // namespace lexgate

#endif  // LEXGATE_MATCH_H_
