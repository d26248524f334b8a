#include "normalize/char_class.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <array>

namespace lexgate::internal {
namespace {

bool IsSentencePunctuation(char32_t cp) {
  switch (cp) {
    case ',':
    case ';':
    case ':':
    case '!':
    case '?':
    case 0x3001:  // 、
    case 0x3002:  // 。
    case 0xFF0C:  // ， (unfolded)
    case 0xFF1B:  // ；
    case 0xFF1A:  // ：
    case 0xFF01:  // ！
    case 0xFF1F:  // ？
    case 0xFF61:  // ｡
      return true;
    default:
      return false;
  }
}

bool IsInvisible(char32_t cp) {
  if (cp == '\t' || cp == '\n' || cp == '\r') return false;
  if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return true;  // C0, DEL, C1
  if (cp == 0xFFFD) return true;
  if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) {
    return true;  // noncharacters
  }
  if (cp >= 0xE0000 && cp <= 0xE007F) return true;  // tags
  return u_charType(cp) == U_PRIVATE_USE_CHAR;
}

CharClass ClassifySlow(char32_t cp) {
  if (IsIdeograph(cp)) return CharClass::kIdeograph;
  if (IsSentencePunctuation(cp)) return CharClass::kSentencePunctuation;
  if (IsInvisible(cp)) return CharClass::kInvisible;
  if (u_isUWhiteSpace(cp)) return CharClass::kNoise;
  switch (u_charType(cp)) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
    case U_NON_SPACING_MARK:
    case U_COMBINING_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_DECIMAL_DIGIT_NUMBER:
    case U_LETTER_NUMBER:
    case U_OTHER_NUMBER: {
      // Scripts written without spaces have no word boundaries to check.
      UErrorCode status = U_ZERO_ERROR;
      switch (uscript_getScript(cp, &status)) {
        case USCRIPT_HAN:
        case USCRIPT_HIRAGANA:
        case USCRIPT_KATAKANA:
        case USCRIPT_KATAKANA_OR_HIRAGANA:
        case USCRIPT_HANGUL:
        case USCRIPT_THAI:
        case USCRIPT_LAO:
        case USCRIPT_KHMER:
        case USCRIPT_MYANMAR:
        case USCRIPT_YI:
          return CharClass::kOther;
        default:
          return CharClass::kWord;
      }
    }
    case U_DASH_PUNCTUATION:
    case U_START_PUNCTUATION:
    case U_END_PUNCTUATION:
    case U_CONNECTOR_PUNCTUATION:
    case U_OTHER_PUNCTUATION:
    case U_INITIAL_PUNCTUATION:
    case U_FINAL_PUNCTUATION:
    case U_MATH_SYMBOL:
    case U_CURRENCY_SYMBOL:
    case U_MODIFIER_SYMBOL:
    case U_OTHER_SYMBOL:
    case U_SPACE_SEPARATOR:
      return CharClass::kNoise;
    default:
      return CharClass::kOther;
  }
}

std::array<CharClass, 128> MakeAsciiClasses() {
  std::array<CharClass, 128> classes;
  for (char32_t c = 0; c < 128; ++c) classes[c] = ClassifySlow(c);
  return classes;
}

}  // namespace

const std::array<CharClass, 128> kAsciiClasses = MakeAsciiClasses();

CharClass ClassifyNonAscii(char32_t cp) { return ClassifySlow(cp); }

bool IsDigitChar(char32_t cp) {
  if (cp < 128) return cp >= '0' && cp <= '9';
  return u_isdigit(cp);
}

}  // namespace lexgate::internal
