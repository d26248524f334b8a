#include "rules/keyword_file.h"

#include <algorithm>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "base/invisible.h"
#include "base/strings.h"
#include "base/utf8.h"
#include "lexgate/rule.h"
#include "lexgate/status.h"
#include "rules/files.h"
#include "rules/rule_error_status.h"

namespace lexgate::internal {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

}  // namespace

absl::Status ReadKeywordFile(const SourceLocation& written_at,
                             std::string_view name, std::string_view rule_id,
                             std::vector<Keyword>* keywords) {
  const std::string file =
      (std::filesystem::path(written_at.path).parent_path() / name).string();
  absl::StatusOr<std::string> contents = ReadFile(file);
  if (!contents.ok()) {
    return WithUnreadFile(
        RuleError(contents.status().code(), written_at, rule_id,
                  absl::StrCat("cannot read keywords_file '", Absl(name),
                               "': ", StatusMessage(contents.status()))),
        file);
  }
  std::string_view rest = *contents;
  if (rest.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    rest.remove_prefix(kByteOrderMark.size());
  }
  const size_t before = keywords->size();
  for (int line = 1; !rest.empty(); ++line) {
    const size_t end = std::min(rest.find('\n'), rest.size());
    // White_Space, not only ASCII: U+3000 and NBSP come with Chinese and
    // spreadsheet exports (RuleSet::Add() refuses a keyword that keeps them).
    const std::string_view text = TrimWhiteSpace(rest.substr(0, end));
    rest.remove_prefix(std::min(end + 1, rest.size()));
    if (text.empty() || text.front() == '#') continue;
    if (!IsValidUtf8({text.data(), text.size()})) {
      return RuleError(absl::StatusCode::kInvalidArgument, {file, line},
                       rule_id,
                       "keyword is not valid UTF-8 (keyword files must be "
                       "UTF-8, not GBK or another legacy encoding)");
    }
    keywords->push_back({std::string(text), {file, line}});
  }
  if (keywords->size() == before) {
    // A list cut short (an export that failed, a file caught mid-rewrite
    // by a reload) would silently shrink the rule to its other terms.
    return RuleError(absl::StatusCode::kInvalidArgument, written_at, rule_id,
                     absl::StrCat("keywords_file '", Absl(name),
                                  "' holds no keyword (only blank or comment "
                                  "lines)"));
  }
  return absl::OkStatus();
}

}  // namespace lexgate::internal
