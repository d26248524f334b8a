#include "compile/variants.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/utf8.h"
#include "compile/expressions.h"
#include "normalize/char_class.h"

namespace lexgate::internal {
namespace {

bool IsLetter(char c) { return c >= 'a' && c <= 'z'; }

// One character of a regex, escaped the way EscapeLiteral() escapes (which
// AnalyzeRegex() reads back), also inside a class.
std::string Char(char c) { return EscapeLiteral(std::string_view(&c, 1)); }

// What a position of the keyword may be: single characters (a class) and
// strings of several (ph for f).
struct Choices {
  std::vector<char> singles;
  std::vector<std::string> strings;
  bool empty() const { return singles.empty() && strings.empty(); }
};

// The regex of `count` equal positions (the two s of ass): the class,
// `count` times or (with `repeat`) up to kMaxRepeat times as many, or one of
// the strings, or (with `censor`) as many censoring symbols. The symbols are
// an alternative of their own, never repeated: classes that overlap in
// adjacent repeated positions make Hyperscan's automata explode.
std::string Unit(const Choices& c, bool repeat, int count, bool censor) {
  std::string cls;
  if (c.singles.size() == 1) {
    cls = Char(c.singles[0]);
  } else if (c.singles.size() > 1) {
    cls = "[";
    for (char s : c.singles) cls += Char(s);
    cls += "]";
  }
  if (!cls.empty()) {
    if (repeat) {
      absl::StrAppend(&cls, "{", count, ",", count * kMaxRepeat, "}");
    } else if (count > 1) {
      absl::StrAppend(&cls, "{", count, "}");
    }
  }
  std::vector<std::string> parts;
  if (!cls.empty()) parts.push_back(cls);
  for (const std::string& s : c.strings) {
    std::string repeated;
    for (int i = 0; i < count; ++i) repeated += EscapeLiteral(s);
    parts.push_back(repeated);
  }
  if (censor) {
    std::string symbols = "[";
    for (char s : kCensorSymbols) symbols += Char(s);
    symbols += "]";
    if (count > 1) absl::StrAppend(&symbols, "{", count, "}");
    parts.push_back(symbols);
  }
  if (parts.size() == 1) return parts[0];
  return absl::StrCat("(?:", absl::StrJoin(parts, "|"), ")");
}

// The substitutes of `letter`, without the letter itself.
Choices Substitutes(char letter, const LeetTable& leet) {
  Choices c;
  auto it = leet.find(letter);
  if (it == leet.end()) return c;
  for (const std::string& s : it->second) {
    if (s.size() == 1) {
      if (s[0] != letter && std::find(c.singles.begin(), c.singles.end(),
                                      s[0]) == c.singles.end()) {
        c.singles.push_back(s[0]);
      }
    } else if (std::find(c.strings.begin(), c.strings.end(), s) ==
               c.strings.end()) {
      c.strings.push_back(s);
    }
  }
  std::sort(c.singles.begin(), c.singles.end());
  return c;
}

Choices Real(char letter) { return Choices{{letter}, {}}; }

Choices Either(char letter, const Choices& subs) {
  Choices c = subs;
  c.singles.push_back(letter);
  std::sort(c.singles.begin(), c.singles.end());
  return c;
}

// The substitutes that may open a word: no opening bracket, which prose
// puts before words all the time ("(rap" is not crap, "(NM" not cnm).
Choices LeadingSubstitutes(Choices c) {
  std::erase_if(c.singles, [](char s) { return s == '(' || s == '<'; });
  return c;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A keyword character: a letter (its index among the letters) or another
// character, matched as it is.
struct Token {
  char c;
  int letter;  // -1 for a non-letter
};

}  // namespace

const LeetTable& BuiltinLeet() {
  static const LeetTable* table = new LeetTable{
      {'a', {"4", "@"}},      {'b', {"8"}},      {'c', {"(", "<"}},
      {'e', {"3"}},           {'f', {"ph"}},     {'g', {"9"}},
      {'i', {"1", "!", "|"}}, {'l', {"1", "|"}}, {'o', {"0"}},
      {'s', {"$", "5"}},      {'t', {"7", "+"}}, {'u', {"v"}},
  };
  return *table;
}

LeetTable MergeLeet(
    const std::map<std::string, std::vector<std::string>>& extra) {
  LeetTable table = BuiltinLeet();
  for (const auto& [letter, substitutes] : extra) {
    if (letter.size() != 1) continue;  // RuleSet::Add() refuses these
    std::vector<std::string>& list = table[letter[0]];
    list.insert(list.end(), substitutes.begin(), substitutes.end());
  }
  return table;
}

uint8_t WordSides(std::string_view match) {
  uint8_t sides = 0;
  for (size_t i = 0; i < match.size();) {
    const Decoded d = DecodeUtf8(match, i);
    if (IsWordChar(d.cp)) {
      sides |= kWordAtStart;
      break;
    }
    if (!IsLeetSymbol(d.cp)) break;
    i += d.length;
  }
  for (size_t i = match.size(); i > 0;) {
    const Decoded d = DecodeUtf8Before(match, i);
    if (IsWordChar(d.cp)) {
      sides |= kWordAtEnd;
      break;
    }
    if (!IsLeetSymbol(d.cp)) break;
    i -= d.length;
  }
  return sides;
}

bool IsLeetSymbol(char32_t c) {
  switch (c) {
    case '@':
    case '$':
    case '!':
    case '|':
    case '+':
    case '(':
    case '<':
      return true;
    default:
      return false;
  }
}

namespace {

// The regex of one kind of variant (use_leet, wildcards or repeat) of a
// keyword of `letters` letters.
std::string KindRegex(const std::vector<Token>& tokens, int letters,
                      const LeetTable& leet, bool use_leet, bool wildcards,
                      bool repeat) {
  std::vector<Choices> subs(letters);
  if (use_leet) {
    for (const Token& t : tokens) {
      if (t.letter >= 0) subs[t.letter] = Substitutes(t.c, leet);
    }
  }
  // One branch per letter kept real at an end: the first letter real, or
  // (with leet) the first substituted and the last real. So every match
  // keeps a real letter (455 is not ass), at the cost of leaving out the
  // rare spellings that substitute both ends (5h17), and the regex stays
  // linear in the keyword: Hyperscan compiles it fast. A first letter
  // substituted by a digit has a branch of its own that keeps the last two
  // letters real: a number with a unit (900k, 500mb) is not a word whose
  // first letters are digits (900k is not gook; 800bs is still boobs).
  enum class Lead { kReal, kSymbol, kDigit };
  const Choices lead = LeadingSubstitutes(subs[0]);
  Choices lead_symbols = lead, lead_digits = lead;
  std::erase_if(lead_symbols.singles, IsDigit);
  lead_digits.strings.clear();
  std::erase_if(lead_digits.singles, [](char s) { return !IsDigit(s); });
  std::vector<std::string> branches;
  for (const Lead mode : {Lead::kReal, Lead::kSymbol, Lead::kDigit}) {
    const bool first_real = mode == Lead::kReal;
    if (!first_real && !use_leet) break;
    if (mode == Lead::kSymbol && lead_symbols.empty()) continue;
    if (mode == Lead::kDigit && (lead_digits.empty() || letters < 3)) continue;
    // Each token's unit, equal adjacent letters as one.
    std::string branch;
    Choices run;
    bool run_censor = false;
    int run_count = 0;
    char run_letter = 0;
    auto flush = [&] {
      if (run_count > 0) branch += Unit(run, repeat, run_count, run_censor);
      run_count = 0;
    };
    for (const Token& t : tokens) {
      if (t.letter < 0) {
        flush();
        branch += Char(t.c);
        continue;
      }
      Choices c;
      if (t.letter == 0) {
        c = first_real              ? Real(t.c)
            : mode == Lead::kSymbol ? lead_symbols
                                    : lead_digits;
      } else if (!first_real &&
                 (t.letter == letters - 1 ||
                  (mode == Lead::kDigit && t.letter == letters - 2))) {
        c = Real(t.c);
      } else {
        c = Either(t.c, subs[t.letter]);
      }
      // Wildcards: censoring symbols for inner letters (never the first or
      // the last), in the branch whose first letter is real.
      const bool censor =
          wildcards && first_real && t.letter > 0 && t.letter < letters - 1;
      if (run_count > 0 && t.c == run_letter && censor == run_censor &&
          c.singles == run.singles && c.strings == run.strings) {
        ++run_count;
        continue;
      }
      flush();
      run = std::move(c);
      run_censor = censor;
      run_letter = t.c;
      run_count = 1;
    }
    flush();
    branches.push_back(std::move(branch));
  }
  if (branches.size() == 1) return branches[0];
  return absl::StrCat("(?:", absl::StrJoin(branches, "|"), ")");
}

}  // namespace

std::vector<std::string> LetterVariantRegexes(
    std::string_view folded_keyword, const std::vector<Variant>& variants,
    const LeetTable& leet) {
  std::vector<Token> tokens;
  int letters = 0;
  for (char c : folded_keyword) {
    if (static_cast<unsigned char>(c) >= 0x80) return {};
    tokens.push_back({c, IsLetter(c) ? letters++ : -1});
  }
  if (letters < kMinVariantLetters) return {};
  // One regex per kind, not one for all: a regex that combines them has
  // adjacent classes that overlap (repeated letters, censoring symbols),
  // which makes Hyperscan's compile time grow tenfold over a word list.
  std::vector<std::string> out;
  for (Variant v : {Variant::kLeet, Variant::kWildcard, Variant::kRepeat}) {
    if (std::find(variants.begin(), variants.end(), v) == variants.end()) {
      continue;
    }
    if (v == Variant::kWildcard && letters < kMinWildcardLetters) continue;
    out.push_back(KindRegex(tokens, letters, leet, v == Variant::kLeet,
                            v == Variant::kWildcard, v == Variant::kRepeat));
  }
  return out;
}

Variant ClassifyLetterVariant(std::string_view folded_keyword,
                              std::string_view matched) {
  if (matched == folded_keyword) return Variant::kNone;
  for (char c : matched) {
    if (kCensorSymbols.find(c) != std::string_view::npos &&
        folded_keyword.find(c) == std::string_view::npos) {
      return Variant::kWildcard;
    }
  }
  auto collapse = [](std::string_view s) {
    std::string out;
    for (char c : s) {
      if (out.empty() || out.back() != c) out.push_back(c);
    }
    return out;
  };
  return collapse(matched) == collapse(folded_keyword) ? Variant::kRepeat
                                                       : Variant::kLeet;
}

}  // namespace lexgate::internal
