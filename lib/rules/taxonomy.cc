// Taxonomy: the categories rules may name. Add() is the one gate every
// category passes, whether shipped, declared by a pack or built in code.
#include "lexgate/taxonomy.h"

#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "lexgate/load_rules.h"
#include "rules/rule_error_status.h"
#include "rules/shipped_categories.h"
#include "rules/taxonomy_internal.h"

namespace lexgate {
namespace {

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

bool IsDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

bool IsAppendixACode(std::string_view code) {
  if (code.size() < 3 || code.substr(0, 2) != "A." || code[2] < '1' ||
      code[2] > '5') {
    return false;
  }
  return code.size() == 3 || IsAppendixARisk(code);
}

bool IsAppendixARisk(std::string_view code) {
  return code.size() >= 5 && code.substr(0, 2) == "A." && code[2] >= '1' &&
         code[2] <= '5' && code[3] == '.' && code[4] != '0' &&
         IsDigits(code.substr(4));
}

std::string ResolveRisk(
    std::string_view code,
    const std::function<const Category*(std::string_view)>& find) {
  if (IsAppendixACode(code)) return std::string(code);
  for (std::string_view at = code; !at.empty();) {
    if (const Category* category = find(at);
        category != nullptr && !category->risk.empty()) {
      return category->risk;
    }
    const size_t dot = at.rfind('.');
    if (dot == std::string_view::npos) break;
    at = at.substr(0, dot);
    // An ancestor that is an Appendix A code ("A.1.6" for "A.1.6.gore").
    if (IsAppendixACode(at)) return std::string(at);
  }
  return "";
}

namespace internal {

absl::Status CheckRedeclaration(const Category& first, const Category& again) {
  if (first.zh == again.zh && first.en == again.en) {
    if (first.risk.empty() || again.risk.empty() || first.risk == again.risk) {
      return absl::OkStatus();
    }
    return RuleError(
        absl::StatusCode::kAlreadyExists, again.location, "",
        absl::StrCat("category '", again.code, "' redeclared with risk '",
                     again.risk, "'; first declared at ",
                     DescribeLocation(first.location), " with risk '",
                     first.risk, "'"));
  }
  return RuleError(
      absl::StatusCode::kAlreadyExists, again.location, "",
      absl::StrCat("category '", again.code, "' redeclared as '", again.zh,
                   "' / '", again.en, "'; first declared at ",
                   DescribeLocation(first.location), " as '", first.zh, "' / '",
                   first.en, "'"));
}

}  // namespace internal

const Taxonomy& Taxonomy::Shipped() {
  // Parsed once, on first use. The text is generated from
  // rules/categories.toml at build time and parsed by the tests, so this
  // cannot fail in a released build; if it ever did, validation would reject
  // every shipped category and say so.
  static const Taxonomy* const shipped = [] {
    auto* taxonomy = new Taxonomy;
    absl::StatusOr<Taxonomy> parsed = ParseTaxonomy(
        internal::ShippedCategoriesToml(), internal::ShippedCategoriesPath());
    if (parsed.ok()) *taxonomy = *std::move(parsed);
    return taxonomy;
  }();
  return *shipped;
}

absl::Status Taxonomy::Add(Category category) {
  if (!IsValidCode(category.code)) {
    return internal::RuleError(
        absl::StatusCode::kInvalidArgument, category.location, "",
        absl::StrCat("category code '", category.code,
                     "' is not letters and digits separated by single '.', "
                     "'_' or '-'"));
  }
  if (category.zh.empty() || category.en.empty()) {
    return internal::RuleError(
        absl::StatusCode::kInvalidArgument, category.location, "",
        absl::StrCat("category '", category.code,
                     "' needs both a 'zh' and an 'en' name"));
  }
  if (!category.risk.empty()) {
    if (IsAppendixACode(category.code)) {
      return internal::RuleError(
          absl::StatusCode::kInvalidArgument, category.location, "",
          absl::StrCat("category '", category.code,
                       "' is an Appendix A code, its own risk: it takes no "
                       "'risk'"));
    }
    if (!IsAppendixARisk(category.risk)) {
      return internal::RuleError(
          absl::StatusCode::kInvalidArgument, category.location, "",
          absl::StrCat("category '", category.code, "': risk '", category.risk,
                       "' is not a GB/T 45654 Appendix A risk code (A.1.1 .. "
                       "A.5.2)"));
    }
  }
  if (auto it = index_.find(category.code); it != index_.end()) {
    Category& first = categories_[it->second];
    LEXGATE_RETURN_IF_ERROR(internal::CheckRedeclaration(first, category));
    if (first.risk.empty()) first.risk = category.risk;
    return absl::OkStatus();
  }
  index_.emplace(category.code, categories_.size());
  categories_.push_back(std::move(category));
  return absl::OkStatus();
}

absl::Status Taxonomy::Merge(const Taxonomy& other) {
  for (const Category& category : other.categories_) {
    LEXGATE_RETURN_IF_ERROR(Add(category));
  }
  return absl::OkStatus();
}

std::string Taxonomy::RiskOf(std::string_view code) const {
  return ResolveRisk(code, [this](std::string_view at) { return Find(at); });
}

const Category* Taxonomy::Find(std::string_view code) const {
  auto it = index_.find(code);
  return it == index_.end() ? nullptr : &categories_[it->second];
}

}  // namespace lexgate
