// Keyword files: the `keywords_file` of a [[rule]], one keyword per line.
#ifndef LEXGATE_LIB_RULES_KEYWORD_FILE_H_
#define LEXGATE_LIB_RULES_KEYWORD_FILE_H_

#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "lexgate/rule.h"

namespace lexgate::internal {

// Reads the keyword file `name` of rule `rule_id`, resolved relative to the
// directory of `written_at.path` (the pack whose keywords_file key, at
// `written_at`, names it), and appends one Keyword per line to `keywords`,
// located at its own file and line.
//
// Format: UTF-8 (an optional BOM is skipped), one keyword per line, leading
// and trailing ASCII whitespace (CRLF included) trimmed, blank lines and
// lines starting with '#' skipped; a '#' inside a keyword is kept.
//
// Errors: a file that cannot be read is reported at `written_at` with the
// reason's code; a line that is not valid UTF-8 at its own file and line
// (kInvalidArgument), since keyword files exported from other systems are
// often GBK and would load as keywords that never match.
absl::Status ReadKeywordFile(const SourceLocation& written_at,
                             std::string_view name, std::string_view rule_id,
                             std::vector<Keyword>* keywords);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_RULES_KEYWORD_FILE_H_
