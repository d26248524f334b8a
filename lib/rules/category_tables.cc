#include "rules/category_tables.h"

#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "lexgate/taxonomy.h"
#include "rules/toml_reader.h"
#include "toml++/toml.h"

namespace lexgate::internal {
namespace {

constexpr const char* kTaxonomyTopLevelKeys[] = {"taxonomy", "category"};
constexpr const char* kTaxonomyKeys[] = {"name", "description"};
constexpr const char* kCategoryKeys[] = {"code", "zh", "en", "description",
                                         "risk"};

// The [taxonomy] table: its values are only checked, nothing uses them yet.
absl::Status CheckTaxonomyTable(const toml::node& node,
                                const TomlReader& reader) {
  LEXGATE_ASSIGN_OR_RETURN(const toml::table* table,
                           reader.Table(node, "taxonomy"));
  return reader.ForEachKey(*table, "", "[taxonomy]", kTaxonomyKeys,
                           [&](std::string_view key, const toml::node& value) {
                             std::string text;
                             return reader.ReadString(value, "", key, false,
                                                      &text);
                           });
}

absl::StatusOr<Category> ParseCategory(const toml::table& table,
                                       const TomlReader& reader) {
  Category category;
  category.location = {reader.path(), LineOf(table.source())};
  LEXGATE_RETURN_IF_ERROR(reader.ForEachKey(
      table, "", "[[category]]", kCategoryKeys,
      [&](std::string_view key, const toml::node& value) {
        std::string* out = key == "code"   ? &category.code
                           : key == "zh"   ? &category.zh
                           : key == "en"   ? &category.en
                           : key == "risk" ? &category.risk
                                           : &category.description;
        return reader.ReadString(value, "", key, key == "description", out);
      }));
  for (const char* required : {"code", "zh", "en"}) {
    if (table.get(required) == nullptr) {
      return reader.Error(category.location.line, "",
                          absl::StrCat("[[category]] has no '", required, "'"));
    }
  }
  return category;
}

}  // namespace

absl::StatusOr<Taxonomy> ParseCategoryTables(const toml::table& root,
                                             const TomlReader& reader) {
  Taxonomy taxonomy;
  const toml::node* node = root.get("category");
  if (node == nullptr) return taxonomy;
  LEXGATE_ASSIGN_OR_RETURN(const toml::array* array,
                           reader.ArrayOfTables(*node, "category"));
  for (const toml::node& element : *array) {
    LEXGATE_ASSIGN_OR_RETURN(Category category,
                             ParseCategory(*element.as_table(), reader));
    LEXGATE_RETURN_IF_ERROR(taxonomy.Add(std::move(category)));
  }
  return taxonomy;
}

absl::StatusOr<Taxonomy> ParseTaxonomyFile(const toml::table& root,
                                           const TomlReader& reader) {
  LEXGATE_RETURN_IF_ERROR(
      reader.CheckKeys(root, "a taxonomy file", kTaxonomyTopLevelKeys));
  const toml::node* taxonomy = root.get("taxonomy");
  if (taxonomy == nullptr) {
    return reader.Error(0, "", "missing [taxonomy] table: not a taxonomy file");
  }
  LEXGATE_RETURN_IF_ERROR(CheckTaxonomyTable(*taxonomy, reader));
  return ParseCategoryTables(root, reader);
}

}  // namespace lexgate::internal
