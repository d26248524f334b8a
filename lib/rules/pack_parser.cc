// Every unknown key, wrong type or bad value is an error naming the file,
// the line and the rule: a typo in a compliance rule pack would otherwise
// silently disable a rule.
#include "rules/pack_parser.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "base/utf8.h"
#include "lexgate/pack_info.h"
#include "lexgate/rule.h"
#include "lexgate/rule_set.h"
#include "lexgate/taxonomy.h"
#include "rules/category_tables.h"
#include "rules/keyword_file.h"
#include "rules/spelling_checks.h"
#include "rules/toml_reader.h"
#include "toml++/toml.h"

namespace lexgate::internal {
namespace {

constexpr const char* kPackKeys[] = {"name", "description", "version",
                                     "updated"};
// The keys [defaults] may set; a [[rule]] accepts them too.
constexpr const char* kSettingKeys[] = {
    "category",    "action",     "severity",      "boundary",  "validator",
    "replacement", "mask_char",  "mask_keep",     "normalize", "variants",
    "pinyin",      "homophones", "max_expansions"};
constexpr const char* kRuleKeys[] = {"id",
                                     "category",
                                     "action",
                                     "severity",
                                     "keywords",
                                     "keywords_file",
                                     "regex",
                                     "regexes",
                                     "boundary",
                                     "validator",
                                     "replacement",
                                     "mask_char",
                                     "mask_keep",
                                     "normalize",
                                     "variants",
                                     "leet",
                                     "pinyin",
                                     "homophones",
                                     "readings",
                                     "max_expansions",
                                     "all_of",
                                     "none_of",
                                     "within",
                                     "examples",
                                     "counterexamples"};
constexpr const char* kTopLevelKeys[] = {"pack", "defaults", "rule", "category",
                                         "leet"};

// Parses one pack. `defaults_` starts as a default-constructed Rule, whose
// member initialisers are exactly the documented defaults; [defaults] then
// overrides them and every [[rule]] starts as a copy.
class PackParser {
 public:
  explicit PackParser(const TomlReader& reader) : reader_(reader) {}

  absl::StatusOr<RuleSet> Parse(const toml::table& root);

 private:
  absl::Status ParsePack(const toml::node& node);
  absl::Status ReadUpdated(const toml::node& node);
  absl::Status ParseDefaults(const toml::node& node);
  absl::Status ApplySetting(std::string_view key, const toml::node& node,
                            std::string_view rule_id, Rule* rule) const;
  absl::StatusOr<Rule> ParseRule(const toml::table& table) const;
  // An array of keywords (the rule's `keywords`, a part of `all_of`,
  // `none_of`), appended to `out`; `key` names it in errors.
  absl::Status ReadKeywordArray(const toml::node& node, std::string_view key,
                                std::string_view rule_id,
                                std::vector<Keyword>* out) const;
  // `all_of`: parts, each a keyword or an array of alternative keywords.
  absl::Status ReadAllOf(const toml::node& node, Rule* rule) const;
  absl::Status ReadKeywordsFile(const toml::node& node, Rule* rule) const;
  absl::Status ReadVariants(const toml::node& node, std::string_view rule_id,
                            Rule* rule) const;
  absl::Status ReadMaskKeep(const toml::node& node, std::string_view rule_id,
                            Rule* rule) const;
  // A table of letter = ["substitute", ...]: the pack's [leet] or a rule's
  // `leet`; added to `out`.
  absl::Status ReadLeet(
      const toml::node& node, std::string_view rule_id,
      std::map<std::string, std::vector<std::string>>* out) const;
  absl::Status ReadReadings(const toml::node& node, Rule* rule) const;
  // Spellings (variants, pinyin, homophones) written in a [[rule]] table
  // none of whose keywords they can spell (CheckSpellingSettings()).
  absl::Status CheckSpellingSettings(const toml::table& table,
                                     const Rule& rule) const;
  // How a rule masks, written in its own [[rule]] table where it could
  // never take effect: on an allow rule, which masks nothing, or (a mask
  // character, kept characters) beside a replacement, which takes the
  // place of the masked text. Only what the rule writes itself: [defaults]
  // serve rules of every kind.
  absl::Status CheckMaskSettings(const toml::table& table,
                                 const Rule& rule) const;

  const TomlReader& reader_;
  PackInfo pack_;
  Rule defaults_;
};

absl::Status AddCategories(const Taxonomy& categories, RuleSet* rules) {
  for (const Category& category : categories.categories()) {
    LEXGATE_RETURN_IF_ERROR(rules->AddCategory(category));
  }
  return absl::OkStatus();
}

absl::StatusOr<RuleSet> PackParser::Parse(const toml::table& root) {
  RuleSet rules;
  if (root.get("taxonomy") != nullptr) {
    LEXGATE_ASSIGN_OR_RETURN(Taxonomy categories,
                             ParseTaxonomyFile(root, reader_));
    LEXGATE_RETURN_IF_ERROR(AddCategories(categories, &rules));
    return rules;
  }

  LEXGATE_RETURN_IF_ERROR(
      reader_.CheckKeys(root, "the top level", kTopLevelKeys));
  const toml::node* pack = root.get("pack");
  if (pack == nullptr) {
    return reader_.Error(
        0, "",
        "missing [pack] table with a 'name' (or [taxonomy], for a file that "
        "only declares categories)");
  }
  LEXGATE_RETURN_IF_ERROR(ParsePack(*pack));
  rules.AddPack(pack_);
  if (const toml::node* defaults = root.get("defaults"); defaults != nullptr) {
    LEXGATE_RETURN_IF_ERROR(ParseDefaults(*defaults));
  }
  // The pack's additions to the leet table apply to all its rules.
  if (const toml::node* leet = root.get("leet"); leet != nullptr) {
    LEXGATE_RETURN_IF_ERROR(ReadLeet(*leet, "", &defaults_.leet));
  }
  LEXGATE_ASSIGN_OR_RETURN(Taxonomy categories,
                           ParseCategoryTables(root, reader_));
  LEXGATE_RETURN_IF_ERROR(AddCategories(categories, &rules));

  const toml::node* rule_node = root.get("rule");
  if (rule_node == nullptr) return rules;
  LEXGATE_ASSIGN_OR_RETURN(const toml::array* array,
                           reader_.ArrayOfTables(*rule_node, "rule"));
  for (const toml::node& element : *array) {
    LEXGATE_ASSIGN_OR_RETURN(Rule rule, ParseRule(*element.as_table()));
    LEXGATE_RETURN_IF_ERROR(rules.Add(std::move(rule)));
  }
  return rules;
}

absl::Status PackParser::ParsePack(const toml::node& node) {
  LEXGATE_ASSIGN_OR_RETURN(const toml::table* table,
                           reader_.Table(node, "pack"));
  pack_.location = {reader_.path(), LineOf(node.source())};
  LEXGATE_RETURN_IF_ERROR(reader_.ForEachKey(
      *table, "", "[pack]", kPackKeys,
      [&](std::string_view key, const toml::node& value) {
        if (key == "updated") return ReadUpdated(value);
        std::string* out = key == "name"      ? &pack_.name
                           : key == "version" ? &pack_.version
                                              : &pack_.description;
        return reader_.ReadString(value, "", key, key == "description", out);
      }));
  if (pack_.name.empty()) {
    return reader_.Error(node, "", "[pack] has no 'name'");
  }
  return absl::OkStatus();
}

absl::Status PackParser::ReadUpdated(const toml::node& node) {
  constexpr const char* kWhat =
      "[pack] 'updated' must be a date, YYYY-MM-DD (a TOML date or a string)";
  int year = 0;
  int month = 0;
  int day = 0;
  if (const toml::value<toml::date>* date = node.as_date(); date != nullptr) {
    year = (*date)->year;
    month = (*date)->month;
    day = (*date)->day;
  } else if (const toml::value<std::string>* text = node.as_string();
             text != nullptr) {
    const std::string& s = **text;
    auto digits = [&](size_t from, size_t count, int* out) {
      *out = 0;
      for (size_t i = from; i < from + count; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        *out = *out * 10 + (s[i] - '0');
      }
      return true;
    };
    if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !digits(0, 4, &year) ||
        !digits(5, 2, &month) || !digits(8, 2, &day)) {
      return reader_.Error(node, "", absl::StrCat(kWhat, ", not \"", s, "\""));
    }
  } else {
    return reader_.Error(node, "", kWhat);
  }
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (year < 1 || month < 1 || month > 12 || day < 1 ||
      day > kDays[month - 1] || (month == 2 && day == 29 && !leap)) {
    return reader_.Error(
        node, "",
        absl::StrFormat("[pack] 'updated' is no calendar date: %04d-%02d-%02d",
                        year, month, day));
  }
  pack_.updated = absl::StrFormat("%04d-%02d-%02d", year, month, day);
  return absl::OkStatus();
}

absl::Status PackParser::ParseDefaults(const toml::node& node) {
  LEXGATE_ASSIGN_OR_RETURN(const toml::table* table,
                           reader_.Table(node, "defaults"));
  return reader_.ForEachKey(*table, "", "[defaults]", kSettingKeys,
                            [&](std::string_view key, const toml::node& value) {
                              return ApplySetting(key, value, "", &defaults_);
                            });
}

absl::Status PackParser::ApplySetting(std::string_view key,
                                      const toml::node& node,
                                      std::string_view rule_id,
                                      Rule* rule) const {
  if (key == "category") {
    return reader_.ReadString(node, rule_id, key, false, &rule->category);
  }
  if (key == "replacement") {
    return reader_.ReadString(node, rule_id, key, true,
                              &rule->replacement.emplace());
  }
  if (key == "mask_char") {
    LEXGATE_RETURN_IF_ERROR(
        reader_.ReadString(node, rule_id, key, false, &rule->mask_char));
    if (CountCodePoints(rule->mask_char) != 1) {
      return reader_.Error(node, rule_id,
                           "'mask_char' must be exactly one character");
    }
    return absl::OkStatus();
  }
  if (key == "mask_keep") return ReadMaskKeep(node, rule_id, rule);
  if (key == "variants") return ReadVariants(node, rule_id, rule);
  if (key == "pinyin") {
    return reader_.ReadEnum(node, rule_id, key, &ParsePinyin,
                            "off, full, initials", &rule->pinyin);
  }
  if (key == "homophones") {
    return reader_.ReadBool(node, rule_id, key, &rule->homophones);
  }
  if (key == "max_expansions") {
    int64_t cap = 0;
    LEXGATE_RETURN_IF_ERROR(reader_.ReadInteger(node, rule_id, key, &cap));
    if (cap < 0 || cap > 1000000) {
      return reader_.Error(
          node, rule_id,
          absl::StrCat("'max_expansions' must be 0..1000000, not ", cap));
    }
    rule->max_expansions = static_cast<int>(cap);
    return absl::OkStatus();
  }
  if (key == "action") {
    return reader_.ReadEnum(node, rule_id, key, &ParseAction,
                            "block, mask, flag, allow", &rule->action);
  }
  if (key == "boundary") {
    return reader_.ReadEnum(node, rule_id, key, &ParseBoundary,
                            "auto, word, digit, none", &rule->boundary);
  }
  if (key == "validator") {
    return reader_.ReadEnum(node, rule_id, key, &ParseValidator,
                            "luhn, cn_resident_id, iban, cn_credit_code, "
                            "hk_id, tw_id, none",
                            &rule->validator);
  }
  if (key == "normalize") {
    return reader_.ReadBool(node, rule_id, key, &rule->normalize);
  }
  // Only "severity" is left: the callers pass keys from kSettingKeys.
  int64_t severity = 0;
  LEXGATE_RETURN_IF_ERROR(reader_.ReadInteger(node, rule_id, key, &severity));
  if (severity < 1 || severity > 5) {
    return reader_.Error(
        node, rule_id, absl::StrCat("'severity' must be 1..5, not ", severity));
  }
  rule->severity = static_cast<int>(severity);
  return absl::OkStatus();
}

absl::Status PackParser::ReadKeywordArray(const toml::node& node,
                                          std::string_view key,
                                          std::string_view rule_id,
                                          std::vector<Keyword>* out) const {
  LEXGATE_ASSIGN_OR_RETURN(
      const std::vector<const toml::value<std::string>*> strings,
      reader_.StringArray(node, rule_id, key));
  for (size_t i = 0; i < strings.size(); ++i) {
    const toml::value<std::string>& value = *strings[i];
    // Hyperscan crashes on empty literals, and a blank keyword would match
    // every space: neither can be what the author meant.
    if (absl::StripAsciiWhitespace(*value).empty()) {
      return reader_.Error(
          value, rule_id,
          absl::StrCat("'", Absl(key),
                       "' holds an empty or whitespace-only keyword (element ",
                       i + 1, ")"));
    }
    // Each keyword at its own line: in a long multi-line array, an error
    // about one keyword points at it.
    out->push_back({*value, {reader_.path(), LineOf(value.source())}});
  }
  return absl::OkStatus();
}

absl::Status PackParser::ReadAllOf(const toml::node& node, Rule* rule) const {
  const toml::array* parts = node.as_array();
  if (parts == nullptr) {
    return reader_.TypeError(node, rule->id, "all_of",
                             "an array of parts (a keyword, or an array of "
                             "alternative keywords)");
  }
  for (size_t i = 0; i < parts->size(); ++i) {
    const toml::node& part = *parts->get(i);
    std::vector<Keyword>& keywords = rule->all_of.emplace_back();
    if (part.is_array()) {
      LEXGATE_RETURN_IF_ERROR(
          ReadKeywordArray(part, "all_of", rule->id, &keywords));
      continue;
    }
    std::string keyword;
    if (!part.is_string()) {
      return reader_.Error(
          part, rule->id,
          absl::StrCat("part ", i + 1,
                       " of 'all_of' must be a keyword or an array of "
                       "alternative keywords"));
    }
    LEXGATE_RETURN_IF_ERROR(
        reader_.ReadString(part, rule->id, "all_of", false, &keyword));
    if (absl::StripAsciiWhitespace(keyword).empty()) {
      return reader_.Error(part, rule->id,
                           absl::StrCat("part ", i + 1,
                                        " of 'all_of' is a whitespace-only "
                                        "keyword"));
    }
    keywords.push_back(
        {std::move(keyword), {reader_.path(), LineOf(part.source())}});
  }
  return absl::OkStatus();
}

absl::Status PackParser::ReadKeywordsFile(const toml::node& node,
                                          Rule* rule) const {
  std::string name;
  LEXGATE_RETURN_IF_ERROR(
      reader_.ReadString(node, rule->id, "keywords_file", false, &name));
  return ReadKeywordFile({reader_.path(), LineOf(node.source())}, name,
                         rule->id, &rule->keywords);
}

absl::Status PackParser::ReadVariants(const toml::node& node,
                                      std::string_view rule_id,
                                      Rule* rule) const {
  std::vector<std::string> names;
  LEXGATE_RETURN_IF_ERROR(
      reader_.ReadStrings(node, rule_id, "variants", false, &names));
  rule->variants.clear();
  for (const std::string& name : names) {
    const std::optional<Variant> variant = ParseSpellingVariant(name);
    if (!variant) {
      return reader_.Error(
          node, rule_id,
          absl::StrCat("'variants' holds '", name,
                       "'; valid names: leet, wildcards, repeats"));
    }
    if (std::find(rule->variants.begin(), rule->variants.end(), *variant) ==
        rule->variants.end()) {
      rule->variants.push_back(*variant);
    }
  }
  return absl::OkStatus();
}

absl::Status PackParser::ReadMaskKeep(const toml::node& node,
                                      std::string_view rule_id,
                                      Rule* rule) const {
  const toml::array* array = node.as_array();
  if (array == nullptr || array->size() != 2 || !array->get(0)->is_integer() ||
      !array->get(1)->is_integer()) {
    return reader_.Error(
        node, rule_id,
        "'mask_keep' must be [first, last]: how many characters to keep "
        "unmasked at the start and at the end");
  }
  const int64_t first = array->get(0)->as_integer()->get();
  const int64_t last = array->get(1)->as_integer()->get();
  if (first < 0 || last < 0 || first > 64 || last > 64) {
    return reader_.Error(node, rule_id,
                         "'mask_keep' counts must be 0..64 characters");
  }
  rule->mask_keep_first = static_cast<int>(first);
  rule->mask_keep_last = static_cast<int>(last);
  return absl::OkStatus();
}

absl::Status PackParser::ReadLeet(
    const toml::node& node, std::string_view rule_id,
    std::map<std::string, std::vector<std::string>>* out) const {
  LEXGATE_ASSIGN_OR_RETURN(const toml::table* table,
                           reader_.Table(node, "leet"));
  for (const auto& [key, value] : *table) {
    const std::string_view letter = key.str();
    if (letter.size() != 1 || letter[0] < 'a' || letter[0] > 'z') {
      return reader_.Error(
          value, rule_id,
          absl::StrCat("'leet' keys are lower-case letters a-z, not '",
                       Absl(letter), "'"));
    }
    std::vector<std::string> substitutes;
    LEXGATE_RETURN_IF_ERROR(
        reader_.ReadStrings(value, rule_id, "leet", false, &substitutes));
    std::vector<std::string>& list = (*out)[std::string(letter)];
    list.insert(list.end(), substitutes.begin(), substitutes.end());
  }
  return absl::OkStatus();
}

absl::Status PackParser::ReadReadings(const toml::node& node,
                                      Rule* rule) const {
  LEXGATE_ASSIGN_OR_RETURN(const toml::table* table,
                           reader_.Table(node, "readings"));
  for (const auto& [key, value] : *table) {
    std::string reading;
    LEXGATE_RETURN_IF_ERROR(
        reader_.ReadString(value, rule->id, "readings", false, &reading));
    rule->readings[std::string(key.str())] = std::move(reading);
  }
  return absl::OkStatus();
}

absl::Status PackParser::CheckMaskSettings(const toml::table& table,
                                           const Rule& rule) const {
  for (std::string_view key : {"replacement", "mask_char", "mask_keep"}) {
    const toml::node* node = table.get(key);
    if (node == nullptr) continue;
    if (rule.action == Action::kAllow) {
      return reader_.Error(
          *node, rule.id,
          absl::StrCat("'", Absl(key),
                       "' would never take effect: an allow rule masks "
                       "nothing"));
    }
    if (key != "replacement" && rule.replacement.has_value()) {
      return reader_.Error(
          *node, rule.id,
          absl::StrCat(
              "'", Absl(key),
              "' would never take effect: the rule's replacement (",
              table.contains("replacement") ? "set here" : "from [defaults]",
              ") takes the place of the masked text"));
    }
  }
  return absl::OkStatus();
}

absl::Status PackParser::CheckSpellingSettings(const toml::table& table,
                                               const Rule& rule) const {
  // Spellings are made from keywords: letter variants from their Latin
  // letters, pinyin and homophones from their Chinese characters. Written
  // on a rule none of whose keywords has such a character, the setting is
  // silently unused (a pack that meant another rule, or a regex rule).
  // Settings from [defaults] serve rules of every kind and are fine.
  if (const toml::node* node = table.get("variants");
      node != nullptr && !rule.variants.empty() &&
      !AnyKeywordChar(rule, MayFoldToAsciiLetter)) {
    return reader_.Error(
        *node, rule.id,
        "'variants' would never take effect: letter variants spell a "
        "keyword's Latin letters, and no keyword of the rule has one");
  }
  for (std::string_view key : {"pinyin", "homophones"}) {
    const toml::node* node = table.get(key);
    const bool on =
        key == "pinyin" ? rule.pinyin != Pinyin::kOff : rule.homophones;
    if (node != nullptr && on && !AnyKeywordChar(rule, MayFoldToIdeograph)) {
      return reader_.Error(
          *node, rule.id,
          absl::StrCat("'", Absl(key),
                       "' would never take effect: pinyin and homophones "
                       "spell a keyword's Chinese characters, and no keyword "
                       "of the rule has one"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Rule> PackParser::ParseRule(const toml::table& table) const {
  Rule rule = defaults_;
  rule.pack = pack_.name;
  rule.location = {reader_.path(), LineOf(table.source())};

  // The id is read first so that every later error can name the rule.
  const toml::node* id = table.get("id");
  if (id == nullptr) {
    return reader_.Error(rule.location.line, "", "[[rule]] has no 'id'");
  }
  LEXGATE_RETURN_IF_ERROR(reader_.ReadString(*id, "", "id", false, &rule.id));

  LEXGATE_RETURN_IF_ERROR(reader_.ForEachKey(
      table, rule.id, "[[rule]]", kRuleKeys,
      [&](std::string_view key, const toml::node& value) -> absl::Status {
        if (key == "id") return absl::OkStatus();
        if (IsKnownKey(kSettingKeys, key)) {
          return ApplySetting(key, value, rule.id, &rule);
        }
        if (key == "keywords") {
          return ReadKeywordArray(value, key, rule.id, &rule.keywords);
        }
        if (key == "all_of") return ReadAllOf(value, &rule);
        if (key == "none_of") {
          return ReadKeywordArray(value, key, rule.id, &rule.none_of);
        }
        if (key == "within") {
          int64_t within = 0;
          LEXGATE_RETURN_IF_ERROR(
              reader_.ReadInteger(value, rule.id, key, &within));
          if (within < 1 || within > Rule::kMaxWithin) {
            return reader_.Error(
                value, rule.id,
                absl::StrCat("'within' must be 1..", Rule::kMaxWithin,
                             " characters (leave it out for the whole text), "
                             "not ",
                             within));
          }
          rule.within = static_cast<int>(within);
          return absl::OkStatus();
        }
        if (key == "keywords_file") return ReadKeywordsFile(value, &rule);
        if (key == "regex") {
          return reader_.ReadString(value, rule.id, key, false,
                                    &rule.regexes.emplace_back(),
                                    &rule.regex_locations);
        }
        if (key == "regexes") {
          return reader_.ReadStrings(value, rule.id, key, false, &rule.regexes,
                                     &rule.regex_locations);
        }
        if (key == "leet") return ReadLeet(value, rule.id, &rule.leet);
        if (key == "readings") return ReadReadings(value, &rule);
        if (key == "examples") {
          return reader_.ReadStrings(value, rule.id, key, true, &rule.examples);
        }
        // Only "counterexamples" is left: ForEachKey() passes the keys of
        // kRuleKeys.
        return reader_.ReadStrings(value, rule.id, key, true,
                                   &rule.counterexamples);
      }));

  if (rule.category.empty()) {
    return reader_.Error(rule.location.line, rule.id,
                         "rule has no 'category' (set it in the rule or in "
                         "[defaults])");
  }
  LEXGATE_RETURN_IF_ERROR(CheckMaskSettings(table, rule));
  LEXGATE_RETURN_IF_ERROR(CheckSpellingSettings(table, rule));
  // No keywords and no regex, a bad id or severity are RuleSet::Add's checks.
  return rule;
}

}  // namespace

absl::StatusOr<RuleSet> ParseRuleFile(const toml::table& root,
                                      const TomlReader& reader) {
  return PackParser(reader).Parse(root);
}

}  // namespace lexgate::internal
