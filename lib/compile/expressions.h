// RuleSet -> Hyperscan expressions: keywords folded, deduplicated and
// escaped as literals; regexes with their flags. Rules that opt out of
// folding go to a second expression set matched against the raw text.
#ifndef LEXGATE_LIB_COMPILE_EXPRESSIONS_H_
#define LEXGATE_LIB_COMPILE_EXPRESSIONS_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "compile/string_column.h"
#include "lexgate/normalize.h"
#include "lexgate/rules.h"

namespace lexgate::internal {

// Which text an expression set is matched against.
enum class Space : uint8_t { kFolded = 0, kRaw = 1 };
inline constexpr size_t kSpaceCount = 2;

// What an expression is. A literal's start is computed from its length;
// every other kind is a regex compiled with start-of-match tracking, but
// for the regexes of a fixed length (fixed_length.h) and the late starts
// (late_starts.h). Only
// kRegex is selected leftmost-longest: the kinds generated from a keyword
// (its spellings) are selected like keywords, every occurrence not inside
// another of the same rule.
enum class ExprKind : uint8_t {
  kLiteral = 0,         // a keyword
  kRegex = 1,           // a regex of the rule
  kLetterVariants = 2,  // a keyword with its letter variants (variants.h)
  kPinyin = 3,          // a Chinese keyword with pinyin or homophones
  kInitials = 4,        // the pinyin initials of a Chinese keyword
};
inline constexpr ExprKind kLastExprKind = ExprKind::kInitials;

// What a Hyperscan match id stands for.
struct ExpressionInfo {
  uint32_t rule;  // index into the rule table
  ExprKind kind;
  // A literal's WordSides() (compile/variants.h), derived from it (never
  // stored): every match of a literal is its text, so a Boundary::kAuto
  // check need not look at the match's own letters again.
  uint8_t word_sides = 0;
  // The length in bytes of every match (0: it varies): a literal's folded
  // keyword's, or a fixed-length regex's (compile/fixed_length.h). A hit's
  // start is its end minus this, so neither needs start-of-match tracking.
  uint32_t match_length = 0;
  // Which of its rule's terms: kOwnTerms (keywords, regexes), 1..parts for
  // the parts of a co-occurrence rule's all_of, or kNoneOfPart.
  uint8_t part = 0;
};
inline constexpr uint8_t kOwnTerms = 0;
inline constexpr uint8_t kNoneOfPart = 255;

// The part of a Rule that scanning needs; survives serialization.
struct RuleInfo {
  std::string id;
  std::string category;
  std::optional<std::string> replacement;  // "" deletes the span
  std::string mask_char = "*";
  uint32_t mask_keep_first = 0;
  uint32_t mask_keep_last = 0;
  Action action;
  int severity;
  Boundary boundary;
  Validator validator;
  bool normalize;
  // Co-occurrence (Rule::all_of): the number of parts (0: an ordinary rule)
  // and the window in characters of original text (0: the whole text).
  uint32_t parts = 0;
  uint32_t within = 0;
  // Whether it has none_of keywords (derived from its expressions by
  // FinishEngineState(), not stored): a stream then waits twice `within`
  // past a part.
  bool has_exclusions = false;
};

// Parallel arrays, one entry per expression; Hyperscan id == index.
struct ExpressionSet {
  // What Hyperscan compiles: a literal's folded keyword (Pattern() escapes
  // it), any other kind's regex.
  StringColumn terms;
  std::vector<unsigned> flags;
  std::vector<ExpressionInfo> info;
  // What a match reports as Match::pattern: the keyword as written (for
  // every kind generated from it too), or the rule's regex.
  StringColumn sources;
  // For compile errors: where each expression was written (empty for an
  // engine loaded from a blob).
  std::vector<SourceLocation> locations;

  size_t size() const { return info.size(); }
  // Expression `i` as Hyperscan compiles it.
  std::string Pattern(size_t i) const;
  void Add(const ExpressionInfo& expression, std::string_view term,
           unsigned expression_flags, std::string_view source) {
    info.push_back(expression);
    terms.push_back(term);
    flags.push_back(expression_flags);
    sources.push_back(source);
  }
};

struct CompiledRules {
  std::vector<RuleInfo> rules;
  std::array<ExpressionSet, kSpaceCount> sets;
};

// A keyword as the engine compiles it: folded with the normalizer when the
// rule folds (`normalize`), as written when it does not; before any
// spelling variant. Two keywords of a rule with the same result are one.
// Fails with the keyword's or rule's file:line on a keyword that is empty or
// folds to nothing.
absl::StatusOr<std::string> FoldKeyword(const Rule& rule,
                                        const Keyword& keyword,
                                        const Normalizer& normalizer);

// Fails with the keyword's or rule's file:line on a keyword that is empty or
// folds to nothing.
absl::StatusOr<CompiledRules> BuildExpressions(const RuleSet& rules,
                                               const Normalizer& normalizer);

// The expressions `ids` of `set`, in that order (Hyperscan id k is ids[k]).
ExpressionSet Subset(const ExpressionSet& set,
                     const std::vector<uint32_t>& ids);

// The Hyperscan flags of every expression but a literal, for a rule that
// folds (`normalize`) or not.
unsigned RegexFlags(bool normalize);

// `literal` as a Hyperscan pattern matching exactly its bytes.
std::string EscapeLiteral(std::string_view literal);
// Sets `literal` to the bytes an EscapeLiteral() pattern matches; false for
// anything that EscapeLiteral() does not write.
bool UnescapeLiteral(std::string_view pattern, std::string* literal);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_COMPILE_EXPRESSIONS_H_
