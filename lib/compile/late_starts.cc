#include "compile/late_starts.h"

#include <hs/hs.h>

#include <atomic>
#include <optional>
#include <string>

#include "base/status_macros.h"
#include "compile/regex_shape.h"

namespace lexgate::internal {
namespace {

std::atomic<bool> late_starts_enabled{true};

// Whether `set` holds a character of the CJK Unified Ideographs.
bool HoldsIdeographs(const CharSet& set) {
  for (const CharSet::Range& r : set.ranges()) {
    if (r.first <= 0x9FFF && r.second >= 0x4E00) return true;
  }
  return false;
}

// The shape of regex `i` of `set` if it may find its starts late (see the
// header), else nullopt.
std::optional<RegexShape> LateStartShape(const ExpressionSet& set, size_t i) {
  if (set.info[i].kind != ExprKind::kRegex) return std::nullopt;
  RegexShape shape =
      AnalyzeRegex(set.terms[i], set.flags[i] & ~HS_FLAG_SOM_LEFTMOST);
  // A run ends at a space or a Chinese character at the latest (else it
  // could be a whole Chinese paragraph, scanned for each match in it).
  // A regex that begins with a fixed prefix (sk-proj-, eyj) costs
  // start-of-match little: only one that begins with a repeated class.
  const bool eligible =
      shape.understood && !shape.text_anchors &&
      shape.max_chars == kUnboundedWidth && shape.prefix.size() <= 1 &&
      !shape.alphabet.Contains(' ') && !HoldsIdeographs(shape.alphabet);
  if (!eligible) return std::nullopt;
  return shape;
}

}  // namespace

void ChooseLateStarts(ExpressionSet* set) {
  if (!late_starts_enabled) return;
  size_t chosen = 0;
  for (size_t i = 0; i < set->size() && chosen < kMaxLateStarts; ++i) {
    if ((set->flags[i] & HS_FLAG_SOM_LEFTMOST) == 0 ||
        !LateStartShape(*set, i).has_value()) {
      continue;
    }
    set->flags[i] &= ~HS_FLAG_SOM_LEFTMOST;
    ++chosen;
  }
}

absl::StatusOr<LateStarts> DeriveLateStarts(const ExpressionSet& set) {
  LateStarts late;
  late.bit_of.assign(set.size(), LateStarts::kNone);
  for (size_t i = 0; i < set.size(); ++i) {
    // Literals and fixed-length regexes know their starts from their ends.
    if (set.info[i].match_length != 0 ||
        (set.flags[i] & HS_FLAG_SOM_LEFTMOST) != 0) {
      continue;
    }
    const std::optional<RegexShape> shape = LateStartShape(set, i);
    if (late.ids.size() == kMaxLateStarts || !shape.has_value()) {
      return absl::DataLossError(
          "corrupted lexgate engine: a regex without start-of-match that "
          "cannot find its starts late");
    }
    const auto bit = static_cast<uint8_t>(late.ids.size());
    late.bit_of[i] = bit;
    late.ids.push_back(static_cast<uint32_t>(i));
    late.alphabets.Add(shape->alphabet, uint64_t{1} << bit);
  }
  if (late.empty()) {
    late.bit_of = {};  // FindLateStarts() asks nothing of an empty one
  }
  late.alphabets.Build();
  return late;
}

absl::Status CompileLateStartDatabase(const ExpressionSet& set,
                                      const std::vector<RuleInfo>& rules,
                                      LateStarts* late) {
  if (late->empty()) return absl::OkStatus();
  ExpressionSet with_starts = Subset(set, late->ids);
  for (unsigned& flags : with_starts.flags) flags |= HS_FLAG_SOM_LEFTMOST;
  LEXGATE_ASSIGN_OR_RETURN(
      late->database,
      CompileDatabase(with_starts, rules, DatabaseMode::kBlock));
  return absl::OkStatus();
}

void SetLateStartsForTesting(bool enabled) { late_starts_enabled = enabled; }

}  // namespace lexgate::internal
