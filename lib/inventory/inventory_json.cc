// InventoryJson() and InventoryDiffJson(): the JSON of docs/json-schema.md,
// written here once for lexgate-filter and Python alike.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/json_string.h"
#include "lexgate/inventory.h"
#include "lexgate/version.h"

namespace lexgate {
namespace {

using internal::AppendJsonString;
using internal::ValidUtf8;

// The schema version of both documents (the "v" of DESIGN §10).
constexpr int kSchemaVersion = 1;

class JsonWriter {
 public:
  JsonWriter& Raw(std::string_view text) {
    out_.append(text);
    return *this;
  }
  // ,"key": (without the comma for the first member of an object).
  JsonWriter& Key(std::string_view key) {
    if (!out_.empty() && out_.back() != '{' && out_.back() != '[') {
      out_.push_back(',');
    }
    AppendJsonString(key, &out_);
    out_.push_back(':');
    return *this;
  }
  JsonWriter& String(std::string_view value) {
    AppendJsonString(ValidUtf8(value), &out_);
    return *this;
  }
  // A string, or null when empty.
  JsonWriter& StringOrNull(std::string_view value) {
    return value.empty() ? Raw("null") : String(value);
  }
  JsonWriter& Number(size_t value) { return Raw(absl::StrCat(value)); }
  JsonWriter& Bool(bool value) { return Raw(value ? "true" : "false"); }
  JsonWriter& NumberOrNull(const std::optional<size_t>& value) {
    return value.has_value() ? Number(*value) : Raw("null");
  }
  JsonWriter& BoolOrNull(const std::optional<bool>& value) {
    return value.has_value() ? Bool(*value) : Raw("null");
  }
  // An array element separator, before every element but the first.
  JsonWriter& Next() {
    if (out_.back() != '[') out_.push_back(',');
    return *this;
  }
  JsonWriter& Strings(const std::vector<std::string>& values) {
    Raw("[");
    for (const std::string& value : values) Next().String(value);
    return Raw("]");
  }
  // {"v":1,"type":TYPE,"lexgate":VERSION
  JsonWriter& Header(std::string_view type) {
    Raw("{").Key("v").Number(kSchemaVersion).Key("type").String(type);
    return Key("lexgate").String(Version());
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

}  // namespace

std::string InventoryJson(const Inventory& inventory) {
  JsonWriter w;
  w.Header("inventory").Key("fingerprint").String(inventory.fingerprint);
  w.Key("packs").Raw("[");
  for (const InventoryPack& pack : inventory.packs) {
    w.Next().Raw("{").Key("name").String(pack.name);
    w.Key("version").StringOrNull(pack.version);
    w.Key("updated").StringOrNull(pack.updated);
    w.Key("path").String(pack.path);
    w.Key("terms").Number(pack.terms).Key("regexes").Number(pack.regexes);
    w.Raw("}");
  }
  w.Raw("]");
  w.Key("terms").Number(inventory.terms);
  w.Key("regexes").Number(inventory.regexes);
  w.Key("thresholds").Raw("{");
  w.Key("total").Number(inventory.thresholds.total);
  w.Key("A.1").Number(inventory.thresholds.a1);
  w.Key("A.2").Number(inventory.thresholds.a2);
  w.Raw("}");
  w.Key("risks").Raw("[");
  for (const InventoryRisk& risk : inventory.risks) {
    w.Next().Raw("{").Key("code").String(risk.code);
    w.Key("zh").String(risk.zh).Key("en").String(risk.en);
    w.Key("terms").Number(risk.terms).Key("regexes").Number(risk.regexes);
    w.Key("threshold").NumberOrNull(risk.threshold);
    w.Key("meets").BoolOrNull(risk.meets);
    w.Raw("}");
  }
  w.Raw("]");
  w.Key("categories").Raw("[");
  for (const InventoryCategory& category : inventory.categories) {
    w.Next().Raw("{").Key("category").String(category.category);
    w.Key("zh").String(category.zh).Key("en").String(category.en);
    w.Key("risk").String(category.risk);
    w.Key("terms").Number(category.terms);
    w.Key("regexes").Number(category.regexes);
    w.Raw("}");
  }
  w.Raw("]");
  w.Key("uncovered").Strings(inventory.uncovered);
  w.Key("meets").Bool(inventory.meets);
  return w.Raw("}").Take();
}

std::string InventoryDiffJson(const InventoryDiff& diff) {
  JsonWriter w;
  w.Header("inventory_diff");
  w.Key("old").Raw("{").Key("fingerprint").String(diff.old_fingerprint);
  w.Key("terms").Number(diff.old_terms).Raw("}");
  w.Key("new").Raw("{").Key("fingerprint").String(diff.new_fingerprint);
  w.Key("terms").Number(diff.new_terms).Raw("}");
  w.Key("added").Number(diff.added).Key("removed").Number(diff.removed);
  w.Key("risks").Raw("[");
  for (const InventoryRiskDiff& risk : diff.risks) {
    w.Next().Raw("{").Key("code").String(risk.code);
    w.Key("zh").String(risk.zh).Key("en").String(risk.en);
    w.Key("added").Strings(risk.added);
    w.Key("removed").Strings(risk.removed);
    w.Raw("}");
  }
  w.Raw("]");
  return w.Raw("}").Take();
}

}  // namespace lexgate
