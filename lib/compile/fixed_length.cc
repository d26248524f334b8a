#include "compile/fixed_length.h"

#include <hs/hs.h>

#include <algorithm>
#include <atomic>
#include <climits>
#include <cstdlib>

#include "compile/variant_matcher.h"

namespace lexgate::internal {
namespace {

std::atomic<bool> fixed_lengths_enabled{true};

// Hyperscan's minimum and maximum match width of `pattern` in bytes; false
// when it refuses the pattern or a match may be unbounded.
bool MatchWidths(const std::string& pattern, unsigned flags, unsigned* min,
                 unsigned* max) {
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_expression_info(pattern.c_str(), flags, &info, &error) != HS_SUCCESS) {
    hs_free_compile_error(error);
    return false;
  }
  *min = info->min_width;
  *max = info->max_width;
  std::free(info);
  return *max != UINT_MAX;
}

bool IsAscii(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x80;
  });
}

}  // namespace

uint32_t FixedMatchLength(const std::string& pattern, unsigned flags,
                          bool lookalikes_folded) {
  // Without the look-alikes, an ASCII-only pattern's caseless letters
  // match one byte each, as its letters in one case do: ask Hyperscan about
  // that pattern, whose widths are not inflated by them.
  if (lookalikes_folded && IsAscii(pattern)) flags &= ~HS_FLAG_CASELESS;
  unsigned min = 0, max = 0;
  if (!MatchWidths(pattern, flags & ~HS_FLAG_SOM_LEFTMOST, &min, &max) ||
      min != max) {
    return 0;
  }
  return min;
}

bool LookalikesFolded(Space space, const Normalizer& normalizer) {
  return space == Space::kFolded && !FoldKeepsAsciiLookalikes(normalizer);
}

void ChooseFixedLengths(ExpressionSet* set, bool lookalikes_folded) {
  if (!fixed_lengths_enabled) return;
  for (size_t i = 0; i < set->size(); ++i) {
    if (set->info[i].kind != ExprKind::kRegex ||
        (set->flags[i] & HS_FLAG_SOM_LEFTMOST) == 0) {
      continue;
    }
    const uint32_t length =
        FixedMatchLength(set->Pattern(i), set->flags[i], lookalikes_folded);
    if (length == 0) continue;
    set->info[i].match_length = length;
    set->flags[i] &= ~HS_FLAG_SOM_LEFTMOST;
  }
}

void DeriveFixedLengths(ExpressionSet* set, bool lookalikes_folded) {
  for (size_t i = 0; i < set->size(); ++i) {
    if (set->info[i].kind != ExprKind::kRegex ||
        (set->flags[i] & HS_FLAG_SOM_LEFTMOST) != 0) {
      continue;
    }
    set->info[i].match_length =
        FixedMatchLength(set->Pattern(i), set->flags[i], lookalikes_folded);
  }
}

unsigned FlagsBeforeFixedLength(const ExpressionSet& set, size_t i) {
  return set.info[i].kind == ExprKind::kRegex && set.info[i].match_length != 0
             ? set.flags[i] | HS_FLAG_SOM_LEFTMOST
             : set.flags[i];
}

void SetFixedLengthsForTesting(bool enabled) {
  fixed_lengths_enabled = enabled;
}

}  // namespace lexgate::internal
