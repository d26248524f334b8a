// Rule errors: a readable "path:line: rule 'id': what" message plus the same
// location as a structured payload, so that callers such as the Python
// binding need not parse the message. The builder (internal) and the reader
// (public) share the payload's encoding, so they live together.
#include "lexgate/rule_error.h"

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "base/strings.h"
#include "lexgate/rule.h"
#include "rules/rule_error_status.h"

namespace lexgate {
namespace {

constexpr char kLocationTypeUrl[] = "type.lexgate.dev/RuleErrorLocation";
constexpr char kUnreadFileTypeUrl[] = "type.lexgate.dev/RuleErrorUnreadFile";

}  // namespace

namespace internal {

absl::Status RuleError(absl::StatusCode code, const SourceLocation& where,
                       std::string_view rule_id, std::string_view what) {
  std::string message;
  if (!where.path.empty() && where.line > 0) {
    absl::StrAppend(&message, where.path, ":", where.line, ": ");
  } else if (!where.path.empty()) {
    absl::StrAppend(&message, where.path, ": ");
  } else if (where.line > 0) {
    absl::StrAppend(&message, "line ", where.line, ": ");
  }
  if (!rule_id.empty()) {
    absl::StrAppend(&message, "rule '", Absl(rule_id), "': ");
  }
  absl::StrAppend(&message, Absl(what));

  absl::Status status(code, message);
  // A path never holds a NUL byte, and the line is digits, so the first two
  // NULs delimit the fields even if a rule id contains one.
  status.SetPayload(
      kLocationTypeUrl,
      absl::Cord(absl::StrCat(where.path, std::string(1, '\0'), where.line,
                              std::string(1, '\0'), Absl(rule_id))));
  return status;
}

absl::Status WithUnreadFile(absl::Status status, std::string_view file) {
  status.SetPayload(kUnreadFileTypeUrl, absl::Cord(Absl(file)));
  return status;
}

std::string DescribeLocation(const SourceLocation& where) {
  if (where.path.empty()) {
    return where.line > 0 ? absl::StrCat("line ", where.line)
                          : std::string("a rule built in code");
  }
  return where.line > 0 ? absl::StrCat(where.path, ":", where.line)
                        : where.path;
}

}  // namespace internal

std::optional<RuleErrorLocation> GetRuleErrorLocation(
    const absl::Status& status) {
  absl::optional<absl::Cord> payload = status.GetPayload(kLocationTypeUrl);
  if (!payload.has_value()) return std::nullopt;
  const std::string flat(*payload);
  const size_t first = flat.find('\0');
  if (first == std::string::npos) return std::nullopt;
  const size_t second = flat.find('\0', first + 1);
  if (second == std::string::npos) return std::nullopt;

  RuleErrorLocation location;
  location.path = flat.substr(0, first);
  if (!absl::SimpleAtoi(
          absl::string_view(flat).substr(first + 1, second - first - 1),
          &location.line)) {
    return std::nullopt;
  }
  location.rule_id = flat.substr(second + 1);
  if (absl::optional<absl::Cord> file = status.GetPayload(kUnreadFileTypeUrl);
      file.has_value()) {
    location.unread_file = std::string(*file);
  }
  return location;
}

}  // namespace lexgate
