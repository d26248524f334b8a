// Build-time generator: writes the per-code-point fold steps (fold_data.h)
// as C++ arrays, computed with ICU. Running it at build time keeps ICU's
// heavier services (transliteration, spoof checking) out of the library's
// start-up, and makes the fold a pure function of the ICU version.
//
// Usage: lexgate_gen_fold_data OUTPUT.cc
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/uniset.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/uversion.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
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

std::vector<Entry> Lookalikes() {
  UErrorCode status = U_ZERO_ERROR;
  USpoofChecker* checker = uspoof_open(&status);
  Check(status, "uspoof_open");
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  Check(status, "NFKC instance");
  std::vector<Entry> out;
  for (UChar32 cp = 0x80; cp <= kMaxCodePoint; ++cp) {
    if (IsSurrogate(cp) || !u_isalpha(cp)) continue;
    // Compatibility forms (full-width, circled, ...) are the NFKC step's;
    // keeping them out here keeps each NormalizeOptions switch to its own.
    if (!nfkc->isNormalized(UnicodeString(cp), status)) continue;
    UErrorCode script_status = U_ZERO_ERROR;
    if (uscript_getScript(cp, &script_status) == USCRIPT_HAN) continue;
    UnicodeString skeleton;
    uspoof_getSkeletonUnicodeString(checker, 0, UnicodeString(cp), skeleton,
                                    &status);
    Check(status, "uspoof_getSkeleton");
    if (skeleton.length() != 1 || !IsAsciiAlnum(skeleton.charAt(0))) continue;
    UChar32 ascii = u_tolower(skeleton.charAt(0));
    out.push_back({cp, std::string(1, static_cast<char>(ascii))});
  }
  uspoof_close(checker);
  return out;
}

void WriteMappings(std::ostream& os, const char* name,
                   const std::vector<Entry>& entries) {
  os << "const Mapping " << name << "[] = {\n";
  for (const Entry& e : entries) {
    os << "    {0x" << std::hex << e.cp << std::dec << ", " << Literal(e.to)
       << "},\n";
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
  WriteMappings(os, "kNfkcCasefold", NfkcCasefold());
  auto ignorables = DefaultIgnorables();
  os << "const Range kDefaultIgnorables[] = {\n";
  for (const auto& [first, last] : ignorables) {
    os << "    {0x" << std::hex << first << ", 0x" << last << std::dec
       << "},\n";
  }
  os << "};\nconst size_t kDefaultIgnorablesSize = " << ignorables.size()
     << ";\n\n";
  WriteMappings(os, "kStripDiacritics", StripDiacritics());
  WriteMappings(os, "kTraditionalToSimplified", TraditionalToSimplified());
  WriteMappings(os, "kLookalikes", Lookalikes());
  os << "const char kIcuVersion[] = \"" << U_ICU_VERSION << "\";\n\n"
     << "}  // namespace lexgate::internal::fold_data\n";
  return os ? 0 : 1;
}
