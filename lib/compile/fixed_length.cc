#include "compile/fixed_length.h"

#include <hs/hs.h>

#include <atomic>
#include <climits>
#include <cstdlib>

#include "compile/char_set.h"
#include "compile/regex_shape.h"
#include "compile/variant_matcher.h"

namespace lexgate::internal {
namespace {

std::atomic<bool> fixed_lengths_enabled{true};

constexpr char32_t kLongS = 0x17F;        // caseless s
constexpr char32_t kKelvinSign = 0x212A;  // caseless k

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

// Whether `set` holds ASCII characters only, but for the two look-alikes.
bool AsciiButLookalikes(const CharSet& set) {
  for (const CharSet::Range& r : set.ranges()) {
    if (r.second < 0x80) continue;
    const bool lookalike =
        r.first == r.second && (r.first == kLongS || r.first == kKelvinSign);
    if (!lookalike) return false;
  }
  return true;
}

}  // namespace

uint32_t FixedMatchLength(const std::string& pattern, unsigned flags,
                          bool lookalikes_folded) {
  flags &= ~HS_FLAG_SOM_LEFTMOST;
  unsigned min = 0, max = 0;
  if (!MatchWidths(pattern, flags, &min, &max)) return 0;
  if (min == max) return min;
  if (!lookalikes_folded) return 0;
  // Caseless matching may take a look-alike for k or s (or k or s for a
  // look-alike the pattern spells), which widens Hyperscan's maximum. Where
  // the fold leaves neither and a match holds ASCII characters otherwise
  // (its alphabet, a safe over-approximation, says so), a match of n
  // characters is n bytes: fixed when n is.
  const RegexShape shape = AnalyzeRegex(pattern, flags);
  if (!shape.understood || shape.min_chars != shape.max_chars ||
      shape.min_chars != min || !AsciiButLookalikes(shape.alphabet)) {
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
