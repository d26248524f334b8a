#include "rule_set.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <utility>

#include "absl/status/statusor.h"
#include "errors.h"
#include "options.h"

namespace lexgate_python {
namespace {

template <typename T>
T ParseOrThrow(std::optional<T> parsed, const char* what,
               const std::string& name, const char* expected) {
  if (!parsed.has_value()) {
    throw py::value_error("unknown " + std::string(what) + " '" + name +
                          "' (expected one of: " + expected + ")");
  }
  return *parsed;
}

}  // namespace

void PyRuleSet::Load(const std::vector<std::string>& paths) {
  absl::StatusOr<lexgate::RuleSet> loaded;
  {
    py::gil_scoped_release release;
    loaded = lexgate::LoadRules(paths);
  }
  if (!loaded.ok()) RaiseRuleError(loaded.status());
  // Merge into a copy, so that a duplicate id leaves this set as it was.
  lexgate::RuleSet merged = rules_;
  if (absl::Status status = merged.Merge(*std::move(loaded)); !status.ok()) {
    RaiseRuleError(status);
  }
  rules_ = std::move(merged);
}

void PyRuleSet::RequireRules(const std::vector<std::string>& paths) const {
  if (absl::Status status = lexgate::RequireRules(rules_, paths);
      !status.ok()) {
    RaiseRuleError(status);
  }
}

void PyRuleSet::Add(const RuleSpec& spec) {
  lexgate::Rule rule;
  rule.id = spec.id;
  rule.category = spec.category;
  rule.action = ParseOrThrow(lexgate::ParseAction(spec.action), "action",
                             spec.action, "allow, flag, mask, block");
  rule.severity = spec.severity;
  rule.location = {spec.path, spec.line};
  for (const std::string& word : spec.keywords) {
    rule.keywords.push_back({word, rule.location});
  }
  rule.regexes = spec.regexes;
  rule.boundary =
      ParseOrThrow(lexgate::ParseBoundary(spec.boundary), "boundary",
                   spec.boundary, "auto, word, digit, none");
  rule.validator = ParseOrThrow(
      lexgate::ParseValidator(spec.validator), "validator", spec.validator,
      "none, luhn, cn_resident_id, iban, cn_credit_code, hk_id, tw_id");
  rule.replacement = spec.replacement;
  rule.mask_char = spec.mask_char;
  rule.mask_keep_first = spec.mask_keep_first;
  rule.mask_keep_last = spec.mask_keep_last;
  rule.normalize = spec.normalize;
  for (const std::string& name : spec.variants) {
    const lexgate::Variant variant =
        ParseOrThrow(lexgate::ParseSpellingVariant(name), "variant", name,
                     "leet, wildcards, repeats");
    if (std::find(rule.variants.begin(), rule.variants.end(), variant) ==
        rule.variants.end()) {
      rule.variants.push_back(variant);
    }
  }
  rule.leet = spec.leet;
  rule.pinyin = ParseOrThrow(lexgate::ParsePinyin(spec.pinyin), "pinyin",
                             spec.pinyin, "off, full, initials");
  rule.homophones = spec.homophones;
  rule.readings = spec.readings;
  rule.max_expansions = spec.max_expansions;
  for (const std::vector<std::string>& part : spec.all_of) {
    std::vector<lexgate::Keyword>& keywords = rule.all_of.emplace_back();
    for (const std::string& word : part) {
      keywords.push_back({word, rule.location});
    }
  }
  for (const std::string& word : spec.none_of) {
    rule.none_of.push_back({word, rule.location});
  }
  rule.within = spec.within;
  rule.pack = "python";
  if (rules_.FindCategory(rule.category) == nullptr) {
    // The same errors (and hint) as a pack's: the rule's own checks, then
    // RuleSet::CheckCategories() with the categories declared so far.
    lexgate::RuleSet probe;
    for (const lexgate::Category& c :
         rules_.declared_categories().categories()) {
      (void)probe.AddCategory(c);
    }
    absl::Status status = probe.Add(rule);
    if (status.ok()) status = probe.CheckCategories();
    if (!status.ok()) RaiseRuleError(status);
  }
  if (absl::Status status = rules_.Add(std::move(rule)); !status.ok()) {
    RaiseRuleError(status);
  }
}

void PyRuleSet::AddCategory(const std::string& code, const std::string& zh,
                            const std::string& en,
                            const std::string& description,
                            const std::string& risk, const std::string& path,
                            int line) {
  lexgate::Category category;
  category.code = code;
  category.zh = zh;
  category.en = en;
  category.description = description;
  category.risk = risk;
  category.location = {path, line};
  if (absl::Status status = rules_.AddCategory(std::move(category));
      !status.ok()) {
    RaiseRuleError(status);
  }
}

PyEngine PyRuleSet::Compile(const py::dict& normalize_options,
                            bool streaming) const {
  lexgate::EngineOptions options;
  options.normalize = OptionsFromDict(normalize_options);
  options.streaming = streaming;
  const lexgate::RuleSet rules = rules_;  // the caller may go on adding
  absl::StatusOr<std::shared_ptr<const lexgate::Engine>> engine;
  {
    py::gil_scoped_release release;
    engine = lexgate::Engine::Compile(rules, options);
  }
  if (!engine.ok()) RaiseRuleError(engine.status());
  return PyEngine(*std::move(engine));
}

std::vector<std::string> PyRuleSet::Ids() const {
  std::vector<std::string> ids;
  ids.reserve(rules_.size());
  for (const lexgate::Rule& rule : rules_.rules()) ids.push_back(rule.id);
  return ids;
}

}  // namespace lexgate_python
