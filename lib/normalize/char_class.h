// Character classes of folded text, shared by the noise pass (what may be
// dropped between characters) and boundary checks (what a word touches).
#ifndef LEXGATE_LIB_NORMALIZE_CHAR_CLASS_H_
#define LEXGATE_LIB_NORMALIZE_CHAR_CLASS_H_

#include <array>
#include <cstdint>

namespace lexgate::internal {

enum class CharClass : uint8_t {
  // A letter, digit or mark of a script written with spaces between words
  // (Latin, Greek, Cyrillic, ...): what a word boundary separates.
  kWord,
  // A CJK unified or compatibility ideograph.
  kIdeograph,
  // Whitespace, symbols (emoji included) and punctuation other than
  // sentence punctuation: droppable between ideographs or spaced letters.
  kNoise,
  // 。，、；：！？ and their ASCII forms: never dropped.
  kSentencePunctuation,
  // Characters most chat renderers show as nothing or as a box: C0 controls
  // other than TAB, LF and CR, DEL, C1 controls, U+FFFD (also what invalid
  // UTF-8 becomes), private-use characters, noncharacters and tag
  // characters. Noise that is also dropped between any two letters
  // (fu\x00ck) and between ideographs (DESIGN §10).
  kInvisible,
  // Everything else: kana, hangul, unassigned.
  kOther,
};

// Noise in the sense of the noise pass: what may be dropped.
inline bool IsNoiseClass(CharClass c) {
  return c == CharClass::kNoise || c == CharClass::kInvisible;
}

// Classes of the ASCII characters, for the inline fast path.
extern const std::array<CharClass, 128> kAsciiClasses;
CharClass ClassifyNonAscii(char32_t cp);

// CJK unified ideographs (with extensions) and compatibility ideographs.
inline bool IsIdeograph(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}
// The first UTF-8 lead byte of any ideograph (U+3400).
inline constexpr unsigned char kFirstIdeographLead = 0xE3;

// Whether the character at `p`, in valid UTF-8, is one of the common CJK
// unified ideographs U+4E00..U+9FFF (E4 B8 80 .. E9 BF BF): most of
// Chinese text, recognised from two bytes without decoding.
inline bool IsCommonIdeographUtf8(const unsigned char* p) {
  return p[0] >= 0xE5 ? p[0] <= 0xE9 : p[0] == 0xE4 && p[1] >= 0xB8;
}

// ASCII and ideographs, most of the text, are classified inline.
inline CharClass Classify(char32_t cp) {
  if (cp < 128) return kAsciiClasses[cp];
  if (IsIdeograph(cp)) return CharClass::kIdeograph;
  return ClassifyNonAscii(cp);
}

inline bool IsWordChar(char32_t cp) { return Classify(cp) == CharClass::kWord; }
bool IsDigitChar(char32_t cp);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_NORMALIZE_CHAR_CLASS_H_
