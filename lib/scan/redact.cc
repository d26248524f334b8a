#include "scan/redact.h"

#include <algorithm>
#include <span>
#include <vector>

#include "base/utf8.h"

namespace lexgate::internal {
namespace {

bool Masks(Action action) {
  return action == Action::kMask || action == Action::kBlock;
}

// The original bytes of the merged span of `group` (mask matches ordered
// by start, overlapping one another). Cut from `text`, which starts at
// offset `base`, when the span lies inside it, as it always does for a
// whole text: a MatchDetail::kBrief result has no Match::text. A stream
// releasing a piece of a span takes the rest from the matches' texts.
std::string UnionText(std::span<const Match> group, std::string_view text,
                      uint64_t base) {
  const uint64_t start = group[0].start;
  uint64_t end = start;
  for (const Match& m : group) {
    if (Masks(m.action)) end = std::max<uint64_t>(end, m.end);
  }
  if (start >= base && end <= base + text.size()) {
    return std::string(text.substr(start - base, end - start));
  }
  std::string whole;
  end = start;
  for (const Match& m : group) {
    if (!Masks(m.action) || m.end <= end) continue;
    const std::string_view own = m.text;
    whole.append(own.substr(std::min<uint64_t>(end - m.start, own.size())));
    end = m.end;
  }
  return whole;
}

// Appends the redaction of the part [begin, begin + piece.size()) of the
// merged span of `group` (`piece` is that part of `text`, which starts at
// offset `base`): the rule's replacement once, in the piece that holds the
// span's start ("" deletes the span); else one mask character per code
// point, except the ones the rule keeps. Pieces of one span concatenate to
// the span's redaction, so a stream that releases a span in pieces shows
// what Redact() shows.
void AppendSpan(const RuleInfo* rule, std::string_view mask,
                std::span<const Match> group, std::string_view text,
                uint64_t base, uint64_t begin, std::string_view piece,
                std::string* out) {
  const uint64_t span_start = group[0].start;
  if (rule != nullptr && rule->replacement.has_value()) {
    if (begin == span_start) out->append(*rule->replacement);
    return;
  }
  const uint32_t keep_first = rule != nullptr ? rule->mask_keep_first : 0;
  const uint32_t keep_last = rule != nullptr ? rule->mask_keep_last : 0;
  if (keep_first == 0 && keep_last == 0) {
    for (size_t n = CountCodePoints(piece); n > 0; --n) out->append(mask);
    return;
  }
  const std::string whole = UnionText(group, text, base);
  const uint64_t total = CountCodePoints(whole);
  uint64_t index =
      CountCodePoints(std::string_view(whole).substr(0, begin - span_start));
  // A span no longer than what would be kept is masked whole: never shown.
  const bool keep = total > uint64_t{keep_first} + keep_last;
  for (size_t i = 0; i < piece.size(); ++index) {
    const size_t length = DecodeUtf8(piece, i).length;
    if (keep && (index < keep_first || index >= total - keep_last)) {
      out->append(piece.substr(i, length));
    } else {
      out->append(mask);
    }
    i += length;
  }
}

}  // namespace

void AppendRedacted(const EngineState& state, std::string_view text,
                    uint64_t base, std::span<const Match> matches,
                    std::string* out) {
  const uint64_t end = base + text.size();
  uint64_t pos = base;
  auto rule_of = [&state](const Match& m) -> const RuleInfo* {
    auto it = state.rule_index.find(m.rule);
    return it == state.rule_index.end() ? nullptr : &state.rules[it->second];
  };
  for (size_t i = 0; i < matches.size();) {
    const Match& m = matches[i];
    if (m.start >= end) break;
    if (!Masks(m.action) || m.end <= base) {
      ++i;
      continue;
    }
    // Merge every mask span that overlaps this one (ordered by start).
    const size_t first = i;
    uint64_t span_end = m.end;
    bool one_rule = true;  // all of the merged matches are of m's rule
    for (++i; i < matches.size() && matches[i].start < span_end; ++i) {
      const Match& next = matches[i];
      if (!Masks(next.action)) continue;
      one_rule &= next.rule == m.rule;
      span_end = std::max<uint64_t>(span_end, next.end);
    }
    const uint64_t begin = std::max<uint64_t>(m.start, base);
    const uint64_t clipped_end = std::min(span_end, end);
    out->append(text.substr(pos - base, begin - pos));
    // One rule's matches take its replacement options; matches of several
    // rules merge into their common mask character, or '*'.
    const RuleInfo* rule = one_rule ? rule_of(m) : nullptr;
    std::string_view mask = "*";
    if (rule != nullptr) {
      mask = rule->mask_char;
    } else if (!one_rule) {
      const RuleInfo* r = rule_of(m);
      bool same = r != nullptr;
      for (size_t k = first; same && k < i; ++k) {
        const RuleInfo* other =
            Masks(matches[k].action) ? rule_of(matches[k]) : r;
        same = other != nullptr && other->mask_char == r->mask_char &&
               !other->replacement.has_value();
      }
      if (same && !r->replacement.has_value()) mask = r->mask_char;
    }
    AppendSpan(rule, mask, matches.subspan(first, i - first), text, base, begin,
               text.substr(begin - base, clipped_end - begin), out);
    pos = clipped_end;
  }
  out->append(text.substr(pos - base));
}

std::string RedactSpans(const EngineState& state, std::string_view text,
                        const ScanResult& result) {
  // AppendRedacted() merges spans in ScanResult order. A caller's result
  // may be in another (sorted by severity to show it, filtered, merged from
  // several scans): taken as it is, a span that comes after one starting
  // later would be passed over, unmasked.
  auto by_start = [](const Match& a, const Match& b) {
    return a.start < b.start || (a.start == b.start && a.end > b.end);
  };
  std::span<const Match> matches = result.matches;
  std::vector<Match> sorted;
  if (!std::is_sorted(matches.begin(), matches.end(), by_start)) {
    sorted.assign(matches.begin(), matches.end());
    std::stable_sort(sorted.begin(), sorted.end(), by_start);
    matches = sorted;
  }
  std::string out;
  out.reserve(text.size());
  AppendRedacted(state, text, 0, matches, &out);
  return out;
}

}  // namespace lexgate::internal
