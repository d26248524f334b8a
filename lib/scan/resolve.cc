#include "scan/resolve.h"

#include <algorithm>
#include <tuple>

#include "scan/boundary.h"
#include "scan/validators.h"

namespace lexgate::internal {
namespace {

// A hit that passed its checks, in the coordinates of the text it was
// found in.
struct Candidate {
  uint32_t rule;
  Space space;
  size_t begin;
  size_t end;
};

struct Span {
  uint32_t rule;
  size_t begin;  // original text
  size_t end;
};

std::vector<Candidate> CheckedCandidates(const EngineState& state,
                                         std::string_view text,
                                         const NormalizedText& folded,
                                         const std::vector<RawHit>& hits) {
  std::vector<Candidate> out;
  out.reserve(hits.size());
  for (const RawHit& hit : hits) {
    const ExpressionInfo& info =
        state.expressions[static_cast<size_t>(hit.space)][hit.expression];
    const RuleInfo& rule = state.rules[info.rule];
    const size_t end = hit.to;
    const size_t begin =
        info.kind == ExprKind::kLiteral ? end - info.literal_length : hit.from;
    const std::string_view subject =
        hit.space == Space::kFolded ? std::string_view(folded.folded) : text;
    if (!BoundaryHolds(rule.boundary, subject, begin, end)) continue;
    if (!Validate(rule.validator, subject.substr(begin, end - begin))) {
      continue;
    }
    out.push_back({info.rule, hit.space, begin, end});
  }
  return out;
}

// Leftmost-longest per rule: of the overlapping candidates of one rule, the
// one starting first wins, the longest among those; the next must start at
// or after its end.
std::vector<Candidate> LeftmostLongest(std::vector<Candidate> candidates) {
  std::sort(candidates.begin(), candidates.end(),
            [](const Candidate& a, const Candidate& b) {
              return std::tie(a.rule, a.begin, b.end) <
                     std::tie(b.rule, b.begin, a.end);
            });
  std::vector<Candidate> out;
  for (const Candidate& c : candidates) {
    if (!out.empty() && out.back().rule == c.rule && c.begin < out.back().end) {
      continue;
    }
    out.push_back(c);
  }
  return out;
}

bool InsideAny(const Span& span, const std::vector<Span>& allowed) {
  for (const Span& a : allowed) {
    if (a.begin <= span.begin && span.end <= a.end) return true;
  }
  return false;
}

}  // namespace

ScanResult Resolve(const EngineState& state, std::string_view text,
                   const NormalizedText& folded,
                   const std::vector<RawHit>& hits) {
  ScanResult result;
  if (hits.empty()) return result;

  std::vector<Span> spans;
  std::vector<Span> allowed;
  for (const Candidate& c :
       LeftmostLongest(CheckedCandidates(state, text, folded, hits))) {
    Span span{c.rule, c.begin, c.end};
    if (c.space == Space::kFolded) {
      std::tie(span.begin, span.end) = folded.map.ToOriginal(c.begin, c.end);
    }
    (state.rules[c.rule].action == Action::kAllow ? allowed : spans)
        .push_back(span);
  }
  std::erase_if(spans, [&](const Span& s) { return InsideAny(s, allowed); });
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    return std::tie(a.begin, b.end, a.rule) < std::tie(b.begin, a.end, b.rule);
  });

  result.matches.reserve(spans.size());
  for (const Span& s : spans) {
    const RuleInfo& rule = state.rules[s.rule];
    result.matches.push_back(
        {rule.id, rule.category, rule.action, rule.severity, s.begin, s.end,
         std::string(text.substr(s.begin, s.end - s.begin))});
    result.verdict = std::max(result.verdict, rule.action);
  }
  return result;
}

}  // namespace lexgate::internal
