// RuleSet: an ordered list of rules with unique ids. Add() is the single
// gate every rule passes, whether loaded from a pack or built in code, so
// the invariants the compiler relies on are checked here once.
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "lexgate/rules.h"

namespace lexgate {
namespace {

std::string DescribeLocation(const SourceLocation& where) {
  if (where.path.empty()) {
    return where.line > 0 ? absl::StrCat("line ", where.line)
                          : std::string("a rule built in code");
  }
  return where.line > 0 ? absl::StrCat(where.path, ":", where.line)
                        : where.path;
}

}  // namespace

absl::Status RuleSet::Add(Rule rule) {
  if (rule.id.empty()) {
    return RuleError(absl::StatusCode::kInvalidArgument, rule.location, "",
                     "rule has an empty id");
  }
  if (auto it = index_.find(rule.id); it != index_.end()) {
    return RuleError(
        absl::StatusCode::kAlreadyExists, rule.location, rule.id,
        absl::StrCat("duplicate rule id; first defined at ",
                     DescribeLocation(rules_[it->second].location)));
  }
  if (rule.severity < 1 || rule.severity > 5) {
    return RuleError(
        absl::StatusCode::kInvalidArgument, rule.location, rule.id,
        absl::StrCat("severity ", rule.severity, " is outside 1..5"));
  }
  if (rule.keywords.empty() && rule.regexes.empty()) {
    return RuleError(absl::StatusCode::kInvalidArgument, rule.location, rule.id,
                     "rule has no keywords and no regex");
  }
  index_.emplace(rule.id, rules_.size());
  rules_.push_back(std::move(rule));
  return absl::OkStatus();
}

absl::Status RuleSet::Merge(RuleSet other) {
  for (Rule& rule : other.rules_) {
    if (absl::Status status = Add(std::move(rule)); !status.ok()) {
      return status;
    }
  }
  return absl::OkStatus();
}

const Rule* RuleSet::Find(std::string_view id) const {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &rules_[it->second];
}

}  // namespace lexgate
