// The fold's ASCII fast path, sixteen bytes at a time: most English text
// (and the markup in Chinese text) is ASCII, whose fold is at most a change
// of case or a tab made a space, so it is copied in runs rather than
// decoded and looked up character by character.
#ifndef LEXGATE_LIB_NORMALIZE_ASCII_RUN_H_
#define LEXGATE_LIB_NORMALIZE_ASCII_RUN_H_

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <cstddef>

namespace lexgate::internal {

// C0 controls other than TAB, LF and CR, and DEL: the invisible ASCII.
inline bool IsInvisibleAscii(unsigned char c) {
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
}

// The number of ASCII bytes (below 0x80) at the start of p[0, n).
inline size_t AsciiRunLength(const unsigned char* p, size_t n) {
  size_t k = 0;
#if defined(__SSE2__)
  for (; k + 16 <= n; k += 16) {
    const unsigned high = static_cast<unsigned>(_mm_movemask_epi8(
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + k))));
    if (high != 0) return k + static_cast<size_t>(__builtin_ctz(high));
  }
#endif
  while (k < n && p[k] < 0x80) ++k;
  return k;
}

// What FoldAsciiRun() saw in the bytes it wrote.
struct AsciiRunFold {
  bool invisible = false;  // an invisible character (IsInvisibleAscii)
  // Two spaces in a row (the fold keeps one of a run of spacing), counting
  // a space before the run when `space_before`.
  bool space_after_space = false;
};

// Copies the ASCII bytes src[0, n) to dest, folded when `fold`: A-Z to
// lower case and TAB to a space (FoldTable::folds_ascii()).
inline AsciiRunFold FoldAsciiRun(const unsigned char* src, size_t n, bool fold,
                                 char* dest, bool space_before = false) {
  size_t k = 0;
  AsciiRunFold seen;
  // Whether the byte before dest[k] is a space.
  bool space = space_before;
#if defined(__SSE2__)
  // Every byte is below 0x80, so signed comparisons order them right.
  const __m128i before_a = _mm_set1_epi8('A' - 1);
  const __m128i after_z = _mm_set1_epi8('Z' + 1);
  const __m128i case_bit = _mm_set1_epi8(fold ? 0x20 : 0);
  const __m128i space_byte = _mm_set1_epi8(0x20);
  const __m128i tab = _mm_set1_epi8('\t');
  // TAB + 0x17 is a space.
  const __m128i tab_to_space = _mm_set1_epi8(fold ? ' ' - '\t' : 0);
  const __m128i lf = _mm_set1_epi8('\n');
  const __m128i cr = _mm_set1_epi8('\r');
  const __m128i del = _mm_set1_epi8(0x7F);
  __m128i controls = _mm_setzero_si128();
  unsigned doubled = 0;
  for (; k + 16 <= n; k += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + k));
    const __m128i upper =
        _mm_and_si128(_mm_cmpgt_epi8(v, before_a), _mm_cmplt_epi8(v, after_z));
    v = _mm_add_epi8(v, _mm_and_si128(upper, case_bit));
    v = _mm_add_epi8(v, _mm_and_si128(_mm_cmpeq_epi8(v, tab), tab_to_space));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dest + k), v);
    const __m128i allowed = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, tab), _mm_cmpeq_epi8(v, lf)),
        _mm_cmpeq_epi8(v, cr));
    const __m128i control =
        _mm_andnot_si128(allowed, _mm_cmplt_epi8(v, space_byte));
    controls =
        _mm_or_si128(controls, _mm_or_si128(control, _mm_cmpeq_epi8(v, del)));
    const auto spaces =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, space_byte)));
    doubled |= spaces & ((spaces << 1) | (space ? 1u : 0u));
    space = (spaces >> 15) != 0;
  }
  seen.invisible = _mm_movemask_epi8(controls) != 0;
  seen.space_after_space = doubled != 0;
#endif
  for (; k < n; ++k) {
    const unsigned char c = src[k];
    seen.invisible |= IsInvisibleAscii(c);
    const char folded = static_cast<char>(!fold                  ? c
                                          : c >= 'A' && c <= 'Z' ? c + 0x20
                                          : c == '\t'            ? ' '
                                                                 : c);
    dest[k] = folded;
    seen.space_after_space |= space && folded == ' ';
    space = folded == ' ';
  }
  return seen;
}

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_NORMALIZE_ASCII_RUN_H_
