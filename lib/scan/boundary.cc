#include "scan/boundary.h"

#include "base/utf8.h"
#include "compile/variants.h"
#include "normalize/char_class.h"

namespace lexgate::internal {
namespace {

template <typename Pred>
bool Touches(std::string_view text, size_t begin, size_t end, Pred pred,
             bool check_before, bool check_after) {
  if (check_before && begin > 0 && pred(DecodeUtf8Before(text, begin).cp)) {
    return true;
  }
  if (check_after && end < text.size() && pred(DecodeUtf8(text, end).cp)) {
    return true;
  }
  return false;
}

// Whether the match [begin, end) begins with a letter or digit, or with
// leet symbols glued to one (@ss, $h1t): a letter variant is a word.
bool WordAtStart(std::string_view text, size_t begin, size_t end) {
  for (size_t i = begin; i < end;) {
    const Decoded d = DecodeUtf8(text, i);
    if (IsWordChar(d.cp)) return true;
    if (!IsLeetSymbol(d.cp)) return false;
    i += d.length;
  }
  return false;
}

// The same at the match's end (a$$).
bool WordAtEnd(std::string_view text, size_t begin, size_t end) {
  for (size_t i = end; i > begin;) {
    const Decoded d = DecodeUtf8Before(text, i);
    if (IsWordChar(d.cp)) return true;
    if (!IsLeetSymbol(d.cp)) return false;
    i -= d.length;
  }
  return false;
}

}  // namespace

bool BoundaryHolds(Boundary boundary, std::string_view text, size_t begin,
                   size_t end) {
  if (begin >= end) return true;
  switch (boundary) {
    case Boundary::kNone:
      return true;
    case Boundary::kDigit:
      return !Touches(text, begin, end, IsDigitChar, true, true);
    case Boundary::kWord:
      return !Touches(text, begin, end, IsWordChar, true, true);
    case Boundary::kAuto: {
      // Only the sides where the match itself begins or ends with a letter
      // or digit: `sb` in `你是sb吗` matches, `ass` in `class` does not, and a
      // CJK keyword matches inside CJK text. Leet symbols glued to the
      // letters count as letters: `@ss` is not a word in `cl@ss`.
      const bool word_start = WordAtStart(text, begin, end);
      const bool word_end = WordAtEnd(text, begin, end);
      return !Touches(text, begin, end, IsWordChar, word_start, word_end);
    }
  }
  return true;
}

}  // namespace lexgate::internal
