#include "scan/redact.h"

#include <algorithm>
#include <span>
#include <vector>

#include "base/utf8.h"

namespace lexgate::internal {
namespace {

struct MaskSpan {
  size_t begin;
  size_t end;
  const Match* only_match;  // null when several matches were merged
};

std::vector<MaskSpan> MergedSpans(std::span<const Match> matches) {
  std::vector<MaskSpan> spans;
  for (const Match& m : matches) {  // ordered by start
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

void AppendRedacted(const EngineState& state, std::string_view text,
                    size_t base, std::span<const Match> matches,
                    std::string* out) {
  size_t pos = 0;  // in `text`
  for (const MaskSpan& span : MergedSpans(matches)) {
    const size_t begin = span.begin - base;
    const size_t end = span.end - base;
    out->append(text.substr(pos, begin - pos));
    const RuleInfo* rule = nullptr;
    if (span.only_match != nullptr) {
      auto it = state.rule_index.find(span.only_match->rule);
      if (it != state.rule_index.end()) rule = &state.rules[it->second];
    }
    if (rule != nullptr && !rule->replacement.empty()) {
      out->append(rule->replacement);
    } else {
      out->append(CountCodePoints(text.substr(begin, end - begin)), '*');
    }
    pos = end;
  }
  out->append(text.substr(pos));
}

std::string RedactSpans(const EngineState& state, std::string_view text,
                        const ScanResult& result) {
  std::string out;
  out.reserve(text.size());
  AppendRedacted(state, text, 0, result.matches, &out);
  return out;
}

}  // namespace lexgate::internal
