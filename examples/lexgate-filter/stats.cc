#include "stats.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "json_schema.h"
#include "lexgate/rules.h"
#include "lexgate/taxonomy.h"
#include "nlohmann/json.hpp"

namespace lexgate_filter {
namespace {

using nlohmann::ordered_json;

const lexgate::Category* FindCategory(const lexgate::Taxonomy* declared,
                                      const std::string& code) {
  if (declared != nullptr) {
    if (const lexgate::Category* category = declared->Find(code)) {
      return category;
    }
  }
  return lexgate::Taxonomy::Shipped().Find(code);
}

constexpr lexgate::Action kActions[] = {
    lexgate::Action::kBlock, lexgate::Action::kMask, lexgate::Action::kFlag};

// Counts, largest first, ties by name, so that the table reads as a ranking
// and stays the same from run to run.
std::vector<std::pair<std::string, uint64_t>> Ranked(
    const std::map<std::string, uint64_t>& counts) {
  std::vector<std::pair<std::string, uint64_t>> ranked(counts.begin(),
                                                       counts.end());
  std::stable_sort(
      ranked.begin(), ranked.end(),
      [](const auto& a, const auto& b) { return a.second > b.second; });
  return ranked;
}

}  // namespace

void Stats::AddText(uint64_t bytes, const std::vector<lexgate::Match>& found) {
  ++texts_;
  bytes_ += bytes;
  if (!found.empty()) ++texts_hit_;
  matches_ += found.size();
  for (const lexgate::Match& match : found) {
    ++by_category_[match.category];
    ++by_rule_[match.rule];
    ++by_action_[static_cast<size_t>(match.action)];
  }
}

std::string Stats::Table(const lexgate::Taxonomy* declared,
                         double seconds) const {
  std::string out = absl::StrFormat(
      "texts %d, hit %d, matches %d, errors %d, %d bytes in %.2f s\n", texts_,
      texts_hit_, matches_, errors_, bytes_, seconds);
  absl::StrAppend(&out, "by action:");
  for (lexgate::Action action : kActions) {
    absl::StrAppend(&out, " ", std::string(lexgate::ActionName(action)), " ",
                    by_action_[static_cast<size_t>(action)]);
  }
  absl::StrAppend(&out, "\n");
  if (!by_category_.empty()) absl::StrAppend(&out, "by category:\n");
  for (const auto& [code, count] : Ranked(by_category_)) {
    const lexgate::Category* category = FindCategory(declared, code);
    absl::StrAppend(&out, absl::StrFormat("%10d  %s", count, code));
    if (category != nullptr) {
      absl::StrAppend(&out, "  ", category->zh, " / ", category->en);
    }
    absl::StrAppend(&out, "\n");
  }
  if (!by_rule_.empty()) absl::StrAppend(&out, "by rule:\n");
  for (const auto& [rule, count] : Ranked(by_rule_)) {
    absl::StrAppend(&out, absl::StrFormat("%10d  %s\n", count, rule));
  }
  return out;
}

ordered_json Stats::Json(const lexgate::Engine& engine,
                         const lexgate::Taxonomy* declared,
                         double seconds) const {
  ordered_json stats = HeaderJson(engine);
  stats["type"] = "stats";
  stats["texts"] = texts_;
  stats["texts_hit"] = texts_hit_;
  stats["matches"] = matches_;
  stats["errors"] = errors_;
  stats["bytes"] = bytes_;
  stats["seconds"] = seconds;
  ordered_json actions = ordered_json::object();
  for (lexgate::Action action : kActions) {
    actions[std::string(lexgate::ActionName(action))] =
        by_action_[static_cast<size_t>(action)];
  }
  stats["by_action"] = std::move(actions);
  ordered_json categories = ordered_json::array();
  for (const auto& [code, count] : Ranked(by_category_)) {
    ordered_json entry = ordered_json::object();
    entry["category"] = code;
    const lexgate::Category* category = FindCategory(declared, code);
    entry["zh"] = category != nullptr ? category->zh : "";
    entry["en"] = category != nullptr ? category->en : "";
    entry["matches"] = count;
    categories.push_back(std::move(entry));
  }
  stats["by_category"] = std::move(categories);
  ordered_json rules = ordered_json::array();
  for (const auto& [rule, count] : Ranked(by_rule_)) {
    ordered_json entry = ordered_json::object();
    entry["rule"] = rule;
    entry["matches"] = count;
    rules.push_back(std::move(entry));
  }
  stats["by_rule"] = std::move(rules);
  return stats;
}

}  // namespace lexgate_filter
