#include "compile/expressions.h"

#include <hs/hs.h>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/invisible.h"
#include "base/status_macros.h"
#include "compile/pinyin.h"
#include "compile/variants.h"
#include "rules/keyword_lists.h"
#include "rules/rule_error_status.h"

namespace lexgate::internal {
namespace {

bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z');
}

RuleInfo ToRuleInfo(const Rule& rule) {
  RuleInfo info;
  info.id = rule.id;
  info.category = rule.category;
  info.replacement = rule.replacement;
  info.mask_char = rule.mask_char;
  info.mask_keep_first = static_cast<uint32_t>(rule.mask_keep_first);
  info.mask_keep_last = static_cast<uint32_t>(rule.mask_keep_last);
  info.action = rule.action;
  info.severity = rule.severity;
  info.boundary = rule.boundary;
  info.validator = rule.validator;
  info.normalize = rule.normalize;
  info.parts = static_cast<uint32_t>(rule.all_of.size());
  info.within = static_cast<uint32_t>(rule.within);
  return info;
}

unsigned RegexFlagsOf(bool normalize) {
  // Folded text is lower case, so a regex written with capitals must still
  // meet it.
  return HS_FLAG_UTF8 | HS_FLAG_SOM_LEFTMOST |
         (normalize ? HS_FLAG_CASELESS : 0u);
}

// The rule's reading of `keyword` (as written, or as folded), or "".
std::string_view ReadingOf(const Rule& rule, std::string_view keyword,
                           std::string_view folded) {
  for (std::string_view key : {keyword, folded}) {
    auto it = rule.readings.find(std::string(key));
    if (it != rule.readings.end()) return it->second;
  }
  return "";
}

// The name of a term group in errors: "all_of part 2", "none_of".
std::string PartName(uint8_t part) {
  if (part == kNoneOfPart) return "none_of";
  return absl::StrCat("all_of part ", part);
}

// Compiles `keywords` as the terms `part` of the rule. `seen` maps the
// folded keywords compiled so far for the rule to their part: a repeat
// within a part is dropped, one across parts is an error (it would stand
// for two parts at once, or for a part and its exclusion).
absl::Status AddKeywords(const Rule& rule, uint32_t rule_index,
                         const std::vector<Keyword>& keywords, uint8_t part,
                         const Normalizer& normalizer,
                         absl::flat_hash_map<std::string, uint8_t>* seen,
                         int* expansions, ExpressionSet* set) {
  const LeetTable leet = MergeLeet(rule.leet);
  const unsigned regex_flags = RegexFlagsOf(rule.normalize);
  // `term`: the folded keyword of a literal, the regex of any other kind.
  auto add = [&](ExprKind kind, std::string_view term, const Keyword& keyword,
                 const SourceLocation& where) {
    const bool literal = kind == ExprKind::kLiteral;
    ExpressionInfo info;
    info.rule = rule_index;
    info.kind = kind;
    if (literal) {
      info.word_sides = WordSides(term);
      info.match_length = static_cast<uint32_t>(term.size());
    }
    info.part = part;
    set->Add(info, term, literal ? 0 : regex_flags, keyword.text);
    set->locations.push_back(where);
  };
  for (const Keyword& keyword : keywords) {
    const SourceLocation& where =
        keyword.location.path.empty() ? rule.location : keyword.location;
    LEXGATE_ASSIGN_OR_RETURN(std::string folded,
                             FoldKeyword(rule, keyword, normalizer));
    const auto [it, inserted] = seen->try_emplace(folded, part);
    if (!inserted) {
      if (it->second == part) continue;
      return RuleError(
          absl::StatusCode::kInvalidArgument, where, rule.id,
          absl::StrFormat("keyword \"%s\" is in %s and in %s (after folding)",
                          keyword.text, PartName(it->second), PartName(part)));
    }
    // A keyword with spellings is compiled as regexes that also match the
    // keyword itself, in place of the literal.
    if (!rule.variants.empty()) {
      std::vector<std::string> regexes =
          LetterVariantRegexes(folded, rule.variants, leet);
      for (std::string& regex : regexes) {
        add(ExprKind::kLetterVariants, regex, keyword, where);
      }
      if (!regexes.empty()) continue;
    }
    if (rule.pinyin != Pinyin::kOff || rule.homophones) {
      PinyinPatterns p =
          MakePinyinPatterns(folded, ReadingOf(rule, keyword.text, folded),
                             rule.pinyin, rule.homophones);
      *expansions += p.expansions;
      if (*expansions > rule.max_expansions) {
        return RuleError(
            absl::StatusCode::kInvalidArgument, where, rule.id,
            absl::StrFormat("pinyin and homophones add more than "
                            "max_expansions = %d spellings (at keyword "
                            "\"%s\"): raise it or split the rule",
                            rule.max_expansions, keyword.text));
      }
      if (!p.full.empty()) {
        add(ExprKind::kPinyin, p.full, keyword, where);
        if (!p.initials.empty()) {
          add(ExprKind::kInitials, p.initials, keyword, where);
        }
        continue;
      }
    }
    add(ExprKind::kLiteral, folded, keyword, where);
  }
  return absl::OkStatus();
}

// A reading must name one of the rule's keywords, as written or as folded
// (ReadingOf()): one that names none never takes effect, and a typo in
// its key would silently leave the built-in reading in place. `folded`:
// the rule's keywords as folded (AddKeywords()'s `seen`).
absl::Status CheckReadingsNameKeywords(
    const Rule& rule, const absl::flat_hash_map<std::string, uint8_t>& folded) {
  for (const auto& [key, reading] : rule.readings) {
    if (folded.contains(key)) continue;
    bool written = false;
    for (const std::vector<Keyword>* list : KeywordLists(rule)) {
      for (const Keyword& keyword : *list) written |= keyword.text == key;
    }
    if (written) continue;
    return RuleError(
        absl::StatusCode::kInvalidArgument, rule.location, rule.id,
        absl::StrFormat("readings names \"%s\", which is none of the rule's "
                        "keywords (as written or folded): a reading replaces "
                        "the built-in one of a keyword",
                        VisibleText(key)));
  }
  return absl::OkStatus();
}

void AddRegexes(const Rule& rule, uint32_t rule_index, ExpressionSet* set) {
  const unsigned flags = RegexFlagsOf(rule.normalize);
  for (size_t i = 0; i < rule.regexes.size(); ++i) {
    set->Add({.rule = rule_index, .kind = ExprKind::kRegex, .part = kOwnTerms},
             rule.regexes[i], flags, rule.regexes[i]);
    set->locations.push_back(RegexLocation(rule, i));
  }
}

}  // namespace

absl::StatusOr<std::string> FoldKeyword(const Rule& rule,
                                        const Keyword& keyword,
                                        const Normalizer& normalizer) {
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
  if (rule.normalize && !folded.empty() &&
      folded.find_first_not_of(' ') == std::string::npos) {
    // A keyword of spacing marks (U+00B4 ´ folds to a space once its
    // diacritic is stripped) would match every space.
    return RuleError(
        absl::StatusCode::kInvalidArgument, where, rule.id,
        absl::StrFormat("keyword \"%s\" folds to only spaces: it would "
                        "match every space",
                        VisibleText(keyword.text)));
  }
  if (folded.empty()) {
    // Hyperscan cannot compile an empty literal, and a keyword that folds
    // to nothing (only zero-width characters, say) would match everywhere.
    return RuleError(
        absl::StatusCode::kInvalidArgument, where, rule.id,
        keyword.text.empty()
            ? std::string("empty keyword")
            : absl::StrFormat("keyword \"%s\" is empty after folding",
                              VisibleText(keyword.text)));
  }
  return folded;
}

unsigned RegexFlags(bool normalize) { return RegexFlagsOf(normalize); }

ExpressionSet Subset(const ExpressionSet& set,
                     const std::vector<uint32_t>& ids) {
  ExpressionSet subset;
  for (uint32_t i : ids) {
    subset.Add(set.info[i], set.terms[i], set.flags[i], set.sources[i]);
    if (i < set.locations.size()) {
      subset.locations.push_back(set.locations[i]);
    }
  }
  return subset;
}

std::string ExpressionSet::Pattern(size_t i) const {
  return info[i].kind == ExprKind::kLiteral ? EscapeLiteral(terms[i])
                                            : std::string(terms[i]);
}

std::string EscapeLiteral(std::string_view literal) {
  std::string out;
  out.reserve(literal.size() * 4);
  for (char c : literal) {
    if (IsAsciiAlnum(c)) {
      out.push_back(c);
    } else {
      constexpr char kHex[] = "0123456789abcdef";
      const auto byte = static_cast<unsigned char>(c);
      out += {'\\', 'x', kHex[byte >> 4], kHex[byte & 15]};
    }
  }
  return out;
}

bool UnescapeLiteral(std::string_view pattern, std::string* literal) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string& out = *literal;
  out.clear();
  for (size_t i = 0; i < pattern.size();) {
    if (IsAsciiAlnum(pattern[i])) {
      out.push_back(pattern[i++]);
      continue;
    }
    if (pattern[i] != '\\' || i + 4 > pattern.size() || pattern[i + 1] != 'x') {
      return false;
    }
    const int hi = hex(pattern[i + 2]);
    const int lo = hex(pattern[i + 3]);
    if (hi < 0 || lo < 0) return false;
    const char c = static_cast<char>(hi * 16 + lo);
    if (IsAsciiAlnum(c)) return false;  // EscapeLiteral never does
    out.push_back(c);
    i += 4;
  }
  return true;
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
    absl::flat_hash_map<std::string, uint8_t> seen;
    int expansions = 0;
    LEXGATE_RETURN_IF_ERROR(AddKeywords(rule, index, rule.keywords, kOwnTerms,
                                        normalizer, &seen, &expansions, &set));
    for (size_t p = 0; p < rule.all_of.size(); ++p) {
      LEXGATE_RETURN_IF_ERROR(
          AddKeywords(rule, index, rule.all_of[p], static_cast<uint8_t>(p + 1),
                      normalizer, &seen, &expansions, &set));
    }
    LEXGATE_RETURN_IF_ERROR(AddKeywords(rule, index, rule.none_of, kNoneOfPart,
                                        normalizer, &seen, &expansions, &set));
    LEXGATE_RETURN_IF_ERROR(CheckReadingsNameKeywords(rule, seen));
    AddRegexes(rule, index, &set);
  }
  return out;
}

}  // namespace lexgate::internal
