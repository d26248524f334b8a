#include "compile/expressions.h"

#include <hs/hs.h>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "rules/rule_error_status.h"

namespace lexgate::internal {
namespace {

bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z');
}

RuleInfo ToRuleInfo(const Rule& rule) {
  return {rule.id,       rule.category, rule.replacement, rule.action,
          rule.severity, rule.boundary, rule.validator,   rule.normalize};
}

absl::Status AddKeywords(const Rule& rule, uint32_t rule_index,
                         const Normalizer& normalizer, ExpressionSet* set) {
  absl::flat_hash_set<std::string> seen;
  for (const Keyword& keyword : rule.keywords) {
    const SourceLocation& where =
        keyword.location.path.empty() ? rule.location : keyword.location;
    std::string folded = keyword.text;
    if (rule.normalize) {
      absl::StatusOr<std::string> fold = normalizer.Fold(keyword.text);
      if (!fold.ok()) {
        return RuleError(fold.status().code(), where, rule.id,
                         std::string(fold.status().message()));
      }
      folded = *std::move(fold);
    }
    if (folded.empty()) {
      // Hyperscan cannot compile an empty literal, and a keyword that folds
      // to nothing (only zero-width characters, say) would match everywhere.
      return RuleError(
          absl::StatusCode::kInvalidArgument, where, rule.id,
          keyword.text.empty()
              ? std::string("empty keyword")
              : absl::StrFormat("keyword \"%s\" is empty after folding",
                                keyword.text));
    }
    if (!seen.insert(folded).second) continue;
    set->patterns.push_back(EscapeLiteral(folded));
    set->texts.push_back(folded);
    set->flags.push_back(0);
    set->info.push_back(
        {rule_index, ExprKind::kLiteral, static_cast<uint32_t>(folded.size())});
    set->locations.push_back(where);
  }
  return absl::OkStatus();
}

void AddRegexes(const Rule& rule, uint32_t rule_index, ExpressionSet* set) {
  // Folded text is lower case, so a regex written with capitals must still
  // meet it.
  const unsigned flags = HS_FLAG_UTF8 | HS_FLAG_SOM_LEFTMOST |
                         (rule.normalize ? HS_FLAG_CASELESS : 0);
  for (const std::string& regex : rule.regexes) {
    set->patterns.push_back(regex);
    set->texts.emplace_back();
    set->flags.push_back(flags);
    set->info.push_back({rule_index, ExprKind::kRegex, 0});
    set->locations.push_back(rule.location);
  }
}

}  // namespace

std::string EscapeLiteral(std::string_view literal) {
  std::string out;
  out.reserve(literal.size() * 4);
  for (char c : literal) {
    if (IsAsciiAlnum(c)) {
      out.push_back(c);
    } else {
      absl::StrAppendFormat(&out, "\\x%02x", static_cast<unsigned char>(c));
    }
  }
  return out;
}

std::optional<std::string> UnescapeLiteral(std::string_view pattern) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  out.reserve(pattern.size());
  for (size_t i = 0; i < pattern.size();) {
    if (IsAsciiAlnum(pattern[i])) {
      out.push_back(pattern[i++]);
      continue;
    }
    if (pattern[i] != '\\' || i + 4 > pattern.size() || pattern[i + 1] != 'x') {
      return std::nullopt;
    }
    const int hi = hex(pattern[i + 2]);
    const int lo = hex(pattern[i + 3]);
    if (hi < 0 || lo < 0) return std::nullopt;
    const char c = static_cast<char>(hi * 16 + lo);
    if (IsAsciiAlnum(c)) return std::nullopt;  // EscapeLiteral never does
    out.push_back(c);
    i += 4;
  }
  return out;
}

absl::StatusOr<CompiledRules> BuildExpressions(const RuleSet& rules,
                                               const Normalizer& normalizer) {
  CompiledRules out;
  out.rules.reserve(rules.size());
  for (const Rule& rule : rules.rules()) {
    const auto index = static_cast<uint32_t>(out.rules.size());
    out.rules.push_back(ToRuleInfo(rule));
    ExpressionSet& set = out.sets[static_cast<size_t>(
        rule.normalize ? Space::kFolded : Space::kRaw)];
    absl::Status status = AddKeywords(rule, index, normalizer, &set);
    if (!status.ok()) return status;
    AddRegexes(rule, index, &set);
  }
  return out;
}

}  // namespace lexgate::internal
