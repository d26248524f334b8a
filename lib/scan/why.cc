#include "scan/why.h"

#include "base/utf8.h"
#include "compile/pinyin.h"
#include "compile/variants.h"
#include "normalize/fold_table.h"

namespace lexgate::internal {
namespace {

// Whether the look-alike step of the fold changed a character of `original`
// (Cyrillic а for a): the match is then a look-alike of its keyword.
bool HasLookalike(const EngineState& state, std::string_view original) {
  if (!state.options.normalize.lookalikes) return false;
  for (size_t i = 0; i < original.size();) {
    const Decoded d = DecodeUtf8(original, i);
    if (d.cp >= 0x80 && FoldTable::IsLookalike(d.cp)) return true;
    i += d.length;
  }
  return false;
}

}  // namespace

Variant ExplainVariant(const EngineState& state, Space space,
                       uint32_t expression, std::string_view matched,
                       std::string_view original) {
  const ExpressionSet& set = state.expressions[static_cast<size_t>(space)];
  const ExpressionInfo& info = set.info[expression];
  if (info.kind == ExprKind::kRegex) return Variant::kNone;
  if (info.kind == ExprKind::kInitials) return Variant::kInitials;
  Variant variant = Variant::kNone;
  if (info.kind != ExprKind::kLiteral) {
    // The keyword as the generated pattern saw it: folded like the text
    // (a rule that does not fold matches the raw keyword).
    const std::string_view source = set.sources[expression];
    std::string folded(source);
    if (space == Space::kFolded) {
      absl::StatusOr<std::string> f = state.normalizer.Fold(source);
      if (f.ok()) folded = *std::move(f);
    }
    variant = info.kind == ExprKind::kPinyin
                  ? ClassifyPinyinMatch(folded, matched)
                  : ClassifyLetterVariant(folded, matched);
  }
  // Text the fold left as it was (most matches) has no look-alike in it.
  if (variant == Variant::kNone && space == Space::kFolded &&
      original != matched && HasLookalike(state, original)) {
    return Variant::kLookalike;
  }
  return variant;
}

}  // namespace lexgate::internal
