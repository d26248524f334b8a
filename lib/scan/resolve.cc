#include "scan/resolve.h"

#include <algorithm>
#include <tuple>

#include "scan/boundary.h"
#include "scan/validators.h"

namespace lexgate::internal {

bool PassesChecks(const RuleInfo& rule, std::string_view subject, size_t begin,
                  size_t end) {
  return BoundaryHolds(rule.boundary, subject, begin, end) &&
         Validate(rule.validator, subject.substr(begin, end - begin));
}

bool InsideAny(const Span& span, const std::vector<Span>& allowed) {
  for (const Span& a : allowed) {
    if (a.begin <= span.begin && span.end <= a.end) return true;
  }
  return false;
}

Match MakeMatch(const RuleInfo& rule, const Span& span,
                std::string_view matched_text) {
  return {rule.id,
          rule.category,
          rule.action,
          rule.severity,
          span.begin,
          span.end,
          std::string(matched_text)};
}

ScanResult Resolve(const EngineState& state, std::string_view text,
                   const NormalizedText& folded,
                   const std::vector<RawHit>& hits) {
  ScanResult result;
  if (hits.empty()) return result;

  // Reused across calls: Scan() runs once per short text in batch work.
  thread_local std::vector<Candidate> candidates;
  thread_local std::vector<Span> spans;
  thread_local std::vector<Span> allowed;
  candidates.clear();
  spans.clear();
  allowed.clear();
  for (const RawHit& hit : hits) {
    const Candidate c = ToCandidate(state, hit);
    const std::string_view subject =
        c.space == Space::kFolded ? std::string_view(folded.folded) : text;
    if (PassesChecks(state.rules[c.rule], subject, c.begin, c.end)) {
      candidates.push_back(c);
    }
  }
  // Lambdas, not function pointers, so that the comparisons inline.
  std::sort(candidates.begin(), candidates.end(),
            [](const Candidate& a, const Candidate& b) {
              return LeftmostLongestOrder(a, b);
            });

  const Candidate* last = nullptr;
  for (const Candidate& c : candidates) {
    if (last != nullptr && last->rule == c.rule && c.begin < last->end) {
      continue;
    }
    last = &c;
    Span span{c.rule, c.begin, c.end};
    if (c.space == Space::kFolded) {
      std::tie(span.begin, span.end) = folded.map.ToOriginal(c.begin, c.end);
    }
    (state.rules[c.rule].action == Action::kAllow ? allowed : spans)
        .push_back(span);
  }
  if (!allowed.empty()) {
    std::erase_if(spans, [&](const Span& s) { return InsideAny(s, allowed); });
  }
  std::sort(spans.begin(), spans.end(),
            [](const Span& a, const Span& b) { return MatchOrder(a, b); });

  result.matches.reserve(spans.size());
  for (const Span& s : spans) {
    const RuleInfo& rule = state.rules[s.rule];
    result.matches.push_back(
        MakeMatch(rule, s, text.substr(s.begin, s.end - s.begin)));
    result.verdict = std::max(result.verdict, rule.action);
  }
  return result;
}

}  // namespace lexgate::internal
