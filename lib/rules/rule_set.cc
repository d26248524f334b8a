// RuleSet: an ordered list of rules with unique ids. Add() is the single
// gate every rule passes, whether loaded from a pack or built in code, so
// the invariants the compiler relies on are checked here once.
//
// Taxonomy: the categories rules may name, with the same kind of gate.
#include "lexgate/rule_set.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "lexgate/rule.h"
#include "lexgate/taxonomy.h"
#include "rules/rule_error_status.h"

namespace lexgate {

using internal::RuleError;

namespace {

std::string DescribeLocation(const SourceLocation& where) {
  if (where.path.empty()) {
    return where.line > 0 ? absl::StrCat("line ", where.line)
                          : std::string("a rule built in code");
  }
  return where.line > 0 ? absl::StrCat(where.path, ":", where.line)
                        : where.path;
}

// Debian's abseil is built with its own string_view type, which does not
// convert implicitly from std::string_view.
absl::string_view Absl(std::string_view s) { return {s.data(), s.size()}; }

bool IsCodeChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9');
}

// Letters and digits in runs separated by single '.', '_' or '-':
// "A.1.3", "pii.id_card", "secret.api-key".
bool IsValidCode(std::string_view code) {
  bool after_separator = true;  // no separator first, none twice in a row
  for (char c : code) {
    if (IsCodeChar(c)) {
      after_separator = false;
    } else if ((c == '.' || c == '_' || c == '-') && !after_separator) {
      after_separator = true;
    } else {
      return false;
    }
  }
  return !after_separator;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// A hint for an unknown category: the close spellings, else the known codes
// that share its first component ("pii.*"), else how to declare one.
std::string UnknownCategoryHint(std::string_view code,
                                const std::vector<const Taxonomy*>& known) {
  std::vector<std::string> close;
  std::vector<std::string> siblings;
  const std::string_view head = code.substr(0, code.find('.'));
  for (const Taxonomy* taxonomy : known) {
    for (const Category& category : taxonomy->categories()) {
      if (EditDistance(code, category.code) <= 2) {
        close.push_back(category.code);
      }
      if (head.size() < code.size() &&
          std::string_view(category.code).substr(0, head.size() + 1) ==
              std::string_view(code).substr(0, head.size() + 1)) {
        siblings.push_back(category.code);
      }
    }
  }
  if (!close.empty()) {
    return absl::StrCat(" (did you mean ", absl::StrJoin(close, ", "), "?)");
  }
  if (!siblings.empty()) {
    return absl::StrCat(" (known ", Absl(head),
                        ".* categories: ", absl::StrJoin(siblings, ", "), ")");
  }
  return " (declare it in a [[category]] table: see rules/README.md)";
}

// A category may be declared again with the same names (a pack that repeats
// a shipped category, a taxonomy file loaded twice), but not renamed.
absl::Status CheckRedeclaration(const Category& first, const Category& again) {
  if (first.zh == again.zh && first.en == again.en) return absl::OkStatus();
  return RuleError(
      absl::StatusCode::kAlreadyExists, again.location, "",
      absl::StrCat("category '", again.code, "' redeclared as '", again.zh,
                   "' / '", again.en, "'; first declared at ",
                   DescribeLocation(first.location), " as '", first.zh, "' / '",
                   first.en, "'"));
}

}  // namespace

// --- Taxonomy ----------------------------------------------------------------

absl::Status Taxonomy::Add(Category category) {
  if (!IsValidCode(category.code)) {
    return RuleError(
        absl::StatusCode::kInvalidArgument, category.location, "",
        absl::StrCat("category code '", category.code,
                     "' is not letters and digits separated by single '.', "
                     "'_' or '-'"));
  }
  if (category.zh.empty() || category.en.empty()) {
    return RuleError(absl::StatusCode::kInvalidArgument, category.location, "",
                     absl::StrCat("category '", category.code,
                                  "' needs both a 'zh' and an 'en' name"));
  }
  if (auto it = index_.find(category.code); it != index_.end()) {
    return CheckRedeclaration(categories_[it->second], category);
  }
  index_.emplace(category.code, categories_.size());
  categories_.push_back(std::move(category));
  return absl::OkStatus();
}

absl::Status Taxonomy::Merge(const Taxonomy& other) {
  for (const Category& category : other.categories_) {
    if (absl::Status status = Add(category); !status.ok()) return status;
  }
  return absl::OkStatus();
}

const Category* Taxonomy::Find(std::string_view code) const {
  auto it = index_.find(code);
  return it == index_.end() ? nullptr : &categories_[it->second];
}

// --- RuleSet -----------------------------------------------------------------

absl::Status RuleSet::AddCategory(Category category) {
  // rules/categories.toml, loaded as part of rules/, repeats every shipped
  // category: nothing to add, but a renamed one is an error.
  if (const Category* shipped = Taxonomy::Shipped().Find(category.code);
      shipped != nullptr) {
    return CheckRedeclaration(*shipped, category);
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
                     UnknownCategoryHint(
                         rule.category, {&Taxonomy::Shipped(), &categories_})));
  }
  return absl::OkStatus();
}

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
  for (const Category& category : other.categories_.categories()) {
    if (absl::Status status = AddCategory(category); !status.ok()) {
      return status;
    }
  }
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
