// The raw per-code-point fold steps, generated from ICU at build time by
// gen_fold_data.cc into fold_data.cc. FoldTable composes them according to
// NormalizeOptions; only the pinyin tables at the end are read elsewhere.
#ifndef LEXGATE_LIB_NORMALIZE_FOLD_DATA_H_
#define LEXGATE_LIB_NORMALIZE_FOLD_DATA_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace lexgate::internal::fold_data {

// The bytes of every mapping's string, each string once.
extern const char kStrings[];

// `cp` maps to the UTF-8 string to() (possibly empty). Sorted by cp. The
// string is an offset into kStrings, not a pointer: tables of 40,000
// pointers cost every process one relocation each at load time, and a copy
// of the 680 KiB they sit in (a quarter of the page faults of a
// `lexgate-filter --engine` start-up).
struct Mapping {
  uint32_t cp;
  uint32_t to_begin;
  uint32_t to_size;

  std::string_view to() const {
    return std::string_view(kStrings + to_begin, to_size);
  }
};

// The mapping of `cp` in `mappings[0, size)` (sorted by cp), or null.
inline const Mapping* FindMapping(const Mapping* mappings, size_t size,
                                  char32_t cp) {
  const Mapping* end = mappings + size;
  const Mapping* it = std::lower_bound(
      mappings, end, cp, [](const Mapping& m, char32_t c) { return m.cp < c; });
  return it != end && it->cp == cp ? it : nullptr;
}

// Inclusive code point range.
struct Range {
  uint32_t first;
  uint32_t last;
};

// ICU NFKC_Casefold of each single code point that it changes.
extern const Mapping kNfkcCasefold[];
extern const size_t kNfkcCasefoldSize;
// Default_Ignorable_Code_Point.
extern const Range kDefaultIgnorables[];
extern const size_t kDefaultIgnorablesSize;
// Latin letters without their combining marks; the marks themselves -> "".
extern const Mapping kStripDiacritics[];
extern const size_t kStripDiacriticsSize;
// ICU Traditional-Simplified, applied to each ideograph alone.
extern const Mapping kTraditionalToSimplified[];
extern const size_t kTraditionalToSimplifiedSize;
// Non-ASCII letters whose confusable skeleton (UTS #39) is one ASCII letter
// or digit, mapped to that character in lower case.
extern const Mapping kLookalikes[];
extern const size_t kLookalikesSize;

// Not fold steps, but generated from the same ICU data for pinyin rules
// (lib/compile/pinyin.cc): the toneless pinyin of each BMP ideograph (ü as
// v), from ICU's Han-Latin; and the ideographs of GB 2312 in its code
// order (common characters first), from which homophones are drawn.
extern const Mapping kHanReadings[];
extern const size_t kHanReadingsSize;
extern const uint32_t kCommonHan[];
extern const size_t kCommonHanSize;

// The ICU version the data came from, for serialized engines.
extern const char kIcuVersion[];

}  // namespace lexgate::internal::fold_data

#endif  // LEXGATE_LIB_NORMALIZE_FOLD_DATA_H_
