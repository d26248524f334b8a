// Building rule errors: the one way every room (rules, compile) reports a
// problem with a rule, so that each error reads the same and carries its
// location as data for GetRuleErrorLocation() (lexgate/rule_error.h).
#ifndef LEXGATE_LIB_RULES_RULE_ERROR_STATUS_H_
#define LEXGATE_LIB_RULES_RULE_ERROR_STATUS_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "lexgate/rule.h"

namespace lexgate::internal {

// A status with `code` whose message reads "path:line: rule 'id': what"
// (each part left out when empty or 0) and that carries `where` and
// `rule_id` as a RuleErrorLocation payload. `code` must not be kOk.
absl::Status RuleError(absl::StatusCode code, const SourceLocation& where,
                       std::string_view rule_id, std::string_view what);

// `status` (a RuleError()) that also names `file`, a file the rule needs
// that could not be read, as RuleErrorLocation::unread_file.
absl::Status WithUnreadFile(absl::Status status, std::string_view file);

// `where` in words for the middle of a message ("first defined at
// p.toml:3"): "path:line", "path", "line N" or "a rule built in code".
std::string DescribeLocation(const SourceLocation& where);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_RULES_RULE_ERROR_STATUS_H_
