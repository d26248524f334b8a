// Rules and rule packs: what lexgate looks for, and what to do when it is
// found.
//
// A RuleSet is plain data. It is produced by LoadRules() from TOML packs (see
// rules/README.md for the format) or built in code, and consumed by
// Engine::Compile(). Loading knows nothing of Hyperscan: a regex that the
// matcher rejects is reported by Engine::Compile(), with the same file:line
// and rule id information as a load error.
#ifndef LEXGATE_RULES_H_
#define LEXGATE_RULES_H_

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

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
};

std::string_view ActionName(Action action);
std::string_view BoundaryName(Boundary boundary);
std::string_view ValidatorName(Validator validator);
std::optional<Action> ParseAction(std::string_view name);
std::optional<Boundary> ParseBoundary(std::string_view name);
std::optional<Validator> ParseValidator(std::string_view name);

// Where a rule (or one of its keywords) was written, for error messages.
struct SourceLocation {
  std::string path;  // empty for rules built in code
  int line = 0;      // 1-based; 0 when unknown
};

struct Keyword {
  std::string text;
  SourceLocation location;
};

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

// Thread safety: a const RuleSet may be read from many threads; mutation
// needs external synchronisation.
class RuleSet {
 public:
  // Fails (kAlreadyExists) on a duplicate id and (kInvalidArgument) on a rule
  // with no keyword and no regex, an empty id, or a severity outside 1..5.
  absl::Status Add(Rule rule);
  // Adds every rule of `other`, stopping at the first error.
  absl::Status Merge(RuleSet other);

  const std::vector<Rule>& rules() const { return rules_; }
  const Rule* Find(std::string_view id) const;
  size_t size() const { return rules_.size(); }
  bool empty() const { return rules_.empty(); }

 private:
  std::vector<Rule> rules_;
  // id -> position in rules_. A std::map rather than absl::flat_hash_map so
  // that this public header needs no absl container library to link.
  std::map<std::string, size_t, std::less<>> index_;
};

// Loads a pack file (*.toml) or every *.toml in a directory, in sorted order.
// Errors name the file, the line and the rule id, and carry them as a
// RuleErrorLocation payload (see GetRuleErrorLocation()).
absl::StatusOr<RuleSet> LoadRules(std::string_view path);
absl::StatusOr<RuleSet> LoadRules(const std::vector<std::string>& paths);
// Parses one pack from memory; `path` is used for messages and to resolve
// keywords_file.
absl::StatusOr<RuleSet> ParseRulePack(std::string_view toml,
                                      std::string_view path);

// Structured location of a rule error, for callers (such as the Python
// binding) that present it as fields rather than as a message.
struct RuleErrorLocation {
  std::string path;
  int line = 0;
  std::string rule_id;
};
// Builds an error status whose message reads "path:line: rule 'id': what"
// and that carries the location as a payload.
absl::Status RuleError(absl::StatusCode code, const SourceLocation& where,
                       std::string_view rule_id, std::string_view what);
std::optional<RuleErrorLocation> GetRuleErrorLocation(
    const absl::Status& status);

}  // namespace lexgate

#endif  // LEXGATE_RULES_H_
