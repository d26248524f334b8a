#include "scan/redact.h"

#include <algorithm>
#include <span>

#include "base/utf8.h"

namespace lexgate::internal {
namespace {

bool Masks(Action action) {
  return action == Action::kMask || action == Action::kBlock;
}

}  // namespace

void AppendRedacted(const EngineState& state, std::string_view text,
                    uint64_t base, std::span<const Match> matches,
                    std::string* out) {
  const uint64_t end = base + text.size();
  uint64_t pos = base;
  for (size_t i = 0; i < matches.size();) {
    const Match& m = matches[i];
    if (m.start >= end) break;
    if (!Masks(m.action) || m.end <= base) {
      ++i;
      continue;
    }
    // Merge every mask span that overlaps this one (ordered by start).
    uint64_t span_end = m.end;
    bool only = true;  // exactly one match's span
    for (++i; i < matches.size() && matches[i].start < span_end; ++i) {
      const Match& next = matches[i];
      if (!Masks(next.action)) continue;
      only &= next.start == m.start && next.end == m.end;
      span_end = std::max<uint64_t>(span_end, next.end);
    }
    const uint64_t begin = std::max<uint64_t>(m.start, base);
    const uint64_t clipped_end = std::min(span_end, end);
    out->append(text.substr(pos - base, begin - pos));
    const RuleInfo* rule = nullptr;
    if (only && begin == m.start && clipped_end == span_end) {
      auto it = state.rule_index.find(m.rule);
      if (it != state.rule_index.end()) rule = &state.rules[it->second];
    }
    if (rule != nullptr && !rule->replacement.empty()) {
      out->append(rule->replacement);
    } else {
      out->append(
          CountCodePoints(text.substr(begin - base, clipped_end - begin)), '*');
    }
    pos = clipped_end;
  }
  out->append(text.substr(pos - base));
}

std::string RedactSpans(const EngineState& state, std::string_view text,
                        const ScanResult& result) {
  std::string out;
  out.reserve(text.size());
  AppendRedacted(state, text, 0, result.matches, &out);
  return out;
}

}  // namespace lexgate::internal
