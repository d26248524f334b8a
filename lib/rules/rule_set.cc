// RuleSet: an ordered list of rules with unique ids. Add() is the single
// gate every rule passes, whether loaded from a pack or built in code, so
// the invariants the compiler relies on are checked here once.
#include "lexgate/rule_set.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "base/invisible.h"
#include "base/status_macros.h"
#include "base/utf8.h"
#include "lexgate/rule.h"
#include "lexgate/stream.h"
#include "lexgate/taxonomy.h"
#include "rules/category_hint.h"
#include "rules/cooccurrence_check.h"
#include "rules/keyword_lists.h"
#include "rules/rule_error_status.h"
#include "rules/spelling_checks.h"
#include "rules/taxonomy_internal.h"
#include "rules/term_checks.h"

namespace lexgate {

using internal::RuleError;

absl::Status RuleSet::Add(Rule rule) {
  if (rule.id.empty()) {
    return RuleError(absl::StatusCode::kInvalidArgument, rule.location, "",
                     "rule has an empty id");
  }
  // Ids are written into line formats (RULE<TAB>TEXT, audit lines): a
  // control character there would break them.
  if (std::any_of(rule.id.begin(), rule.id.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
      })) {
    return RuleError(absl::StatusCode::kInvalidArgument, rule.location,
                     absl::CEscape(rule.id),
                     "rule id holds a control character (a tab, a line "
                     "break …); ids are written into line formats");
  }
  // The stream reports what it masks past max_hold under this id: a rule
  // of that name could not be told apart from it (in audit records, in a
  // policy's selectors).
  if (rule.id == kStreamOverflowRule) {
    return RuleError(absl::StatusCode::kInvalidArgument, rule.location, rule.id,
                     "rule id is reserved for the stream guard's overflow "
                     "matches; choose another id");
  }
  if (auto it = index_.find(rule.id); it != index_.end()) {
    return RuleError(
        absl::StatusCode::kAlreadyExists, rule.location, rule.id,
        absl::StrCat("duplicate rule id; first defined at ",
                     internal::DescribeLocation(rules_[it->second].location)));
  }
  // Redacted text goes into line formats (one text a line, -z's NUL):
  // a line break or a NUL in what replaces a span would break them.
  const std::string replacement = rule.replacement.value_or("");
  for (const auto& [key, value] :
       {std::pair<const char*, const std::string*>{"replacement", &replacement},
        {"mask_char", &rule.mask_char}}) {
    bool control = false;
    for (size_t i = 0; i < value->size() && !control;) {
      const internal::Decoded d = internal::DecodeUtf8(*value, i);
      control = internal::IsControl(d.cp);
      i += d.length;
    }
    if (control) {
      return RuleError(absl::StatusCode::kInvalidArgument, rule.location,
                       rule.id,
                       absl::StrCat("'", key, "' \"", absl::CEscape(*value),
                                    "\" holds a control character (a line "
                                    "break, a NUL …); redacted text is "
                                    "written into line formats"));
    }
  }
  if (rule.severity < 1 || rule.severity > 5) {
    return RuleError(
        absl::StatusCode::kInvalidArgument, rule.location, rule.id,
        absl::StrCat("severity ", rule.severity, " is outside 1..5"));
  }
  if (std::string problem = internal::CooccurrenceProblem(rule);
      !problem.empty()) {
    return RuleError(absl::StatusCode::kInvalidArgument, rule.location, rule.id,
                     problem);
  }
  if (rule.keywords.empty() && rule.regexes.empty() && rule.all_of.empty()) {
    return RuleError(absl::StatusCode::kInvalidArgument, rule.location, rule.id,
                     "rule has no keywords and no regex (nor all_of)");
  }
  LEXGATE_RETURN_IF_ERROR(internal::CheckTerms(rule));
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
  for (PackInfo& pack : other.packs_) AddPack(std::move(pack));
  for (Rule& rule : other.rules_) {
    LEXGATE_RETURN_IF_ERROR(Add(std::move(rule)));
  }
  return absl::OkStatus();
}

std::vector<std::string> RuleSet::KeywordFiles() const {
  std::vector<std::string> files;
  absl::flat_hash_set<std::string_view> seen;
  for (const Rule& rule : rules_) {
    for (const std::vector<Keyword>* list : internal::KeywordLists(rule)) {
      for (const Keyword& keyword : *list) {
        // An inline keyword is located in its pack, as its rule is.
        const std::string& path = keyword.location.path;
        if (path.empty() || path == rule.location.path) continue;
        if (seen.insert(path).second) files.push_back(path);
      }
    }
  }
  return files;
}

const Rule* RuleSet::Find(std::string_view id) const {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &rules_[it->second];
}

absl::Status RuleSet::AddCategory(Category category) {
  // rules/categories.toml, loaded as part of rules/, repeats every shipped
  // category: nothing to add, but a renamed one is an error.
  // Another risk overrides the shipped one (a declared category is found
  // first), once: a second, different override fails in categories_.Add().
  if (const Category* shipped = Taxonomy::Shipped().Find(category.code);
      shipped != nullptr) {
    Category names_only = category;
    names_only.risk.clear();
    LEXGATE_RETURN_IF_ERROR(internal::CheckRedeclaration(*shipped, names_only));
    if (category.risk.empty() || category.risk == shipped->risk) {
      return absl::OkStatus();
    }
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

std::string RuleSet::RiskOf(std::string_view code) const {
  return ResolveRisk(code,
                     [this](std::string_view at) { return FindCategory(at); });
}

absl::Status RuleSet::CheckRisks() const {
  // The risk must be one the taxonomy has (a declared "A.1.99" is a typo).
  auto problem = [this](std::string_view view) -> std::string {
    const std::string code(view);
    const std::string risk = RiskOf(code);
    if (risk.empty()) {
      return absl::StrCat(
          "category '", code,
          "' rolls up to no GB/T 45654 Appendix A risk: give it (or an "
          "ancestor code) a risk, e.g. risk = \"A.4.7\"");
    }
    // The shipped taxonomy's: Appendix A has 31 risks, and a pack that
    // declares "A.1.99" adds none.
    if (Taxonomy::Shipped().Find(risk) == nullptr) {
      return absl::StrCat("category '", code, "' rolls up to '", risk,
                          "', which is not an Appendix A risk of the "
                          "taxonomy");
    }
    return "";
  };
  for (const Category& category : categories_.categories()) {
    if (std::string why = problem(category.code); !why.empty()) {
      return RuleError(absl::StatusCode::kFailedPrecondition, category.location,
                       "", why);
    }
  }
  for (const Rule& rule : rules_) {
    if (std::string why = problem(rule.category); !why.empty()) {
      return RuleError(absl::StatusCode::kFailedPrecondition, rule.location,
                       rule.id, why);
    }
  }
  return absl::OkStatus();
}

}  // namespace lexgate
