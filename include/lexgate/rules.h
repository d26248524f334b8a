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
  kIban = 3,          // ISO 13616 IBAN: registered country and length, mod 97
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

// A category of the taxonomy: what a rule is about, with a stable code that
// rules, reports and audits share, and names in Chinese and English.
struct Category {
  std::string code;         // written as a rule's `category`: "pii.phone"
  std::string zh;           // Chinese name: "电话号码"
  std::string en;           // English name: "Phone number"
  std::string description;  // optional
  SourceLocation location;  // where it was declared
};

// A set of categories with unique codes, in declaration order.
//
// Thread safety: a const Taxonomy may be read from many threads; mutation
// needs external synchronisation.
class Taxonomy {
 public:
  // The shipped taxonomy, rules/categories.toml, compiled into the library
  // so that it is there whichever packs are loaded: the risk taxonomy of
  // GB/T 45654-2025 Appendix A (A.1 .. A.5 and their 31 risks) and the
  // operational categories pii.*, secret.*, profanity*, spam.*.
  static const Taxonomy& Shipped();

  // Fails (kInvalidArgument) on a malformed code or an empty name, and
  // (kAlreadyExists) on a code already present with other names; a
  // redeclaration with the same names is accepted and changes nothing.
  absl::Status Add(Category category);
  // Adds every category of `other`, stopping at the first error.
  absl::Status Merge(const Taxonomy& other);

  const std::vector<Category>& categories() const { return categories_; }
  const Category* Find(std::string_view code) const;
  size_t size() const { return categories_.size(); }
  bool empty() const { return categories_.empty(); }

 private:
  std::vector<Category> categories_;
  std::map<std::string, size_t, std::less<>> index_;
};

// Thread safety: a const RuleSet may be read from many threads; mutation
// needs external synchronisation.
class RuleSet {
 public:
  // Fails (kAlreadyExists) on a duplicate id and (kInvalidArgument) on a rule
  // with no keyword and no regex, an empty id, or a severity outside 1..5.
  absl::Status Add(Rule rule);
  // Adds every rule and declared category of `other`, stopping at the first
  // error.
  absl::Status Merge(RuleSet other);

  const std::vector<Rule>& rules() const { return rules_; }
  const Rule* Find(std::string_view id) const;
  size_t size() const { return rules_.size(); }
  bool empty() const { return rules_.empty(); }

  // Categories declared by the packs ([[category]] tables, taxonomy files)
  // beyond Taxonomy::Shipped(). Same rules as Taxonomy::Add().
  absl::Status AddCategory(Category category);
  const Taxonomy& declared_categories() const { return categories_; }
  // A declared category, else a shipped one, else nullptr.
  const Category* FindCategory(std::string_view code) const;
  // Fails (kNotFound) naming the first rule whose category is neither
  // declared nor shipped. LoadRules() and ParseRulePack() check this; a rule
  // set built in code is checked only when this is called.
  absl::Status CheckCategories() const;

 private:
  std::vector<Rule> rules_;
  Taxonomy categories_;
  // id -> position in rules_. A std::map rather than absl::flat_hash_map so
  // that this public header needs no absl container library to link.
  std::map<std::string, size_t, std::less<>> index_;
};

// Loads a pack file (*.toml) or every *.toml in a directory, in sorted order.
// A file with a [taxonomy] table instead of [pack] declares categories only
// (rules/categories.toml is one). Every rule's category must be declared by
// one of the files loaded together or by Taxonomy::Shipped().
// Errors name the file, the line and the rule id, and carry them as a
// RuleErrorLocation payload (see GetRuleErrorLocation()).
absl::StatusOr<RuleSet> LoadRules(std::string_view path);
absl::StatusOr<RuleSet> LoadRules(const std::vector<std::string>& paths);
// Parses one pack (or taxonomy file) from memory; `path` is used for
// messages and to resolve keywords_file.
absl::StatusOr<RuleSet> ParseRulePack(std::string_view toml,
                                      std::string_view path);
// Parses a taxonomy file (a [taxonomy] table and [[category]] tables) from
// memory; `path` is used for messages.
absl::StatusOr<Taxonomy> ParseTaxonomy(std::string_view toml,
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
