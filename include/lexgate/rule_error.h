// Where a rule error points, as data. Errors from loading rules, from
// RuleSet and Taxonomy, and from Engine::Compile() read
// "path:line: rule 'id': what" and carry the same location as a payload, so
// that callers (such as the Python binding) need not parse the message.
#ifndef LEXGATE_RULE_ERROR_H_
#define LEXGATE_RULE_ERROR_H_

#include <optional>
#include <string>

#include "absl/status/status.h"

namespace lexgate {

struct RuleErrorLocation {
  std::string path;     // empty for rules built in code
  int line = 0;         // 1-based; 0 when unknown
  std::string rule_id;  // empty when the error is not about one rule
  // A file the rule names that could not be read (a keywords_file that is
  // missing or unreadable), resolved as the loader opened it; empty for
  // every other error. `path` is the pack that names it. A reloader
  // watches it, so that creating the file reloads.
  std::string unread_file;
};

// The location a rule error carries; std::nullopt for an OK status and for
// errors that are not about a rule (an I/O error, a scan error).
std::optional<RuleErrorLocation> GetRuleErrorLocation(
    const absl::Status& status);

}  // namespace lexgate

#endif  // LEXGATE_RULE_ERROR_H_
