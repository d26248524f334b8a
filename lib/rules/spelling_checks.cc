#include "rules/spelling_checks.h"

#include <algorithm>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/strings.h"
#include "base/utf8.h"
#include "rules/keyword_lists.h"

namespace lexgate::internal {
namespace {

bool IsLowerAscii(char c) { return c >= 'a' && c <= 'z'; }

// A toneless pinyin syllable: lower-case letters, 'v' (or 'ü') for ü.
bool IsSyllable(std::string_view s) {
  if (s.empty() || s.size() > 8) return false;
  for (char c : s) {
    if (!IsLowerAscii(c)) return false;
  }
  return true;
}

}  // namespace

bool IsValidLeetSubstitute(std::string_view s) {
  if (s.empty() || s.size() > 4) return false;
  for (char c : s) {
    if (c <= ' ' || c > '~' || (c >= 'A' && c <= 'Z')) return false;
  }
  return true;
}

bool MayFoldToIdeograph(char32_t cp) {
  return (cp >= 0x2E80 && cp <= 0x2FDF) ||    // CJK and Kangxi radicals
         (cp >= 0x3005 && cp <= 0x303A) ||    // 々 〇, 〸 〹 〺
         (cp >= 0x3190 && cp <= 0x319F) ||    // kanbun
         (cp >= 0x3200 && cp <= 0x9FFF) ||    // enclosed, compatibility,
                                              // ideographs
         (cp >= 0xF900 && cp <= 0xFAFF) ||    // compatibility ideographs
         (cp >= 0x1F200 && cp <= 0x1F2FF) ||  // enclosed ideographic
         (cp >= 0x20000 && cp <= 0x3FFFF);
}

bool MayFoldToAsciiLetter(char32_t cp) {
  if (cp < 0x80) return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
  // U+3200..U+33FF is left in: ㉐ is PTE, ㎏ is kg.
  const bool cjk =
      (cp >= 0x2E80 && cp <= 0x31FF) || (cp >= 0x3400 && cp <= 0x9FFF) ||
      (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
      (cp >= 0x20000 && cp <= 0x3FFFF);
  return !cjk;
}

bool AnyKeywordChar(const Rule& rule, bool (*may)(char32_t)) {
  for (const std::vector<Keyword>* list : KeywordLists(rule)) {
    for (const Keyword& keyword : *list) {
      const std::string_view text = keyword.text;
      for (size_t i = 0; i < text.size();) {
        const Decoded d = DecodeUtf8(text, i);
        if (may(d.cp)) return true;
        i += d.length;
      }
    }
  }
  return false;
}

std::string SpellingProblem(const Rule& rule) {
  if (CountCodePoints(rule.mask_char) != 1 || !IsValidUtf8(rule.mask_char)) {
    return "mask_char must be exactly one character";
  }
  if (rule.mask_keep_first < 0 || rule.mask_keep_last < 0 ||
      rule.mask_keep_first > 64 || rule.mask_keep_last > 64) {
    return "mask_keep counts must be 0..64 characters";
  }
  for (Variant v : rule.variants) {
    if (v != Variant::kLeet && v != Variant::kWildcard &&
        v != Variant::kRepeat) {
      return absl::StrCat("variant '", Absl(VariantName(v)),
                          "' cannot be asked for in variants (only leet, "
                          "wildcards, repeats)");
    }
  }
  for (const auto& [letter, substitutes] : rule.leet) {
    if (letter.size() != 1 || !IsLowerAscii(letter[0])) {
      return absl::StrCat("leet keys are lower-case letters a-z, not '", letter,
                          "'");
    }
    for (const std::string& s : substitutes) {
      if (!IsValidLeetSubstitute(s)) {
        return absl::StrCat(
            "leet substitute '", s, "' for '", letter,
            "' must be 1-4 printable ASCII characters, lower case, no space");
      }
    }
  }
  // Settings that could never take effect are mistakes to report: a
  // typo in a pack would otherwise silently leave a spelling out.
  if (!rule.leet.empty() &&
      std::find(rule.variants.begin(), rule.variants.end(), Variant::kLeet) ==
          rule.variants.end()) {
    return "leet substitutes are given but variants does not ask for leet "
           "(variants = [\"leet\"])";
  }
  if (!rule.readings.empty() && rule.pinyin == Pinyin::kOff &&
      !rule.homophones) {
    return "readings are given but neither pinyin nor homophones is on "
           "(pinyin = \"full\")";
  }
  if (rule.max_expansions < 0) return "max_expansions must not be negative";
  for (const auto& [keyword, reading] : rule.readings) {
    if (keyword.empty()) return "readings has an empty keyword";
    const std::vector<absl::string_view> syllables =
        absl::StrSplit(reading, ' ', absl::SkipEmpty());
    bool ok =
        !syllables.empty() && syllables.size() == CountCodePoints(keyword);
    for (absl::string_view s : syllables) {
      ok = ok && IsSyllable(std::string_view(s.data(), s.size()));
    }
    if (!ok) {
      return absl::StrCat("reading '", reading, "' of '", keyword,
                          "' must be one toneless syllable (a-z, v for "
                          "\u00fc) per character, separated by spaces");
    }
  }
  return "";
}

}  // namespace lexgate::internal
