#include "rules/term_checks.h"

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "base/invisible.h"
#include "lexgate/rule.h"
#include "rules/keyword_lists.h"
#include "rules/rule_error_status.h"

namespace lexgate::internal {
namespace {

// Where a control character in a keyword most likely came from.
std::string_view ControlHint(unsigned char c) {
  switch (c) {
    case '\0':
      return "a UTF-16 file? keyword files must be UTF-8";
    case '\t':
      return "a file with columns? one keyword per line";
    case '\r':
      return "a file with old Mac line ends? lines end with \\n or \\r\\n";
    case '\n':
      return "a line break: one keyword per line";
    default:
      return "keywords are text: remove it";
  }
}

absl::Status CheckKeyword(const Rule& rule, const Keyword& keyword) {
  const SourceLocation& where =
      keyword.location.path.empty() ? rule.location : keyword.location;
  auto error = [&](const std::string& message) {
    return RuleError(absl::StatusCode::kInvalidArgument, where, rule.id,
                     message);
  };
  const std::string_view text = keyword.text;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (!IsAsciiControl(byte)) continue;
    return error(absl::StrFormat(
        "keyword \"%s\" holds the control character U+%04X (%s)",
        VisibleText(text), byte, ControlHint(byte)));
  }
  if (text.empty()) return absl::OkStatus();  // FoldKeyword() says so
  const std::string_view trimmed = TrimWhiteSpace(text);
  if (trimmed.empty()) {
    return error(absl::StrFormat(
        "keyword \"%s\" is only whitespace: it would match every space",
        VisibleText(text)));
  }
  if (trimmed.size() != text.size()) {
    return error(absl::StrFormat(
        "keyword \"%s\" begins or ends with whitespace: it would only match "
        "next to a space; remove it (the rule's boundary decides word edges)",
        VisibleText(text)));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckTerms(const Rule& rule) {
  // A rule that does not fold matches its keywords byte for byte, as
  // written: a tab or an edge space there is the author's choice.
  if (rule.normalize) {
    for (const std::vector<Keyword>* list : KeywordLists(rule)) {
      for (const Keyword& keyword : *list) {
        if (absl::Status s = CheckKeyword(rule, keyword); !s.ok()) return s;
      }
    }
  }
  for (const std::string& regex : rule.regexes) {
    if (regex.find('\0') == std::string::npos) continue;
    return RuleError(absl::StatusCode::kInvalidArgument, rule.location, rule.id,
                     absl::StrFormat("regex \"%s\" holds a NUL byte, where "
                                     "Hyperscan would cut it; write \\x00",
                                     VisibleText(regex)));
  }
  return absl::OkStatus();
}

}  // namespace lexgate::internal
