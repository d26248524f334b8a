// RuleSet: an ordered list of rules with unique ids. Add() is the single
// gate every rule passes, whether loaded from a pack or built in code, so
// the invariants the compiler relies on are checked here once.
#include "lexgate/rule_set.h"

#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "lexgate/rule.h"
#include "lexgate/taxonomy.h"
#include "rules/category_hint.h"
#include "rules/rule_error_status.h"
#include "rules/spelling_checks.h"
#include "rules/taxonomy_internal.h"

namespace lexgate {

using internal::RuleError;

absl::Status RuleSet::Add(Rule rule) {
  if (rule.id.empty()) {
    return RuleError(absl::StatusCode::kInvalidArgument, rule.location, "",
                     "rule has an empty id");
  }
  if (auto it = index_.find(rule.id); it != index_.end()) {
    return RuleError(
        absl::StatusCode::kAlreadyExists, rule.location, rule.id,
        absl::StrCat("duplicate rule id; first defined at ",
                     internal::DescribeLocation(rules_[it->second].location)));
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
  if (std::string problem = internal::SpellingProblem(rule); !problem.empty()) {
    return RuleError(absl::StatusCode::kInvalidArgument, rule.location, rule.id,
                     problem);
  }
  index_.emplace(rule.id, rules_.size());
  rules_.push_back(std::move(rule));
  return absl::OkStatus();
}

absl::Status RuleSet::Merge(RuleSet other) {
  for (const Category& category : other.categories_.categories()) {
    LEXGATE_RETURN_IF_ERROR(AddCategory(category));
  }
  for (Rule& rule : other.rules_) {
    LEXGATE_RETURN_IF_ERROR(Add(std::move(rule)));
  }
  return absl::OkStatus();
}

const Rule* RuleSet::Find(std::string_view id) const {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &rules_[it->second];
}

absl::Status RuleSet::AddCategory(Category category) {
  // rules/categories.toml, loaded as part of rules/, repeats every shipped
  // category: nothing to add, but a renamed one is an error.
  if (const Category* shipped = Taxonomy::Shipped().Find(category.code);
      shipped != nullptr) {
    return internal::CheckRedeclaration(*shipped, category);
  }
  return categories_.Add(std::move(category));
}

const Category* RuleSet::FindCategory(std::string_view code) const {
  if (const Category* declared = categories_.Find(code); declared != nullptr) {
    return declared;
  }
  return Taxonomy::Shipped().Find(code);
}

absl::Status RuleSet::CheckCategories() const {
  for (const Rule& rule : rules_) {
    if (FindCategory(rule.category) != nullptr) continue;
    return RuleError(
        absl::StatusCode::kNotFound, rule.location, rule.id,
        absl::StrCat("unknown category '", rule.category, "'",
                     internal::UnknownCategoryHint(
                         rule.category, {&Taxonomy::Shipped(), &categories_})));
  }
  return absl::OkStatus();
}

}  // namespace lexgate
