// A rule: what lexgate looks for (keywords, regexes) and what to do when it
// is found (an action, a severity, a replacement), plus the enums that a
// rule pack spells as strings and their names.
//
// A Rule is plain data: it is checked when it is added to a RuleSet
// (lexgate/rule_set.h), and its regexes when the set is compiled
// (Engine::Compile).
#ifndef LEXGATE_RULE_H_
#define LEXGATE_RULE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lexgate {

// What happens to text that a rule matches. Ordered by strength: a scan's
// verdict is the strongest action among its surviving matches.
enum class Action {
  kAllow = 0,  // cancels every other match lying inside this one
  kFlag = 1,   // reported, text left as is
  kMask = 2,   // reported, text replaced by Engine::Redact()
  kBlock = 3,  // reported and masked; a caller should refuse the whole text
};

// Where a match may start and end (checked after the hit, on the folded text).
enum class Boundary {
  kAuto = 0,   // kWord on the sides where the match begins/ends with a
               // letter or digit of a space-separated script; none for CJK
  kWord = 1,   // the match may not touch a letter or digit on either side
  kDigit = 2,  // the match may not touch a digit on either side
  kNone = 3,   // anywhere
};

// Checksums that drop matches whose text is not a plausible identifier.
enum class Validator {
  kNone = 0,
  kLuhn = 1,          // payment cards (ISO/IEC 7812), spaces and dashes ignored
  kCnResidentId = 2,  // GB 11643-1999 check digit, 'X' allowed
  kIban = 3,          // ISO 13616 IBAN: registered country and length, mod 97
  kCnCreditCode = 4,  // GB 32100-2015 unified social credit code (mod 31)
  kHkId = 5,          // Hong Kong identity card: check digit (mod 11)
  kTwId = 6,          // Taiwan national ID: check digit (mod 10)
};

// How a match's text differs from the pattern it matched (Match::variant):
// the spellings that a rule's keywords are compiled with (Rule::variants,
// Rule::pinyin, Rule::homophones) and the look-alike letters of the fold.
enum class Variant : uint8_t {
  kNone = 0,       // the keyword (folded: case, width, traditional ...)
  kLookalike = 1,  // a look-alike letter of another script (Cyrillic а)
  kLeet = 2,       // digits and symbols for letters (sh1t, a$$, ph0ck)
  kWildcard = 3,   // censoring symbols for inner letters (f*ck, sh#t)
  kRepeat = 4,     // repeated letters (fuuuck)
  kPinyin = 5,     // pinyin for Chinese characters (xi jin ping, 习jin平)
  kInitials = 6,   // pinyin initials (xjp)
  kHomophone = 7,  // characters of the same reading (习进平)
};

// How the Chinese keywords of a rule are also matched in pinyin.
enum class Pinyin : uint8_t {
  kOff = 0,
  kFull = 1,      // xi jin ping, xijinping, xi-jin-ping, 习jin平
  kInitials = 2,  // kFull, and the initials (xjp) of keywords of three
                  // characters or more
};

// The names a rule pack writes ("block", "digit", "cn_resident_id"). An
// out-of-range value (only reachable through a cast) is named "unknown".
std::string_view ActionName(Action action);
std::string_view BoundaryName(Boundary boundary);
std::string_view ValidatorName(Validator validator);
// "none", "lookalike", "leet", "wildcard", "repeat", "pinyin", "initials",
// "homophone".
std::string_view VariantName(Variant variant);
// "off", "full", "initials".
std::string_view PinyinName(Pinyin pinyin);
// The inverse of the names above: exact and case-sensitive, std::nullopt for
// anything else ("Mask" included).
std::optional<Action> ParseAction(std::string_view name);
std::optional<Boundary> ParseBoundary(std::string_view name);
std::optional<Validator> ParseValidator(std::string_view name);
std::optional<Pinyin> ParsePinyin(std::string_view name);
// What an entry of a rule's `variants` asks for: "leet", "wildcards" and
// "repeats" turn on kLeet, kWildcard and kRepeat (the names a pack writes,
// not VariantName()'s, which name what a match used); std::nullopt for
// anything else.
std::optional<Variant> ParseSpellingVariant(std::string_view name);

// Where a rule (or one of its keywords, or a category) was written, for
// error messages.
struct SourceLocation {
  std::string path;  // empty for rules built in code
  int line = 0;      // 1-based; 0 when unknown
};

struct Keyword {
  std::string text;
  SourceLocation location;
};

// The member initialisers are the documented defaults of a pack's [[rule]]
// (rules/README.md).
struct Rule {
  std::string id;  // unique across a RuleSet; no control characters
  std::string category;
  Action action = Action::kMask;
  int severity = 3;  // 1 (low) .. 5 (critical)
  std::vector<Keyword> keywords;
  std::vector<std::string> regexes;  // Hyperscan (PCRE subset) syntax
  // Where each regex was written, for error messages: regex_locations[i]
  // is regexes[i]'s. A regex without one (a rule built in code, or a
  // shorter list) is reported at the rule's `location`.
  std::vector<SourceLocation> regex_locations;
  Boundary boundary = Boundary::kAuto;
  Validator validator = Validator::kNone;
  // Text that replaces a masked span; "" deletes the span. Unset: each
  // character is replaced by `mask_char`, except the first `mask_keep_first`
  // and the last `mask_keep_last` characters of the span (138****5678),
  // which stay when the span is longer than both together.
  std::optional<std::string> replacement;
  std::string mask_char = "*";  // exactly one character
  int mask_keep_first = 0;
  int mask_keep_last = 0;
  // false: match the raw text instead of the folded text.
  bool normalize = true;

  // Spellings of the Latin keywords compiled into the rule's patterns
  // (rules/README.md): kLeet, kWildcard and kRepeat; nothing else.
  std::vector<Variant> variants;
  // Substitutions added to the built-in leet table: a letter (a-z) and the
  // strings that may stand for it ({"f", {"ph"}}, {"a", {"4", "@"}}).
  std::map<std::string, std::vector<std::string>> leet;
  // Pinyin and homophones of the Chinese keywords.
  Pinyin pinyin = Pinyin::kOff;
  bool homophones = false;
  // Readings that replace the built-in one of a keyword, one toneless
  // syllable per character separated by spaces ({"银行", "yin hang"}).
  std::map<std::string, std::string> readings;
  // The most spellings (pinyin syllables, initials, homophone characters)
  // that pinyin and homophones may add to the rule, counted over all its
  // keywords: more is an error, not a silently slower engine.
  int max_expansions = 4096;

  // Co-occurrence (rules/README.md): a rule with `all_of` has no keywords or
  // regexes of its own; it matches where one occurrence of every part (each
  // part: alternative keywords, compiled like `keywords`, spellings
  // included) lies inside a window of at most `within` characters of the
  // original text, in any order, and no keyword of `none_of` lies within
  // `within` characters of that window. Every part occurrence of such a
  // window is a match of the rule. `within` = 0: the window is the whole
  // text (any none_of keyword anywhere rules it out). At least two parts;
  // `within` 0 .. kMaxWithin, and a streaming engine requires it (> 0): a
  // stream holds a part back `within` characters (twice that with none_of),
  // which StreamOptions::max_hold must allow.
  static constexpr int kMaxWithin = 1000;
  std::vector<std::vector<Keyword>> all_of;
  std::vector<Keyword> none_of;
  int within = 0;

  std::vector<std::string> examples;         // must match
  std::vector<std::string> counterexamples;  // must not match
  std::string pack;                          // name of the pack it came from
  SourceLocation location;
};

// Where rule.regexes[i] was written: its entry of regex_locations, or the
// rule's location when it has none.
inline const SourceLocation& RegexLocation(const Rule& rule, size_t i) {
  return i < rule.regex_locations.size() ? rule.regex_locations[i]
                                         : rule.location;
}

}  // namespace lexgate

#endif  // LEXGATE_RULE_H_
