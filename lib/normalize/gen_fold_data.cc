// Build-time generator: writes the per-code-point fold steps (fold_data.h)
// as C++ arrays, computed with ICU. Running it at build time keeps ICU's
// heavier services (transliteration, spoof checking) out of the library's
// start-up, and makes the fold a pure function of the ICU version.
//
// Usage: lexgate_gen_fold_data OUTPUT.cc
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/uniset.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/uversion.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace {

using icu::UnicodeString;

constexpr UChar32 kMaxCodePoint = 0x10FFFF;

struct Entry {
  UChar32 cp;
  std::string to;
};

void Check(UErrorCode status, const char* what) {
  if (U_FAILURE(status)) {
    std::cerr << "gen_fold_data: " << what << ": " << u_errorName(status)
              << "\n";
    std::exit(1);
  }
}

bool IsSurrogate(UChar32 cp) { return cp >= 0xD800 && cp <= 0xDFFF; }

std::string ToUtf8(const UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

// C++ string literal with every non-alphanumeric byte escaped, so that the
// generated file is plain ASCII.
std::string Literal(const std::string& utf8) {
  std::string out = "\"";
  char buf[8];
  for (unsigned char c : utf8) {
    std::snprintf(buf, sizeof(buf), "\\x%02x", c);
    out += buf;
  }
  // Close and reopen the literal so that a following hex digit cannot extend
  // the last escape.
  return out + "\"";
}

std::vector<Entry> NfkcCasefold() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf =
      icu::Normalizer2::getNFKCCasefoldInstance(status);
  Check(status, "NFKC_Casefold instance");
  std::vector<Entry> out;
  for (UChar32 cp = 0; cp <= kMaxCodePoint; ++cp) {
    if (IsSurrogate(cp)) continue;
    UnicodeString in(cp);
    UnicodeString folded = nfkc_cf->normalize(in, status);
    Check(status, "NFKC_Casefold");
    if (folded != in) out.push_back({cp, ToUtf8(folded)});
  }
  return out;
}

std::vector<std::pair<UChar32, UChar32>> DefaultIgnorables() {
  std::vector<std::pair<UChar32, UChar32>> ranges;
  for (UChar32 cp = 0; cp <= kMaxCodePoint; ++cp) {
    if (!u_hasBinaryProperty(cp, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) continue;
    if (!ranges.empty() && ranges.back().second == cp - 1) {
      ranges.back().second = cp;
    } else {
      ranges.push_back({cp, cp});
    }
  }
  return ranges;
}

bool IsCombiningDiacritic(UChar32 cp) {
  return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
         (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
         (cp >= 0xFE20 && cp <= 0xFE2F);
}

std::vector<Entry> StripDiacritics() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  Check(status, "NFD instance");
  std::vector<Entry> out;
  for (UChar32 cp = 0x80; cp <= kMaxCodePoint; ++cp) {
    if (IsSurrogate(cp)) continue;
    if (IsCombiningDiacritic(cp)) {
      out.push_back({cp, ""});
      continue;
    }
    UErrorCode script_status = U_ZERO_ERROR;
    if (uscript_getScript(cp, &script_status) != USCRIPT_LATIN) continue;
    UnicodeString decomposed = nfd->normalize(UnicodeString(cp), status);
    Check(status, "NFD");
    UnicodeString base;
    for (int32_t i = 0; i < decomposed.length();) {
      UChar32 c = decomposed.char32At(i);
      if (!IsCombiningDiacritic(c)) base.append(c);
      i += U16_LENGTH(c);
    }
    if (!base.isEmpty() && base != UnicodeString(cp)) {
      out.push_back({cp, ToUtf8(base)});
    }
  }
  return out;
}

std::vector<Entry> TraditionalToSimplified() {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> t2s(icu::Transliterator::createInstance(
      "Traditional-Simplified", UTRANS_FORWARD, status));
  Check(status, "Traditional-Simplified transliterator");
  icu::UnicodeSet sources;
  t2s->getSourceSet(sources);
  std::vector<Entry> out;
  for (int32_t r = 0; r < sources.getRangeCount(); ++r) {
    for (UChar32 cp = sources.getRangeStart(r); cp <= sources.getRangeEnd(r);
         ++cp) {
      UnicodeString s(cp);
      t2s->transliterate(s);
      // One ideograph in, one ideograph out: multi-character results are
      // phrase rules that do not apply to a character on its own.
      if (s != UnicodeString(cp) && s.countChar32() == 1) {
        out.push_back({cp, ToUtf8(s)});
      }
    }
  }
  std::sort(out.begin(), out.end(),
            [](const Entry& a, const Entry& b) { return a.cp < b.cp; });
  return out;
}

bool IsAsciiAlnum(UChar32 c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z');
}

// Symbols used as letters, reviewed by hand: what neither the confusable
// skeletons nor the character names give. Left out on purpose: ® © ¥ £
// (they stand for themselves next to words and numbers) and ∥ ¦ (l or i).
constexpr std::pair<UChar32, char> kSymbolLetters[] = {
    {0x00A2, 'c'},  // ¢ CENT SIGN
    {0x20AC, 'e'},  // € EURO SIGN
    {0x2282, 'c'},  // ⊂ SUBSET OF
    {0x2284, 'c'},  // ⊄ NOT A SUBSET OF
    {0x2208, 'e'},  // ∈ ELEMENT OF
    {0x2203, 'e'},  // ∃ THERE EXISTS
    {0x2200, 'a'},  // ∀ FOR ALL
    {0x2202, 'd'},  // ∂ PARTIAL DIFFERENTIAL
    {0x2229, 'n'},  // ∩ INTERSECTION
    {0x222A, 'u'},  // ∪ UNION
};

// Scripts and blocks never folded to Latin: CJK text is not a disguise
// (〇 is the ideographic zero, not an o), and flags are pairs of regional
// indicator letters (🇸🇧) that are emoji, not words.
bool NeverLookalike(UChar32 cp) {
  if ((cp >= 0x3000 && cp <= 0x303F) || (cp >= 0x1F1E6 && cp <= 0x1F1FF)) {
    return true;
  }
  UErrorCode status = U_ZERO_ERROR;
  switch (uscript_getScript(cp, &status)) {
    case USCRIPT_HAN:
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
    case USCRIPT_HANGUL:
    case USCRIPT_BOPOMOFO:
    case USCRIPT_YI:
      return true;
    default:
      return false;
  }
}

// The letter or digit a character's Unicode name says it is, in lower
// case: "LATIN LETTER SMALL CAPITAL F", "NEGATIVE SQUARED LATIN CAPITAL
// LETTER F", "MATHEMATICAL BOLD SMALL A", "LATIN SMALL LETTER D WITH HOOK",
// "DINGBAT NEGATIVE CIRCLED DIGIT ONE", "PARENTHESIZED IDEOGRAPH ONE"; 0
// when it names none.
char LetterFromName(UChar32 cp) {
  UErrorCode status = U_ZERO_ERROR;
  char buffer[256];
  const int32_t n =
      u_charName(cp, U_UNICODE_CHAR_NAME, buffer, sizeof(buffer), &status);
  if (U_FAILURE(status) || n <= 0) return 0;
  const std::string name(buffer, n);
  static constexpr const char* kDigits[] = {"ZERO",  "ONE",  "TWO", "THREE",
                                            "FOUR",  "FIVE", "SIX", "SEVEN",
                                            "EIGHT", "NINE"};
  // Digits: "... DIGIT ONE" and the enclosed ideographs one to nine.
  for (const char* prefix :
       {" DIGIT ", "CIRCLED IDEOGRAPH ", "PARENTHESIZED IDEOGRAPH "}) {
    const size_t at = name.find(prefix);
    if (at == std::string::npos) continue;
    const std::string rest = name.substr(at + std::strlen(prefix));
    for (int d = 0; d < 10; ++d) {
      if (rest == kDigits[d] && (d > 0 || prefix[0] == ' ')) {
        return static_cast<char>('0' + d);
      }
    }
  }
  // Letters: the name ends in "LETTER X" or "SMALL X"/"CAPITAL X" (the
  // mathematical alphabets), optionally followed by " WITH ..." (a hook, a
  // stroke: ɗ ƈ ʂ ƒ), and is Latin or a styled letter.
  std::string body = name;
  if (const size_t with = body.find(" WITH "); with != std::string::npos) {
    body.resize(with);
  }
  if (body.size() < 3 || body[body.size() - 2] != ' ' || body.back() < 'A' ||
      body.back() > 'Z') {
    return 0;
  }
  const std::string head = body.substr(0, body.size() - 2);
  auto ends_with = [&](const char* suffix) {
    const size_t k = std::strlen(suffix);
    return head.size() >= k && head.compare(head.size() - k, k, suffix) == 0;
  };
  const bool latin = head.find("LATIN") != std::string::npos;
  const bool styled = head.rfind("MATHEMATICAL ", 0) == 0 ||
                      head.find("SQUARED") != std::string::npos ||
                      head.find("CIRCLED") != std::string::npos ||
                      head.find("PARENTHESIZED") != std::string::npos;
  if (!(latin || styled)) return 0;
  if (!(ends_with("LETTER") || ends_with("SMALL CAPITAL") ||
        ends_with("SMALL") || ends_with("CAPITAL"))) {
    return 0;
  }
  // Turned, reversed and other altered letters are other letters.
  for (const char* altered :
       {"TURNED", "REVERSED", "INVERTED", "SIDEWAYS", "ROTATED", "CLOSED",
        "OPEN", "BARRED", "SCRIPT", "DOUBLE", "BROKEN", "TAILLESS", "LONG",
        "DOTLESS", "MIDDLE-WELSH", "INSULAR", "VISIGOTHIC", "OLD"}) {
    if (head.find(altered) != std::string::npos) return 0;
  }
  return static_cast<char>(body.back() - 'A' + 'a');
}

// A single code point s with its combining marks removed, or s.
UnicodeString StripMarks(const UnicodeString& s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  Check(status, "NFD instance");
  UnicodeString decomposed = nfd->normalize(s, status);
  Check(status, "NFD");
  UnicodeString out;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (!IsCombiningDiacritic(c)) out.append(c);
  }
  return out.isEmpty() ? s : out;
}

// Look-alikes, from three sources: the confusable skeletons (UTS #39) closed
// under diacritic stripping (ɦ -> h̔ -> h, τ -> ᴛ -> t), the character
// names (small capitals, negative squared and circled letters and digits,
// mathematical letters, letters with hooks and strokes), and the reviewed
// symbols above. Never a digit to a letter, never CJK. Characters that NFKC
// already folds are the NFKC step's.
std::vector<Entry> Lookalikes() {
  UErrorCode status = U_ZERO_ERROR;
  USpoofChecker* checker = uspoof_open(&status);
  Check(status, "uspoof_open");
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  Check(status, "NFKC instance");
  auto skeleton = [&](const UnicodeString& s) {
    UnicodeString out;
    uspoof_getSkeletonUnicodeString(checker, 0, s, out, &status);
    Check(status, "uspoof_getSkeleton");
    return out;
  };
  std::vector<Entry> out;
  for (UChar32 cp = 0x80; cp <= kMaxCodePoint; ++cp) {
    if (IsSurrogate(cp) || NeverLookalike(cp)) continue;
    if (!nfkc->isNormalized(UnicodeString(cp), status)) continue;
    // Letters with marks that decompose (ü, é) are the diacritic step's:
    // with strip_diacritics off they stay as written.
    if (StripMarks(UnicodeString(cp)) != UnicodeString(cp)) continue;
    const bool digit = u_charType(cp) == U_DECIMAL_DIGIT_NUMBER ||
                       u_charType(cp) == U_OTHER_NUMBER ||
                       u_charType(cp) == U_LETTER_NUMBER;
    char to = 0;
    for (const auto& [symbol, letter] : kSymbolLetters) {
      if (symbol == cp) to = letter;
    }
    if (to == 0) to = LetterFromName(cp);
    if (to == 0 && u_isalpha(cp)) {
      // The skeleton closure: a skeleton of one character is followed to
      // its own skeleton, marks stripped at each step.
      UnicodeString s(cp);
      for (int round = 0; round < 4 && to == 0; ++round) {
        UnicodeString next = StripMarks(skeleton(s));
        if (next.countChar32() != 1) break;
        const UChar32 c = next.char32At(0);
        if (c < 0x80) {
          if (IsAsciiAlnum(c)) to = static_cast<char>(u_tolower(c));
          break;
        }
        if (char named = LetterFromName(c)) {
          to = named;
          break;
        }
        if (next == s) break;
        s = next;
      }
    }
    if (to == 0) continue;
    // A digit never becomes a letter (1 is not l, 0 is not o).
    if (digit && !(to >= '0' && to <= '9')) continue;
    out.push_back({cp, std::string(1, to)});
  }
  uspoof_close(checker);
  return out;
}

// The toneless pinyin of every CJK ideograph of the BMP that ICU's
// Han-Latin transliteration reads (one context-free reading each), in
// lower case, with ü written v (lv, nve): the readings that pinyin rules
// are compiled with.
std::vector<Entry> HanReadings() {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> han_latin(
      icu::Transliterator::createInstance("Han-Latin", UTRANS_FORWARD, status));
  Check(status, "Han-Latin transliterator");
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  Check(status, "NFD instance");
  std::vector<Entry> out;
  for (UChar32 cp = 0x3400; cp <= 0x9FFF; ++cp) {
    if (cp > 0x4DBF && cp < 0x4E00) continue;
    UnicodeString s(cp);
    han_latin->transliterate(s);
    if (s == UnicodeString(cp)) continue;
    UnicodeString decomposed = nfd->normalize(s, status);
    Check(status, "NFD");
    std::string reading;
    bool ok = true;
    for (int32_t i = 0; i < decomposed.length();) {
      const UChar32 c = decomposed.char32At(i);
      i += U16_LENGTH(c);
      if (c == 0x0308) {  // the diaeresis of ü (after NFD): v
        if (reading.empty() || reading.back() != 'u') ok = false;
        if (ok) reading.back() = 'v';
      } else if (IsCombiningDiacritic(c)) {
        continue;  // tone marks
      } else if (c >= 'a' && c <= 'z') {
        reading.push_back(static_cast<char>(c));
      } else if (c >= 'A' && c <= 'Z') {
        reading.push_back(static_cast<char>(c - 'A' + 'a'));
      } else {
        ok = false;
      }
    }
    if (ok && !reading.empty() && reading.size() <= 6) {
      out.push_back({cp, reading});
    }
  }
  return out;
}

// The ideographs of GB 2312 in its code order: the 3755 common characters
// of level 1 (by reading), then the 3008 of level 2 (by radical). Homophone
// classes are drawn from these, common ones first, so that a class holds
// the characters a writer would substitute.
std::vector<UChar32> CommonHan() {
  UErrorCode status = U_ZERO_ERROR;
  UConverter* gb = ucnv_open("GB2312", &status);
  Check(status, "GB2312 converter");
  std::vector<UChar32> out;
  for (int hi = 0xB0; hi <= 0xF7; ++hi) {
    for (int lo = 0xA1; lo <= 0xFE; ++lo) {
      const char bytes[2] = {static_cast<char>(hi), static_cast<char>(lo)};
      UChar u[4];
      status = U_ZERO_ERROR;
      ucnv_reset(gb);
      const int32_t n = ucnv_toUChars(gb, u, 4, bytes, 2, &status);
      if (U_FAILURE(status) || n != 1 || u[0] == 0xFFFD || u[0] == 0x1A) {
        continue;
      }
      if (u[0] >= 0x4E00 && u[0] <= 0x9FFF) out.push_back(u[0]);
    }
  }
  ucnv_close(gb);
  return out;
}

// The strings the mappings point into, each once: kStrings, one byte
// array, so that a mapping holds offsets, not a pointer the loader would
// have to relocate in every process.
class StringPool {
 public:
  // Where `s` starts in the pool (added if new).
  uint32_t Offset(const std::string& s) {
    auto [it, inserted] = offsets_.try_emplace(s, bytes_.size());
    if (inserted) bytes_ += s;
    return it->second;
  }
  void Write(std::ostream& os) const {
    os << "const char kStrings[] =";
    // Sixteen bytes per line, each line its own literal (a string may
    // run over several).
    for (size_t i = 0; i < bytes_.size(); i += 16) {
      os << "\n    " << Literal(bytes_.substr(i, 16));
    }
    if (bytes_.empty()) os << " \"\"";
    os << ";\n\n";
  }

 private:
  std::map<std::string, uint32_t> offsets_;
  std::string bytes_;
};

void WriteMappings(std::ostream& os, const char* name,
                   const std::vector<Entry>& entries, StringPool* pool) {
  os << "const Mapping " << name << "[] = {\n";
  for (const Entry& e : entries) {
    os << "    {0x" << std::hex << e.cp << std::dec << ", "
       << pool->Offset(e.to) << ", " << e.to.size() << "},\n";
  }
  os << "};\nconst size_t " << name << "Size = " << entries.size() << ";\n\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: lexgate_gen_fold_data OUTPUT.cc\n";
    return 2;
  }
  std::ofstream os(argv[1]);
  if (!os) {
    std::cerr << "gen_fold_data: cannot write " << argv[1] << "\n";
    return 1;
  }
  os << "// Generated by lib/normalize/gen_fold_data.cc from ICU "
     << U_ICU_VERSION << ". Do not edit.\n"
     << "#include \"normalize/fold_data.h\"\n\n"
     << "namespace lexgate::internal::fold_data {\n\n";
  StringPool pool;
  WriteMappings(os, "kNfkcCasefold", NfkcCasefold(), &pool);
  auto ignorables = DefaultIgnorables();
  os << "const Range kDefaultIgnorables[] = {\n";
  for (const auto& [first, last] : ignorables) {
    os << "    {0x" << std::hex << first << ", 0x" << last << std::dec
       << "},\n";
  }
  os << "};\nconst size_t kDefaultIgnorablesSize = " << ignorables.size()
     << ";\n\n";
  WriteMappings(os, "kStripDiacritics", StripDiacritics(), &pool);
  WriteMappings(os, "kTraditionalToSimplified", TraditionalToSimplified(),
                &pool);
  WriteMappings(os, "kLookalikes", Lookalikes(), &pool);
  WriteMappings(os, "kHanReadings", HanReadings(), &pool);
  const std::vector<UChar32> common = CommonHan();
  os << "const uint32_t kCommonHan[] = {\n";
  for (size_t i = 0; i < common.size(); ++i) {
    os << (i % 8 == 0 ? "    " : " ") << "0x" << std::hex << common[i]
       << std::dec << "," << (i % 8 == 7 ? "\n" : "");
  }
  os << "\n};\nconst size_t kCommonHanSize = " << common.size() << ";\n\n";
  pool.Write(os);
  os << "const char kIcuVersion[] = \"" << U_ICU_VERSION << "\";\n\n"
     << "}  // namespace lexgate::internal::fold_data\n";
  return os ? 0 : 1;
}
