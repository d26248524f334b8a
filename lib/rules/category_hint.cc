#include "rules/category_hint.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/strings.h"
#include "lexgate/taxonomy.h"

namespace lexgate::internal {
namespace {

// Levenshtein distance, one row at a time: codes are short.
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

}  // namespace

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

}  // namespace lexgate::internal
