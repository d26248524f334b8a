// Raw Hyperscan hits -> the matches a caller sees: boundary and validator
// checks, leftmost-longest per rule, spans mapped to the original text,
// allow-rule suppression, ordering and the verdict. The steps are exposed
// one by one for the streaming guard, which applies them incrementally.
#ifndef LEXGATE_LIB_SCAN_RESOLVE_H_
#define LEXGATE_LIB_SCAN_RESOLVE_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "compile/expressions.h"
#include "lexgate/engine.h"
#include "scan/engine_state.h"

namespace lexgate::internal {

struct RawHit {
  uint32_t expression;
  Space space;
  uint64_t from;  // valid for regexes (start-of-match tracking) only
  uint64_t to;
};

// A hit with its start, in the coordinates of the text it was found in.
struct Candidate {
  uint32_t rule;
  Space space;
  uint64_t begin;
  uint64_t end;
};

// A candidate mapped to the original text.
struct Span {
  uint32_t rule;
  uint64_t begin;
  uint64_t end;
};

inline Candidate ToCandidate(const EngineState& state, const RawHit& hit) {
  const ExpressionInfo& info =
      state.expressions[static_cast<size_t>(hit.space)][hit.expression];
  const uint64_t begin =
      info.kind == ExprKind::kLiteral ? hit.to - info.literal_length : hit.from;
  return {info.rule, hit.space, begin, hit.to};
}

// Boundary and validator of `rule` for [begin, end) of `subject`.
bool PassesChecks(const RuleInfo& rule, std::string_view subject, size_t begin,
                  size_t end);

// Sorted this way, a greedy pass that keeps a candidate when it starts at
// or after the end of the last kept one of its rule is leftmost-longest.
inline bool LeftmostLongestOrder(const Candidate& a, const Candidate& b) {
  if (a.rule != b.rule) return a.rule < b.rule;
  if (a.begin != b.begin) return a.begin < b.begin;
  return a.end > b.end;
}

// The order of ScanResult::matches: by start, longer first, rule order.
inline bool MatchOrder(const Span& a, const Span& b) {
  if (a.begin != b.begin) return a.begin < b.begin;
  if (a.end != b.end) return a.end > b.end;
  return a.rule < b.rule;
}

bool InsideAny(const Span& span, const std::vector<Span>& allowed);

Match MakeMatch(const RuleInfo& rule, const Span& span,
                std::string_view matched_text);

// The whole pipeline for one text. `text` is the original, `folded` its
// normalization (for hits in the folded space).
ScanResult Resolve(const EngineState& state, std::string_view text,
                   const NormalizedText& folded,
                   const std::vector<RawHit>& hits);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_SCAN_RESOLVE_H_
