#include "rules/term_checks.h"

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "base/invisible.h"
#include "base/utf8.h"
#include "lexgate/rule.h"
#include "rules/keyword_lists.h"
#include "rules/rule_error_status.h"

namespace lexgate::internal {
namespace {

// Where a control character in a keyword most likely came from.
std::string_view ControlHint(char32_t c) {
  switch (c) {
    case '\0':
      return "a UTF-16 file? keyword files must be UTF-8";
    case '\t':
      return "a file with columns? one keyword per line";
    case '\r':
      return "a file with old Mac line ends? lines end with \\n or \\r\\n";
    case '\n':
      return "a line break: one keyword per line";
    case 0x85:
      return "a file with NEL line ends? lines end with \\n or \\r\\n";
    default:
      return "keywords are text: remove it";
  }
}

// C0 and C1 controls and DEL (DESIGN §10): the fold drops them, so that a
// keyword holding one would silently be another (alpha<NEL>beta is
// alphabeta). A tab is text to a rule that does not fold.
bool IsKeywordControl(char32_t cp, bool folds) {
  if (cp == '\t') return folds;
  return IsControl(cp);
}

// The first control character or U+FFFD of `text` (a keyword's, valid
// UTF-8), as an error message; "" when there is none.
std::string ControlProblem(std::string_view text, bool folds) {
  for (size_t i = 0; i < text.size();) {
    const Decoded d = DecodeUtf8(text, i);
    if (IsKeywordControl(d.cp, folds)) {
      return absl::StrFormat(
          "keyword \"%s\" holds the control character U+%04X (%s)",
          VisibleText(text), static_cast<uint32_t>(d.cp), ControlHint(d.cp));
    }
    if (d.cp == kReplacementChar) {
      return absl::StrFormat(
          "keyword \"%s\" holds U+FFFD, the mark of text decoded with "
          "errors replaced (a list converted from another encoding?): write "
          "the keyword as it is",
          VisibleText(text));
    }
    i += d.length;
  }
  return "";
}

absl::Status CheckKeyword(const Rule& rule, const Keyword& keyword) {
  const SourceLocation& where =
      keyword.location.path.empty() ? rule.location : keyword.location;
  auto error = [&](const std::string& message) {
    return RuleError(absl::StatusCode::kInvalidArgument, where, rule.id,
                     message);
  };
  const std::string_view text = keyword.text;
  if (std::string problem = ControlProblem(text, rule.normalize);
      !problem.empty()) {
    return error(problem);
  }
  // A rule that does not fold matches its keywords byte for byte, as
  // written: an edge space there is the author's choice.
  if (!rule.normalize) return absl::OkStatus();
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
  for (const std::vector<Keyword>* list : KeywordLists(rule)) {
    for (const Keyword& keyword : *list) {
      if (absl::Status s = CheckKeyword(rule, keyword); !s.ok()) return s;
    }
  }
  for (size_t i = 0; i < rule.regexes.size(); ++i) {
    const std::string& regex = rule.regexes[i];
    if (regex.find('\0') == std::string::npos) continue;
    return RuleError(absl::StatusCode::kInvalidArgument, RegexLocation(rule, i),
                     rule.id,
                     absl::StrFormat("regex \"%s\" holds a NUL byte, where "
                                     "Hyperscan would cut it; write \\x00",
                                     VisibleText(regex)));
  }
  return absl::OkStatus();
}

}  // namespace lexgate::internal
