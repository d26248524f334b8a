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

}  // namespace

bool BoundaryHolds(Boundary boundary, std::string_view text, size_t begin,
                   size_t end) {
  return BoundaryHolds(boundary, text, begin, end,
                       boundary == Boundary::kAuto && begin < end
                           ? WordSides(text.substr(begin, end - begin))
                           : 0);
}

bool BoundaryHolds(Boundary boundary, std::string_view text, size_t begin,
                   size_t end, uint8_t word_sides) {
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
      return !Touches(text, begin, end, IsWordChar,
                      (word_sides & kWordAtStart) != 0,
                      (word_sides & kWordAtEnd) != 0);
    }
  }
  return true;
}

}  // namespace lexgate::internal
