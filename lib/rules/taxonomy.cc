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

}  // namespace

namespace internal {

absl::Status CheckRedeclaration(const Category& first, const Category& again) {
  if (first.zh == again.zh && first.en == again.en) return absl::OkStatus();
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
  if (auto it = index_.find(category.code); it != index_.end()) {
    return internal::CheckRedeclaration(categories_[it->second], category);
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

const Category* Taxonomy::Find(std::string_view code) const {
  auto it = index_.find(code);
  return it == index_.end() ? nullptr : &categories_[it->second];
}

}  // namespace lexgate
