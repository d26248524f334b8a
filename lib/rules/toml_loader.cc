// Rule packs in TOML (DESIGN.md §3). The loader is strict on purpose: a typo
// in a compliance rule pack silently disables a rule, so every unknown key,
// wrong type or bad value is an error naming the file, the line and the rule.
//
// The same parser reads taxonomy files ([taxonomy] + [[category]], such as
// rules/categories.toml) and the [[category]] tables a pack may declare; the
// shipped taxonomy is compiled in (categories_data.inc) and parsed on first
// use.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "lexgate/load_rules.h"
#include "lexgate/rule.h"
#include "lexgate/rule_set.h"
#include "lexgate/taxonomy.h"
#include "rules/rule_error_status.h"
#include "toml++/toml.h"

namespace lexgate {

using internal::RuleError;

namespace {

namespace fs = std::filesystem;

using Keys = std::span<const char* const>;

constexpr const char* kPackKeys[] = {"name", "description"};
// The keys [defaults] may set; a [[rule]] accepts them too.
constexpr const char* kSettingKeys[] = {"category", "action",    "severity",
                                        "boundary", "validator", "replacement",
                                        "normalize"};
constexpr const char* kRuleKeys[] = {
    "id",       "category",       "action",      "severity",
    "keywords", "keywords_file",  "regex",       "regexes",
    "boundary", "validator",      "replacement", "normalize",
    "examples", "counterexamples"};
constexpr const char* kTopLevelKeys[] = {"pack", "defaults", "rule",
                                         "category"};
constexpr const char* kTaxonomyTopLevelKeys[] = {"taxonomy", "category"};
constexpr const char* kTaxonomyKeys[] = {"name", "description"};
constexpr const char* kCategoryKeys[] = {"code", "zh", "en", "description"};

// Debian's abseil is built with its own string_view type, which does not
// convert implicitly from std::string_view.
absl::string_view Absl(std::string_view s) { return {s.data(), s.size()}; }

bool Contains(Keys keys, std::string_view key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

int LineOf(const toml::source_region& region) {
  return static_cast<int>(region.begin.line);
}

std::string_view TypeName(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

absl::Status ErrnoStatus(int error, std::string_view path,
                         std::string_view what) {
  const absl::StatusCode code = error == ENOENT ? absl::StatusCode::kNotFound
                                : error == EACCES
                                    ? absl::StatusCode::kPermissionDenied
                                    : absl::StatusCode::kInvalidArgument;
  return RuleError(code, {std::string(path), 0}, "",
                   absl::StrCat(Absl(what), ": ", std::strerror(error)));
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return RuleError(absl::StatusCode::kNotFound, {path, 0}, "",
                     "no such file or directory");
  }
  if (fs::is_directory(path, ec)) {
    return RuleError(absl::StatusCode::kInvalidArgument, {path, 0}, "",
                     "is a directory, not a file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return ErrnoStatus(errno, path, "cannot open");
  std::string contents((std::istreambuf_iterator<char>(in)),
                       std::istreambuf_iterator<char>());
  if (in.bad()) return ErrnoStatus(errno, path, "cannot read");
  return contents;
}

// Keyword files are often exported from other systems; a GBK file would
// otherwise load as keywords that can never match.
bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = s[i];
    int extra;
    char32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      extra = 1, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= s.size()) return false;  // truncated sequence
    for (int k = 1; k <= extra; ++k) {
      const unsigned char cc = s[i + k];
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and code points past U+10FFFF.
    if ((extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

// Parses one pack. `defaults_` starts as a default-constructed Rule, whose
// member initialisers are exactly the documented defaults; [defaults] then
// overrides them and every [[rule]] starts as a copy.
class PackParser {
 public:
  explicit PackParser(std::string_view path) : path_(path) {}

  absl::StatusOr<RuleSet> Parse(const toml::table& root);
  // A taxonomy file ([taxonomy] and [[category]] tables) on its own.
  absl::StatusOr<Taxonomy> ParseTaxonomyFile(const toml::table& root);

 private:
  absl::Status Error(int line, std::string_view rule_id,
                     std::string_view what) const {
    return RuleError(absl::StatusCode::kInvalidArgument, {path_, line}, rule_id,
                     what);
  }
  absl::Status Error(const toml::node& node, std::string_view rule_id,
                     std::string_view what) const {
    return Error(LineOf(node.source()), rule_id, what);
  }
  absl::Status TypeError(const toml::node& node, std::string_view rule_id,
                         std::string_view key,
                         std::string_view expected) const {
    return Error(node, rule_id,
                 absl::StrCat("'", Absl(key), "' must be ", Absl(expected),
                              ", not ", Absl(TypeName(node))));
  }
  absl::Status UnknownKey(const toml::key& key, std::string_view rule_id,
                          std::string_view table, Keys valid) const {
    return Error(
        LineOf(key.source()), rule_id,
        absl::StrCat("unknown key '", Absl(key.str()), "' in ", Absl(table),
                     "; valid keys: ", absl::StrJoin(valid, ", ")));
  }

  absl::Status ReadString(const toml::node& node, std::string_view rule_id,
                          std::string_view key, bool allow_empty,
                          std::string* out) const;
  absl::StatusOr<std::vector<const toml::value<std::string>*>> StringArray(
      const toml::node& node, std::string_view rule_id,
      std::string_view key) const;
  absl::Status ReadStrings(const toml::node& node, std::string_view rule_id,
                           std::string_view key, bool allow_empty,
                           std::vector<std::string>* out) const;
  template <typename Enum>
  absl::Status ReadEnum(const toml::node& node, std::string_view rule_id,
                        std::string_view key,
                        std::optional<Enum> (*parse)(std::string_view),
                        std::string_view valid, Enum* out) const;

  absl::Status ParsePack(const toml::node& node);
  absl::Status ParseTaxonomyTable(const toml::node& node);
  absl::StatusOr<Taxonomy> ParseCategories(const toml::table& root) const;
  absl::StatusOr<Category> ParseCategory(const toml::table& table) const;
  absl::Status ParseDefaults(const toml::node& node);
  absl::Status ApplySetting(std::string_view key, const toml::node& node,
                            std::string_view rule_id, Rule* rule) const;
  absl::StatusOr<Rule> ParseRule(const toml::table& table) const;
  absl::Status ReadInlineKeywords(const toml::node& node, Rule* rule) const;
  absl::Status ReadKeywordsFile(const toml::node& node, Rule* rule) const;

  std::string path_;
  std::string pack_name_;
  Rule defaults_;
};

absl::Status PackParser::ParseTaxonomyTable(const toml::node& node) {
  const toml::table* table = node.as_table();
  if (table == nullptr) return TypeError(node, "", "taxonomy", "a table");
  for (auto&& [key, value] : *table) {
    if (!Contains(kTaxonomyKeys, key.str())) {
      return UnknownKey(key, "", "[taxonomy]", kTaxonomyKeys);
    }
    std::string text;
    if (absl::Status status = ReadString(value, "", key.str(), false, &text);
        !status.ok()) {
      return status;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Category> PackParser::ParseCategory(
    const toml::table& table) const {
  Category category;
  category.location = {path_, LineOf(table.source())};
  for (auto&& [key, value] : table) {
    const std::string_view name = key.str();
    if (!Contains(kCategoryKeys, name)) {
      return UnknownKey(key, "", "[[category]]", kCategoryKeys);
    }
    std::string* out = name == "code" ? &category.code
                       : name == "zh" ? &category.zh
                       : name == "en" ? &category.en
                                      : &category.description;
    if (absl::Status status =
            ReadString(value, "", name, name == "description", out);
        !status.ok()) {
      return status;
    }
  }
  for (const char* required : {"code", "zh", "en"}) {
    if (table.get(required) == nullptr) {
      return Error(category.location.line, "",
                   absl::StrCat("[[category]] has no '", required, "'"));
    }
  }
  return category;
}

// The [[category]] tables of a pack or a taxonomy file; Taxonomy::Add()
// checks the codes and repeated declarations.
absl::StatusOr<Taxonomy> PackParser::ParseCategories(
    const toml::table& root) const {
  Taxonomy taxonomy;
  const toml::node* node = root.get("category");
  if (node == nullptr) return taxonomy;
  const toml::array* array = node->as_array();
  if (array == nullptr || !array->is_array_of_tables()) {
    return TypeError(*node, "", "category",
                     "an array of tables ([[category]] sections)");
  }
  for (const toml::node& element : *array) {
    absl::StatusOr<Category> category = ParseCategory(*element.as_table());
    if (!category.ok()) return category.status();
    if (absl::Status status = taxonomy.Add(*std::move(category));
        !status.ok()) {
      return status;
    }
  }
  return taxonomy;
}

absl::Status PackParser::ReadString(const toml::node& node,
                                    std::string_view rule_id,
                                    std::string_view key, bool allow_empty,
                                    std::string* out) const {
  const auto* value = node.as_string();
  if (value == nullptr) return TypeError(node, rule_id, key, "a string");
  if (!allow_empty && value->get().empty()) {
    return Error(node, rule_id,
                 absl::StrCat("'", Absl(key), "' must not be empty"));
  }
  *out = value->get();
  return absl::OkStatus();
}

absl::StatusOr<std::vector<const toml::value<std::string>*>>
PackParser::StringArray(const toml::node& node, std::string_view rule_id,
                        std::string_view key) const {
  const toml::array* array = node.as_array();
  if (array == nullptr) {
    return TypeError(node, rule_id, key, "an array of strings");
  }
  std::vector<const toml::value<std::string>*> strings;
  for (const toml::node& element : *array) {
    strings.push_back(element.as_string());
    if (strings.back() == nullptr) {
      return Error(
          element, rule_id,
          absl::StrCat("'", Absl(key),
                       "' must be an array of strings; element ",
                       strings.size(), " is ", Absl(TypeName(element))));
    }
  }
  return strings;
}

absl::Status PackParser::ReadStrings(const toml::node& node,
                                     std::string_view rule_id,
                                     std::string_view key, bool allow_empty,
                                     std::vector<std::string>* out) const {
  auto strings = StringArray(node, rule_id, key);
  if (!strings.ok()) return strings.status();
  for (size_t i = 0; i < strings->size(); ++i) {
    const toml::value<std::string>& value = *(*strings)[i];
    if (!allow_empty && value->empty()) {
      return Error(
          value, rule_id,
          absl::StrCat("'", Absl(key), "' holds an empty string (element ",
                       i + 1, ")"));
    }
    out->push_back(*value);
  }
  return absl::OkStatus();
}

template <typename Enum>
absl::Status PackParser::ReadEnum(
    const toml::node& node, std::string_view rule_id, std::string_view key,
    std::optional<Enum> (*parse)(std::string_view), std::string_view valid,
    Enum* out) const {
  const auto* value = node.as_string();
  if (value == nullptr) return TypeError(node, rule_id, key, "a string");
  std::optional<Enum> parsed = parse(value->get());
  if (!parsed.has_value()) {
    return Error(node, rule_id,
                 absl::StrCat("'", Absl(key), "' must be one of ", Absl(valid),
                              ", not '", value->get(), "'"));
  }
  *out = *parsed;
  return absl::OkStatus();
}

absl::Status PackParser::ParsePack(const toml::node& node) {
  const toml::table* table = node.as_table();
  if (table == nullptr) return TypeError(node, "", "pack", "a table");
  for (auto&& [key, value] : *table) {
    if (!Contains(kPackKeys, key.str())) {
      return UnknownKey(key, "", "[pack]", kPackKeys);
    }
    std::string description;
    std::string* out = key == "name" ? &pack_name_ : &description;
    if (absl::Status status =
            ReadString(value, "", key.str(), key != "name", out);
        !status.ok()) {
      return status;
    }
  }
  if (pack_name_.empty()) return Error(node, "", "[pack] has no 'name'");
  return absl::OkStatus();
}

absl::Status PackParser::ParseDefaults(const toml::node& node) {
  const toml::table* table = node.as_table();
  if (table == nullptr) return TypeError(node, "", "defaults", "a table");
  for (auto&& [key, value] : *table) {
    if (!Contains(kSettingKeys, key.str())) {
      return UnknownKey(key, "", "[defaults]", kSettingKeys);
    }
    if (absl::Status status = ApplySetting(key.str(), value, "", &defaults_);
        !status.ok()) {
      return status;
    }
  }
  return absl::OkStatus();
}

absl::Status PackParser::ApplySetting(std::string_view key,
                                      const toml::node& node,
                                      std::string_view rule_id,
                                      Rule* rule) const {
  if (key == "category") {
    return ReadString(node, rule_id, key, false, &rule->category);
  }
  if (key == "replacement") {
    return ReadString(node, rule_id, key, true, &rule->replacement);
  }
  if (key == "action") {
    return ReadEnum(node, rule_id, key, &ParseAction,
                    "block, mask, flag, allow", &rule->action);
  }
  if (key == "boundary") {
    return ReadEnum(node, rule_id, key, &ParseBoundary,
                    "auto, word, digit, none", &rule->boundary);
  }
  if (key == "validator") {
    return ReadEnum(node, rule_id, key, &ParseValidator,
                    "luhn, cn_resident_id, iban, none", &rule->validator);
  }
  if (key == "normalize") {
    const auto* value = node.as_boolean();
    if (value == nullptr) return TypeError(node, rule_id, key, "a boolean");
    rule->normalize = value->get();
    return absl::OkStatus();
  }
  // Only "severity" is left: the callers pass keys from kSettingKeys.
  const auto* value = node.as_integer();
  if (value == nullptr) return TypeError(node, rule_id, key, "an integer");
  if (value->get() < 1 || value->get() > 5) {
    return Error(node, rule_id,
                 absl::StrCat("'severity' must be 1..5, not ", value->get()));
  }
  rule->severity = static_cast<int>(value->get());
  return absl::OkStatus();
}

absl::Status PackParser::ReadInlineKeywords(const toml::node& node,
                                            Rule* rule) const {
  auto strings = StringArray(node, rule->id, "keywords");
  if (!strings.ok()) return strings.status();
  for (size_t i = 0; i < strings->size(); ++i) {
    const toml::value<std::string>& value = *(*strings)[i];
    // Hyperscan crashes on empty literals, and a blank keyword would match
    // every space: neither can be what the author meant.
    if (absl::StripAsciiWhitespace(*value).empty()) {
      return Error(value, rule->id,
                   absl::StrCat("'keywords' holds an empty or whitespace-only "
                                "keyword (element ",
                                i + 1, ")"));
    }
    rule->keywords.push_back({*value, {path_, LineOf(node.source())}});
  }
  return absl::OkStatus();
}

absl::Status PackParser::ReadKeywordsFile(const toml::node& node,
                                          Rule* rule) const {
  std::string name;
  if (absl::Status status =
          ReadString(node, rule->id, "keywords_file", false, &name);
      !status.ok()) {
    return status;
  }
  const std::string file = (fs::path(path_).parent_path() / name).string();
  absl::StatusOr<std::string> contents = ReadFile(file);
  if (!contents.ok()) {
    return RuleError(contents.status().code(), {path_, LineOf(node.source())},
                     rule->id,
                     absl::StrCat("cannot read keywords_file '", name,
                                  "': ", contents.status().message()));
  }
  std::string_view rest = *contents;
  if (rest.substr(0, 3) == "\xEF\xBB\xBF") rest.remove_prefix(3);  // BOM
  for (int line = 1; !rest.empty(); ++line) {
    const size_t end = std::min(rest.find('\n'), rest.size());
    const absl::string_view text =
        absl::StripAsciiWhitespace(Absl(rest.substr(0, end)));
    rest.remove_prefix(std::min(end + 1, rest.size()));
    if (text.empty() || text.front() == '#') continue;
    if (!IsValidUtf8({text.data(), text.size()})) {
      return RuleError(absl::StatusCode::kInvalidArgument, {file, line},
                       rule->id,
                       "keyword is not valid UTF-8 (keyword files must be "
                       "UTF-8, not GBK or another legacy encoding)");
    }
    rule->keywords.push_back({std::string(text), {file, line}});
  }
  return absl::OkStatus();
}

absl::StatusOr<Rule> PackParser::ParseRule(const toml::table& table) const {
  Rule rule = defaults_;
  rule.pack = pack_name_;
  rule.location = {path_, LineOf(table.source())};

  // The id is read first so that every later error can name the rule.
  const toml::node* id = table.get("id");
  if (id == nullptr) {
    return Error(rule.location.line, "", "[[rule]] has no 'id'");
  }
  if (absl::Status status = ReadString(*id, "", "id", false, &rule.id);
      !status.ok()) {
    return status;
  }

  for (auto&& [key, value] : table) {
    const std::string_view name = key.str();
    absl::Status status;
    if (name == "id") {
      continue;
    } else if (Contains(kSettingKeys, name)) {
      status = ApplySetting(name, value, rule.id, &rule);
    } else if (name == "keywords") {
      status = ReadInlineKeywords(value, &rule);
    } else if (name == "keywords_file") {
      status = ReadKeywordsFile(value, &rule);
    } else if (name == "regex") {
      status =
          ReadString(value, rule.id, name, false, &rule.regexes.emplace_back());
    } else if (name == "regexes") {
      status = ReadStrings(value, rule.id, name, false, &rule.regexes);
    } else if (name == "examples") {
      status = ReadStrings(value, rule.id, name, true, &rule.examples);
    } else if (name == "counterexamples") {
      status = ReadStrings(value, rule.id, name, true, &rule.counterexamples);
    } else {
      status = UnknownKey(key, rule.id, "[[rule]]", kRuleKeys);
    }
    if (!status.ok()) return status;
  }

  if (rule.category.empty()) {
    return Error(rule.location.line, rule.id,
                 "rule has no 'category' (set it in the rule or in "
                 "[defaults])");
  }
  // No keywords and no regex, a bad id or severity are RuleSet::Add's checks.
  return rule;
}

absl::StatusOr<Taxonomy> PackParser::ParseTaxonomyFile(
    const toml::table& root) {
  for (auto&& [key, value] : root) {
    if (!Contains(kTaxonomyTopLevelKeys, key.str())) {
      return UnknownKey(key, "", "a taxonomy file", kTaxonomyTopLevelKeys);
    }
  }
  const toml::node* taxonomy = root.get("taxonomy");
  if (taxonomy == nullptr) {
    return Error(0, "", "missing [taxonomy] table: not a taxonomy file");
  }
  if (absl::Status status = ParseTaxonomyTable(*taxonomy); !status.ok()) {
    return status;
  }
  return ParseCategories(root);
}

absl::StatusOr<RuleSet> PackParser::Parse(const toml::table& root) {
  RuleSet rules;
  if (root.get("taxonomy") != nullptr) {
    absl::StatusOr<Taxonomy> categories = ParseTaxonomyFile(root);
    if (!categories.ok()) return categories.status();
    for (const Category& category : categories->categories()) {
      if (absl::Status status = rules.AddCategory(category); !status.ok()) {
        return status;
      }
    }
    return rules;
  }

  for (auto&& [key, value] : root) {
    if (!Contains(kTopLevelKeys, key.str())) {
      return UnknownKey(key, "", "the top level", kTopLevelKeys);
    }
  }
  const toml::node* pack = root.get("pack");
  if (pack == nullptr) {
    return Error(0, "",
                 "missing [pack] table with a 'name' (or [taxonomy], for a "
                 "file that only declares categories)");
  }
  if (absl::Status status = ParsePack(*pack); !status.ok()) return status;
  if (const toml::node* defaults = root.get("defaults"); defaults != nullptr) {
    if (absl::Status status = ParseDefaults(*defaults); !status.ok()) {
      return status;
    }
  }
  absl::StatusOr<Taxonomy> categories = ParseCategories(root);
  if (!categories.ok()) return categories.status();
  for (const Category& category : categories->categories()) {
    if (absl::Status status = rules.AddCategory(category); !status.ok()) {
      return status;
    }
  }

  const toml::node* rule_node = root.get("rule");
  if (rule_node == nullptr) return rules;
  const toml::array* array = rule_node->as_array();
  if (array == nullptr || !array->is_array_of_tables()) {
    return TypeError(*rule_node, "", "rule",
                     "an array of tables ([[rule]] sections)");
  }
  for (const toml::node& element : *array) {
    absl::StatusOr<Rule> rule = ParseRule(*element.as_table());
    if (!rule.ok()) return rule.status();
    if (absl::Status status = rules.Add(*std::move(rule)); !status.ok()) {
      return status;
    }
  }
  return rules;
}

absl::Status ParseErrorStatus(const toml::parse_error& error,
                              std::string_view path) {
  const toml::source_position& begin = error.source().begin;
  // RuleError() supplies the payload; the message gains the column, which
  // RuleError's format has no place for.
  absl::Status located =
      RuleError(absl::StatusCode::kInvalidArgument,
                {std::string(path), LineOf(error.source())}, "", "");
  std::string prefix(Absl(path));
  if (begin.line > 0) {
    absl::StrAppend(&prefix, ":", begin.line, ":", begin.column);
  }
  absl::Status status(
      absl::StatusCode::kInvalidArgument,
      absl::StrCat(prefix, ": invalid TOML: ", Absl(error.description())));
  located.ForEachPayload([&](absl::string_view url, const absl::Cord& value) {
    status.SetPayload(url, value);
  });
  return status;
}

absl::StatusOr<toml::table> ParseToml(std::string_view toml,
                                      std::string_view path) {
#if TOML_EXCEPTIONS
  try {
    return toml::parse(toml, path);
  } catch (const toml::parse_error& error) {
    return ParseErrorStatus(error, path);
  }
#else
  toml::parse_result result = toml::parse(toml, path);
  if (!result) return ParseErrorStatus(result.error(), path);
  return std::move(result).table();
#endif
}

// Parses one file without checking that the rules' categories exist: a pack
// may use a category that another file loaded with it declares.
absl::StatusOr<RuleSet> ParseUnchecked(std::string_view toml,
                                       std::string_view path) {
  absl::StatusOr<toml::table> root = ParseToml(toml, path);
  if (!root.ok()) return root.status();
  return PackParser(path).Parse(*root);
}

absl::StatusOr<RuleSet> LoadUnchecked(const std::vector<std::string>& paths);

absl::StatusOr<RuleSet> LoadUnchecked(std::string_view path) {
  if (path.empty()) {
    return absl::InvalidArgumentError("LoadRules: empty rule pack path");
  }
  const fs::path dir(path);
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    absl::StatusOr<std::string> contents = ReadFile(std::string(path));
    if (!contents.ok()) return contents.status();
    return ParseUnchecked(*contents, path);
  }

  std::vector<std::string> packs;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    const fs::path& file = it->path();
    // Like the shell's *.toml, skip hidden files (editor and VCS leftovers).
    const std::string name = file.filename().string();
    std::error_code file_ec;
    if (file.extension() == ".toml" && name.front() != '.' &&
        it->is_regular_file(file_ec)) {
      packs.push_back(file.string());
    }
  }
  if (ec) return ErrnoStatus(ec.value(), path, "cannot list directory");
  if (packs.empty()) {
    return RuleError(absl::StatusCode::kNotFound, {std::string(path), 0}, "",
                     "directory holds no *.toml rule packs");
  }
  std::sort(packs.begin(), packs.end());
  return LoadUnchecked(packs);
}

absl::StatusOr<RuleSet> LoadUnchecked(const std::vector<std::string>& paths) {
  if (paths.empty()) {
    return absl::InvalidArgumentError("LoadRules: no rule pack paths given");
  }
  RuleSet all;
  for (const std::string& path : paths) {
    absl::StatusOr<RuleSet> pack = LoadUnchecked(path);
    if (!pack.ok()) return pack.status();
    // Merge() reports an id defined in two packs, naming both, and a
    // category declared twice with different names.
    if (absl::Status status = all.Merge(*std::move(pack)); !status.ok()) {
      return status;
    }
  }
  return all;
}

absl::StatusOr<RuleSet> Checked(absl::StatusOr<RuleSet> rules) {
  if (rules.ok()) {
    if (absl::Status status = rules->CheckCategories(); !status.ok()) {
      return status;
    }
  }
  return rules;
}

// rules/categories.toml as it was when the library was built.
#include "rules/categories_data.inc"

}  // namespace

absl::StatusOr<RuleSet> ParseRulePack(std::string_view toml,
                                      std::string_view path) {
  return Checked(ParseUnchecked(toml, path));
}

absl::StatusOr<RuleSet> LoadRules(std::string_view path) {
  return Checked(LoadUnchecked(path));
}

absl::StatusOr<RuleSet> LoadRules(const std::vector<std::string>& paths) {
  return Checked(LoadUnchecked(paths));
}

absl::StatusOr<Taxonomy> ParseTaxonomy(std::string_view toml,
                                       std::string_view path) {
  absl::StatusOr<toml::table> root = ParseToml(toml, path);
  if (!root.ok()) return root.status();
  return PackParser(path).ParseTaxonomyFile(*root);
}

const Taxonomy& Taxonomy::Shipped() {
  // Parsed once, on first use. The text is checked against
  // rules/categories.toml and parsed by the tests, so this cannot fail in a
  // released build; if it ever did, validation would reject every shipped
  // category and say so.
  static const Taxonomy* const shipped = [] {
    auto* taxonomy = new Taxonomy;
    absl::StatusOr<Taxonomy> parsed =
        ParseTaxonomy(kShippedCategoriesToml, kShippedCategoriesPath);
    if (parsed.ok()) *taxonomy = *std::move(parsed);
    return taxonomy;
  }();
  return *shipped;
}

}  // namespace lexgate
