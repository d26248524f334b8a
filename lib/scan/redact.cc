#include "scan/redact.h"

#include <algorithm>
#include <vector>

#include "normalize/utf8.h"

namespace lexgate::internal {
namespace {

struct MaskSpan {
  size_t begin;
  size_t end;
  const Match* only_match;  // null when several matches were merged
};

std::vector<MaskSpan> MergedSpans(const ScanResult& result) {
  std::vector<MaskSpan> spans;
  for (const Match& m : result.matches) {  // ordered by start
    if (m.action != Action::kMask && m.action != Action::kBlock) continue;
    if (!spans.empty() && m.start < spans.back().end) {
      MaskSpan& last = spans.back();
      const bool same_span = m.start == last.begin && m.end == last.end;
      last.end = std::max(last.end, m.end);
      if (!same_span) last.only_match = nullptr;
      continue;
    }
    spans.push_back({m.start, m.end, &m});
  }
  return spans;
}

}  // namespace

std::string RedactSpans(const EngineState& state, std::string_view text,
                        const ScanResult& result) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  for (const MaskSpan& span : MergedSpans(result)) {
    out.append(text.substr(pos, span.begin - pos));
    const RuleInfo* rule = nullptr;
    if (span.only_match != nullptr) {
      auto it = state.rule_index.find(span.only_match->rule);
      if (it != state.rule_index.end()) rule = &state.rules[it->second];
    }
    if (rule != nullptr && !rule->replacement.empty()) {
      out.append(rule->replacement);
    } else {
      out.append(
          CountCodePoints(text.substr(span.begin, span.end - span.begin)), '*');
    }
    pos = span.end;
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace lexgate::internal
