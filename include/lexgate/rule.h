// A rule: what lexgate looks for (keywords, regexes) and what to do when it
// is found (an action, a severity, a replacement), plus the enums that a
// rule pack spells as strings and their names.
//
// A Rule is plain data: it is checked when it is added to a RuleSet
// (lexgate/rule_set.h), and its regexes when the set is compiled
// (Engine::Compile).
#ifndef LEXGATE_RULE_H_
#define LEXGATE_RULE_H_

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
};

// The names a rule pack writes ("block", "digit", "cn_resident_id"). An
// out-of-range value (only reachable through a cast) is named "unknown".
std::string_view ActionName(Action action);
std::string_view BoundaryName(Boundary boundary);
std::string_view ValidatorName(Validator validator);
// The inverse of the names above: exact and case-sensitive, std::nullopt for
// anything else ("Mask" included).
std::optional<Action> ParseAction(std::string_view name);
std::optional<Boundary> ParseBoundary(std::string_view name);
std::optional<Validator> ParseValidator(std::string_view name);

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
  std::string id;  // unique across a RuleSet
  std::string category;
  Action action = Action::kMask;
  int severity = 3;  // 1 (low) .. 5 (critical)
  std::vector<Keyword> keywords;
  std::vector<std::string> regexes;  // Hyperscan (PCRE subset) syntax
  Boundary boundary = Boundary::kAuto;
  Validator validator = Validator::kNone;
  // Text that replaces a masked span; empty means one '*' per character.
  std::string replacement;
  // false: match the raw text instead of the folded text.
  bool normalize = true;
  std::vector<std::string> examples;         // must match
  std::vector<std::string> counterexamples;  // must not match
  std::string pack;                          // name of the pack it came from
  SourceLocation location;
};

}  // namespace lexgate

#endif  // LEXGATE_RULE_H_
