#include "lexgate/normalize.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "base/utf8.h"
#include "gtest/gtest.h"
#include "normalize/char_class.h"
#include "normalize/fold_kernel.h"
#include "normalize/fold_table.h"
#include "normalize/noise_pass.h"
#include "normalize/options_bits.h"
#include "support/test_util.h"

namespace lexgate {
namespace {

std::string Fold(std::string_view text, NormalizeOptions options = {}) {
  return testing::Folded(Normalizer(options), text);
}

TEST(NormalizeTest, FoldsEachStep) {
  EXPECT_EQ(Fold("ＦＵＣＫ"), "fuck");        // width + case
  EXPECT_EQ(Fold("①②"), "12");                // compatibility
  EXPECT_EQ(Fold("ﬁne"), "fine");             // ligature
  EXPECT_EQ(Fold("a\u00ADb\u200Bc"), "abc");  // soft hyphen, ZWSP
  EXPECT_EQ(Fold("習近平"), "习近平");        // traditional
  EXPECT_EQ(Fold("體"), "体");
  EXPECT_EQ(Fold("fu\u0441k"), "fuck");   // Cyrillic es
  EXPECT_EQ(Fold("\u0430"), "a");         // Cyrillic a
  EXPECT_EQ(Fold("fück"), "fuck");        // precomposed
  EXPECT_EQ(Fold("fu\u0308ck"), "fuck");  // combining diaeresis
  EXPECT_EQ(Fold("Café"), "cafe");
}

TEST(NormalizeTest, DropsNoiseBetweenIdeographs) {
  EXPECT_EQ(Fold("习 近 平"), "习近平");
  EXPECT_EQ(Fold("习*近*平"), "习近平");
  EXPECT_EQ(Fold("习 😀 近平"), "习近平");
  EXPECT_EQ(Fold("习\u3000近平"), "习近平");  // ideographic space
  // Sentence punctuation and long runs stay.
  EXPECT_EQ(Fold("习，近。平"), "习,近。平");
  EXPECT_EQ(Fold("习****近平"), "习****近平");
  EXPECT_EQ(Fold("习 * * 近平"), "习 * * 近平");
  // Noise next to other scripts stays.
  EXPECT_EQ(Fold("习 a 近"), "习 a 近");
}

TEST(NormalizeTest, JoinsSpacedSingleLetters) {
  EXPECT_EQ(Fold("f u c k"), "fuck");
  EXPECT_EQ(Fold("f.u.c.k"), "fuck");
  EXPECT_EQ(Fold("say f-u-c-k now"), "say fuck now");
  EXPECT_EQ(Fold("a b"), "a b");          // two letters are not a word
  EXPECT_EQ(Fold("a, b, c"), "a, b, c");  // sentence punctuation
  EXPECT_EQ(Fold("I am ok"), "i am ok");  // words are not single letters
  EXPECT_EQ(Fold("x . . y . . z"), "x . . y . . z");  // runs over 3
}

// A spaced digit is a link of spaced letters (s h 1 t); a spaced symbol
// is none and ends the chain, because joined it would be read as a
// separator the next time (m@m@s is m, m, s with '@' between) and folding
// again would change the text. A symbol glued to letters is a separator.
TEST(NormalizeTest, SpacedLettersWithLeetFoldOnceAndForAll) {
  EXPECT_EQ(Fold("s h 1 t"), "sh1t");
  EXPECT_EQ(Fold("s h ! t"), "s h ! t");
  EXPECT_EQ(Fold("a $ $"), "a $ $");
  EXPECT_EQ(Fold("m @ m @ s"), "m @ m @ s");
  EXPECT_EQ(Fold("m@m@s"), "mms");
  EXPECT_EQ(Fold("b!tch"), "b!tch");
  // Found by the normalize fuzzer (options: no case folding, no
  // look-alikes, and no dropping of ignorables in the second): invalid
  // bytes and NULs between the links.
  NormalizeOptions o;
  o.nfkc_casefold = false;
  o.lookalikes = false;
  for (const std::string text :
       {std::string("\x89m\x80@\x9cm\x80@\xd0S"),
        std::string(")\xe2\x9d\xff+\xff]$\0@]$\0@\0\0\0h\xe7\xaf@", 22)}) {
    EXPECT_EQ(Fold(Fold(text, o), o), Fold(text, o));
    o.drop_ignorables = false;
    EXPECT_EQ(Fold(Fold(text, o), o), Fold(text, o));
  }
}

// Tabs and the spaces NFKC folds (NBSP, U+3000, em space) are a space, and
// a run of spacing is one space: "kill  yourself" meets "kill yourself".
// The dropped spaces map into the original span.
TEST(NormalizeTest, SpacingFoldsToOneSpace) {
  for (const std::string text :
       {"kill  yourself", "kill\tyourself", "kill \t\u00a0\u3000 yourself",
        "kill\u2003\u2003yourself", "kill \u200b yourself"}) {
    const NormalizedText n = testing::Normalized(Normalizer(), text);
    ASSERT_EQ(n.folded, "kill yourself") << text;
    const auto [b, e] = n.map.ToOriginal(0, n.folded.size());
    EXPECT_EQ(b, 0u) << text;
    EXPECT_EQ(e, text.size()) << text;
  }
  EXPECT_EQ(Fold("  ab   cd \t ef  "), " ab cd ef ");
  // Counted as one noise character: spaced letters and ideographs join.
  EXPECT_EQ(Fold("f    u    c    k"), "fuck");
  EXPECT_EQ(Fold("习      近平"), "习近平");
  NormalizeOptions o;
  o.nfkc_casefold = false;
  EXPECT_EQ(Fold("ab  cd\tef", o), "ab  cd\tef");
}

TEST(NormalizeTest, EverySwitchTurnsItsStepOff) {
  NormalizeOptions o;
  o.nfkc_casefold = false;
  EXPECT_EQ(Fold("ＦＵＣＫ", o), "ＦＵＣＫ");
  o = {};
  o.drop_ignorables = false;
  EXPECT_EQ(Fold("a\u200Bb", o), "a\u200Bb");
  o = {};
  o.traditional_to_simplified = false;
  EXPECT_EQ(Fold("習", o), "習");
  o = {};
  o.lookalikes = false;
  EXPECT_EQ(Fold("\u0441", o), "\u0441");
  o = {};
  o.strip_diacritics = false;
  EXPECT_EQ(Fold("ü", o), "ü");
  o = {};
  o.drop_cjk_noise = false;
  EXPECT_EQ(Fold("习 近", o), "习 近");
  o = {};
  o.join_spaced_letters = false;
  EXPECT_EQ(Fold("f u c k", o), "f u c k");
}

TEST(NormalizeTest, OptionBitsRoundTrip) {
  for (uint32_t bits = 0; bits < 128; ++bits) {
    EXPECT_EQ(internal::OptionBits(internal::OptionsFromBits(bits)), bits);
  }
}

TEST(NormalizeTest, InvalidUtf8BecomesReplacementAndKeepsOffsets) {
  const std::string text =
      "a \xff"
      "c\xe4\xb8";
  NormalizedText n = testing::Normalized(Normalizer(), text);
  EXPECT_EQ(n.folded, "a \uFFFDc\uFFFD\uFFFD");
  // The first U+FFFD (folded bytes 2..5) is original byte 2.
  EXPECT_EQ(n.map.ToOriginal(2, 5), std::make_pair(uint64_t{2}, uint64_t{3}));
  EXPECT_EQ(n.map.ToOriginal(5, 6), std::make_pair(uint64_t{3}, uint64_t{4}));
  EXPECT_EQ(n.map.ToOriginal(6, 12), std::make_pair(uint64_t{4}, uint64_t{6}));
}

// DESIGN §10: invisible characters (controls, U+FFFD, private use,
// noncharacters) are noise between letters and between ideographs.
TEST(NormalizeTest, InvisibleCharactersAreNoiseBetweenLettersAndIdeographs) {
  EXPECT_EQ(Fold(std::string("fu\x00"
                             "ck",
                             5)),
            "fuck");
  EXPECT_EQ(Fold("f\x01"
                 "u\x01"
                 "c\x01"
                 "k"),
            "fuck");
  EXPECT_EQ(Fold("fu\x7f"
                 "ck"),
            "fuck");
  EXPECT_EQ(Fold("fu\u0085ck"), "fuck");
  EXPECT_EQ(Fold("fu\uFFFDck"), "fuck");
  EXPECT_EQ(Fold("fu\xff"
                 "ck"),
            "fuck");                      // an invalid byte
  EXPECT_EQ(Fold("fu\uE000ck"), "fuck");  // private use
  EXPECT_EQ(Fold("fu\uFDD0ck"), "fuck");  // a noncharacter
  EXPECT_EQ(Fold("傻\x01逼"), "傻逼");
  EXPECT_EQ(Fold(std::string("习\x00近平", 10)), "习近平");
  // Kept elsewhere: at the edges, beside spaces, LF/CR untouched (TAB is
  // a space).
  EXPECT_EQ(Fold("\x01"
                 "fuck\x01"),
            "\x01"
            "fuck\x01");
  EXPECT_EQ(Fold("fu \x01"
                 "ck"),
            "fu \x01"
            "ck");
  EXPECT_EQ(Fold("fu\tck"), "fu ck");
  EXPECT_EQ(Fold("fu\nck"), "fu\nck");
  // A long run is not dropped.
  EXPECT_EQ(Fold("fu\x01\x01\x01\x01\x01\x01\x01\x01\x01"
                 "ck"),
            "fu\x01\x01\x01\x01\x01\x01\x01\x01\x01"
            "ck");
}

TEST(NormalizeTest, EmptyInput) {
  NormalizedText n = testing::Normalized(Normalizer(), "");
  EXPECT_EQ(n.folded, "");
  EXPECT_TRUE(n.map.pieces().empty());
}

TEST(NormalizeTest, OffsetsCoverDroppedNoise) {
  const std::string text = "我说习 近 平";
  NormalizedText n = testing::Normalized(Normalizer(), text);
  ASSERT_EQ(n.folded, "我说习近平");
  const size_t begin = n.folded.find("习近平");
  auto [ob, oe] = n.map.ToOriginal(begin, begin + 9);
  EXPECT_EQ(text.substr(ob, oe - ob), "习 近 平");
}

TEST(NormalizeTest, OffsetsOfChangedCharactersCoverThemWhole) {
  const std::string text = "xＦＵＣＫy";
  NormalizedText n = testing::Normalized(Normalizer(), text);
  ASSERT_EQ(n.folded, "xfucky");
  auto [ob, oe] = n.map.ToOriginal(1, 5);
  EXPECT_EQ(text.substr(ob, oe - ob), "ＦＵＣＫ");
}

// Random text from pools that exercise every step of the fold.
std::string RandomText(std::mt19937& rng) {
  static const std::vector<std::string> kPieces = {
      "a",        "B",      "z",
      " ",        ".",      ",",
      "-",        "*",      "1",
      "@",        "$",      "!",
      "|",        "ｆ",     "Ｕ",
      "習",       "习",     "近",
      "平",       "體",     "。",
      "，",       "、",     "😀",
      "👍🏽", "\u200B", "\u200D",
      "\u00AD",   "\uFE0F", "ü",
      "u\u0308",  "\u0441", "Ⓕ",
      "ﬁ",        "①",      "\u3000",
      "\t",       "é",      "ß",
      "İ",        "ǅ",      "\xff",
      "\xe4\xb8", "한",     "の",
      "—",        "…",      "™",
      "㍿",       "ﾊﾟ",     "🏳️‍🌈"};
  std::uniform_int_distribution<size_t> pick(0, kPieces.size() - 1);
  std::uniform_int_distribution<int> length(0, 24);
  std::string out;
  for (int i = length(rng); i > 0; --i) out += kPieces[pick(rng)];
  return out;
}

// Random text that is mostly ideographs: the common block and its edges
// (U+4DBF, U+4DC0..U+4DFF, U+4E00, U+9FFF, U+A000), traditional
// characters, noise between them and UTF-8 cut short, for the fast path
// through runs of unchanged ideographs.
std::string RandomCjkText(std::mt19937& rng) {
  static const std::vector<char32_t> kEdges = {0x3400,
                                               0x4DBF,
                                               0x4DC0,
                                               0x4DFF,
                                               0x4E00,
                                               0x4E01,
                                               0x9FFF,
                                               0xA000,
                                               0x7FD2 /* 習 */,
                                               0x9AD4 /* 體 */,
                                               0x570B /* 國 */,
                                               0x56FD /* 国 */,
                                               0x4E60 /* 习 */,
                                               0x3002 /* 。 */,
                                               0xFF0C /* ， */,
                                               0x3000,
                                               0x200B,
                                               0xF900,
                                               0xFA0A,
                                               0x20000,
                                               'A',
                                               'b',
                                               ' ',
                                               '*',
                                               '1'};
  static const std::vector<std::string> kBroken = {"\xe4\xb8", "\xe9", "\xbf",
                                                   "\xe4\xb7\xbf"};
  std::uniform_int_distribution<int> length(0, 40);
  std::uniform_int_distribution<int> kind(0, 15);
  std::uniform_int_distribution<size_t> edge(0, kEdges.size() - 1);
  std::uniform_int_distribution<size_t> broken(0, kBroken.size() - 1);
  std::uniform_int_distribution<uint32_t> block(0x3400, 0xA0FF);
  std::string out;
  for (int i = length(rng); i > 0; --i) {
    const int k = kind(rng);
    if (k < 9) {
      internal::AppendUtf8(static_cast<char32_t>(block(rng)), &out);
    } else if (k < 15) {
      internal::AppendUtf8(kEdges[edge(rng)], &out);
    } else {
      out += kBroken[broken(rng)];
    }
  }
  return out;
}

// The fold the slow way: every character folded on its own by the table,
// then every noise pass run over the whole text, ungated. The kernel's fast
// paths (ASCII runs, byte-for-byte runs, runs of unchanged ideographs) and
// the gates that skip the noise passes must give the same text.
std::string ReferenceFold(std::string_view text,
                          const NormalizeOptions& options) {
  const std::shared_ptr<const internal::FoldTable> table =
      internal::FoldTable::Get(options);
  std::string folded;
  for (size_t i = 0; i < text.size();) {
    const internal::Decoded d = internal::DecodeUtf8(text, i);
    i += d.length;
    if (!d.valid) {
      internal::AppendUtf8(internal::kReplacementChar, &folded);
    } else if (d.cp < 0x80) {
      const bool upper = d.cp >= 'A' && d.cp <= 'Z';
      folded += static_cast<char>(!table->folds_ascii() ? d.cp
                                  : upper               ? d.cp + 0x20
                                  : d.cp == '\t'        ? ' '
                                                        : d.cp);
    } else if (table->IsIdentity(d.cp)) {
      internal::AppendUtf8(d.cp, &folded);
    } else {
      folded += table->Folded(d.cp);
    }
  }
  if (options.nfkc_casefold) {
    // A run of spacing is one space.
    std::string one_space;
    for (char c : folded) {
      if (c == ' ' && !one_space.empty() && one_space.back() == ' ') continue;
      one_space += c;
    }
    folded = std::move(one_space);
  }
  std::vector<internal::ByteRange> dropped;
  internal::MarkNoise(options, {.invisible = true}, folded, &dropped);
  std::string out;
  size_t at = 0;
  for (const internal::ByteRange& r : dropped) {
    out.append(folded, at, r.first - at);
    at = r.second;
  }
  out.append(folded, at);
  return out;
}

TEST(NormalizePropertyTest, FastPathsFoldAsTheSlowPath) {
  std::mt19937 rng(20261202);
  for (uint32_t bits : {127u, 0u, 31u, 96u, 4u}) {
    const NormalizeOptions options = internal::OptionsFromBits(bits);
    Normalizer normalizer(options);
    for (int i = 0; i < 3000; ++i) {
      const std::string text = i % 2 == 0
                                   ? RandomCjkText(rng)
                                   : RandomText(rng) + RandomCjkText(rng);
      ASSERT_EQ(testing::Folded(normalizer, text), ReferenceFold(text, options))
          << "options " << bits << ", text: " << text;
    }
  }
  for (const std::string& line : testing::ReadTestLines("bilingual.txt")) {
    ASSERT_EQ(testing::Folded(Normalizer(), line),
              ReferenceFold(line, NormalizeOptions()))
        << line;
  }
}

// The two-byte test for the common ideographs agrees with decoding, for
// every character of the Basic Multilingual Plane.
TEST(CharClassTest, CommonIdeographTestAgreesWithDecoding) {
  for (char32_t cp = 0x80; cp < 0x10000; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    std::string utf8;
    internal::AppendUtf8(cp, &utf8);
    const bool common = cp >= 0x4E00 && cp <= 0x9FFF;
    ASSERT_EQ(internal::IsCommonIdeographUtf8(
                  reinterpret_cast<const unsigned char*>(utf8.data())),
              common)
        << std::hex << static_cast<uint32_t>(cp);
    if (common) ASSERT_TRUE(internal::IsIdeograph(cp));
  }
}

TEST(NormalizePropertyTest, FoldIsIdempotentOnRealText) {
  Normalizer normalizer;
  for (const std::string& line : testing::ReadTestLines("bilingual.txt")) {
    const std::string once = testing::Folded(normalizer, line);
    EXPECT_EQ(testing::Folded(normalizer, once), once) << "line: " << line;
  }
}

TEST(NormalizePropertyTest, FoldIsIdempotentOnRandomText) {
  std::mt19937 rng(20261124);
  for (uint32_t bits : {127u, 0u, 31u, 96u}) {
    Normalizer normalizer(internal::OptionsFromBits(bits));
    for (int i = 0; i < 3000; ++i) {
      const std::string text = RandomText(rng);
      const std::string once = testing::Folded(normalizer, text);
      ASSERT_EQ(testing::Folded(normalizer, once), once)
          << "options " << bits << ", text: " << text;
    }
  }
}

// The fold kernel fed a text in pieces (as a stream feeds it, UTF-8
// sequences split anywhere) writes the folded text and the map that one
// whole-text fold writes: the runs of the fast paths (ASCII, unchanged and
// same-length characters) may end at any piece boundary.
TEST(NormalizePropertyTest, KernelInPiecesFoldsAsTheWholeText) {
  std::mt19937 rng(31);
  for (uint32_t bits : {127u, 0u, 31u, 96u}) {
    const NormalizeOptions options = internal::OptionsFromBits(bits);
    const std::shared_ptr<const internal::FoldTable> table =
        internal::FoldTable::Get(options);
    for (int i = 0; i < 1500; ++i) {
      std::string text;
      for (int k = 0; k < 4; ++k) {
        text += k % 2 == 0 ? RandomText(rng) : RandomCjkText(rng);
      }
      internal::FoldKernel whole_kernel(options, *table);
      internal::FoldBuffer whole;
      whole_kernel.Reset(&whole);
      ASSERT_TRUE(whole_kernel.Append(text, /*final=*/true, &whole).ok());

      internal::FoldKernel kernel(options, *table);
      internal::FoldBuffer pieces;
      kernel.Reset(&pieces);
      const size_t max_piece = 1 + rng() % 8;
      for (size_t at = 0; at < text.size();) {
        const size_t n = std::min(text.size() - at, 1 + rng() % max_piece);
        ASSERT_TRUE(kernel
                        .Append(std::string_view(text).substr(at, n),
                                /*final=*/at + n == text.size(), &pieces)
                        .ok());
        at += n;
      }
      if (text.empty()) {
        ASSERT_TRUE(kernel.Append("", /*final=*/true, &pieces).ok());
      }
      ASSERT_EQ(pieces.text, whole.text) << "options " << bits << ": " << text;
      for (uint64_t f = 0; f < whole.text.size(); ++f) {
        ASSERT_EQ(pieces.map.OriginalStart(f), whole.map.OriginalStart(f))
            << "options " << bits << ", folded offset " << f << ": " << text;
      }
      ASSERT_EQ(pieces.map.orig_end(), whole.map.orig_end()) << text;
    }
  }
}

// Every folded code point maps to a span inside the original, spans never
// go backwards, and the whole folded text maps to a span of the original.
TEST(NormalizePropertyTest, OffsetMapIsMonotoneAndInBounds) {
  std::mt19937 rng(7);
  Normalizer normalizer;
  std::vector<std::string> texts = testing::ReadTestLines("bilingual.txt");
  for (int i = 0; i < 3000; ++i) texts.push_back(RandomText(rng));
  for (const std::string& text : texts) {
    NormalizedText n = testing::Normalized(normalizer, text);
    ASSERT_TRUE(n.folded.empty() || !n.map.pieces().empty());
    size_t last_begin = 0;
    for (size_t i = 0; i < n.folded.size();) {
      const size_t len = internal::DecodeUtf8(n.folded, i).length;
      auto [b, e] = n.map.ToOriginal(i, i + len);
      ASSERT_LE(b, e) << text;
      ASSERT_LE(e, text.size()) << text;
      ASSERT_GE(b, last_begin) << text;
      last_begin = b;
      i += len;
    }
  }
}

// A span maps to the start of its first character and the end of its last
// one, however many pieces of the map it crosses (ToOriginal walks a few
// and then searches).
TEST(NormalizePropertyTest, ASpanMapsAsItsFirstAndLastCharacters) {
  std::mt19937 rng(11);
  Normalizer normalizer;
  // Pieces change at every switch between copied and folded characters.
  const std::vector<std::string> parts = {"a", "Ｂ", "中", "，", "ﬃ", " ", "x"};
  for (int i = 0; i < 300; ++i) {
    std::string text;
    for (int n = 0; n < 40; ++n) text += parts[rng() % parts.size()];
    const NormalizedText n = testing::Normalized(normalizer, text);
    std::vector<size_t> starts;  // of the folded code points, and the end
    for (size_t at = 0; at < n.folded.size();
         at += internal::DecodeUtf8(n.folded, at).length) {
      starts.push_back(at);
    }
    starts.push_back(n.folded.size());
    for (size_t b = 0; b + 1 < starts.size(); ++b) {
      for (size_t e = b + 1; e < starts.size(); ++e) {
        const auto span = n.map.ToOriginal(starts[b], starts[e]);
        ASSERT_EQ(span.first, n.map.OriginalStart(starts[b])) << text;
        ASSERT_EQ(span.second,
                  n.map.ToOriginal(starts[e - 1], starts[e]).second)
            << text << " [" << starts[b] << ", " << starts[e] << ")";
      }
    }
  }
}

// ToOriginal() with a hint (the resolver's, for a scan's matches in rising
// order) answers as without one, whatever the hint holds: the piece of the
// last span, one from another text, past the end, or after the span.
TEST(NormalizePropertyTest, AHintedLookupAnswersAsASearch) {
  std::mt19937 rng(13);
  Normalizer normalizer;
  const std::vector<std::string> parts = {"a", "Ｂ", "中", "，",     "ﬃ",
                                          " ", "x",  "國", "\u200b", "ｆ"};
  for (int i = 0; i < 300; ++i) {
    std::string text;
    const int length = 1 + static_cast<int>(rng() % 200);
    for (int n = 0; n < length; ++n) text += parts[rng() % parts.size()];
    const NormalizedText n = testing::Normalized(normalizer, text);
    std::vector<size_t> starts;
    for (size_t at = 0; at < n.folded.size();
         at += internal::DecodeUtf8(n.folded, at).length) {
      starts.push_back(at);
    }
    starts.push_back(n.folded.size());
    if (starts.size() < 2) continue;
    size_t rising = 0;  // kept across spans met in rising order
    for (size_t b = 0; b + 1 < starts.size(); ++b) {
      const size_t e =
          b + 1 + rng() % std::min<size_t>(starts.size() - b - 1, 12);
      const auto expected = n.map.ToOriginal(starts[b], starts[e]);
      ASSERT_EQ(n.map.ToOriginal(starts[b], starts[e], &rising), expected)
          << text;
      ASSERT_LT(rising, n.map.pieces().size());
      // Any other hint: stale, out of range, or ahead of the span.
      size_t any = rng() % (n.map.pieces().size() + 3);
      ASSERT_EQ(n.map.ToOriginal(starts[b], starts[e], &any), expected)
          << text << " hint " << any;
    }
  }
}

// The vectorised gate of the spaced-letter pass agrees with its plain
// definition (three ASCII letters or digits with no ASCII letter or digit
// beside them, at most kMaxLinkBytes apart one after the other, one a
// letter), and it is never false where the pass, run ungated, drops
// something: texts of single letters, digits, leet symbols, spaces, dots,
// multi-byte noise and ideographs, most with chains.
TEST(NormalizePropertyTest, SpacedLetterGateMatchesDefinitionAndPass) {
  auto alnum = [](unsigned char c) { return std::isalnum(c) && c < 0x80; };
  std::mt19937 rng(5);
  const std::vector<std::string> pieces = {"a",
                                           "b",
                                           "Z",
                                           "x",
                                           "9",
                                           "1",
                                           "0",
                                           " ",
                                           " ",
                                           " ",
                                           ".",
                                           ",",
                                           "-",
                                           "@",
                                           "$",
                                           "!",
                                           "\xe4\xb8\xad",
                                           "\xe3\x83\xbb",
                                           "\xf0\x9f\x98\x80",
                                           "\xc2\xb7",
                                           "\xe2\x80\x8b",
                                           "*",
                                           "ab",
                                           "I",
                                           "\x01"};
  size_t gated = 0, dropping = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const size_t length = rng() % 40;
    for (size_t k = 0; k < length; ++k) text += pieces[rng() % pieces.size()];
    std::vector<size_t> links;
    for (size_t k = 0; k < text.size(); ++k) {
      const auto c = static_cast<unsigned char>(text[k]);
      const bool before =
          k > 0 && alnum(static_cast<unsigned char>(text[k - 1]));
      const bool after =
          k + 1 < text.size() && alnum(static_cast<unsigned char>(text[k + 1]));
      if (alnum(c) && !before && !after) links.push_back(k);
    }
    bool expected = false;
    for (size_t k = 2; k < links.size(); ++k) {
      expected |=
          links[k] - links[k - 1] <= internal::kMaxLinkBytes &&
          links[k - 1] - links[k - 2] <= internal::kMaxLinkBytes &&
          (std::isalpha(static_cast<unsigned char>(text[links[k]])) ||
           std::isalpha(static_cast<unsigned char>(text[links[k - 1]])) ||
           std::isalpha(static_cast<unsigned char>(text[links[k - 2]])));
    }
    const bool gate = internal::MayJoinSpacedLetters(text);
    ASSERT_EQ(gate, expected) << text;
    std::vector<internal::ByteRange> dropped;
    internal::MarkSpacedLetters(text, &dropped);
    if (!dropped.empty()) {
      ASSERT_TRUE(gate) << "the pass drops in " << text;
      ++dropping;
    }
    gated += gate;
  }
  // Both sides of the gate were exercised, and it passes over most texts
  // the pass leaves alone.
  EXPECT_GT(dropping, 1000u);
  EXPECT_LT(gated, 20000u * 3 / 4);
}

// What the gate lets through in ordinary text: prose with single words
// "I" and "a", or numbers, skips the pass; spaced letters do not.
TEST(NormalizeTest, SpacedLetterGateSkipsProse) {
  for (const char* prose : {"I think it is a cat, and the dog is a friend.",
                            "it costs a 30% fee in two days, I said",
                            "1 2 3 4 5 6 are digits without a letter near them",
                            "so I went\xe4\xb8\xad\xe6\x96\x87 a way"}) {
    EXPECT_FALSE(internal::MayJoinSpacedLetters(prose)) << prose;
  }
  for (const char* spaced :
       {"f u c k", "s h 1 t", "F.U.C.K", "f  u  c  k", "a 1 2",
        "f\xe3\x83\xbbu\xe3\x83\xbb"
        "c\xe3\x83\xbbk",
        "f\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80u c"}) {
    EXPECT_TRUE(internal::MayJoinSpacedLetters(spaced)) << spaced;
  }
}

TEST(NormalizePropertyTest, FoldedTextIsValidUtf8) {
  std::mt19937 rng(99);
  Normalizer normalizer;
  for (int i = 0; i < 3000; ++i) {
    const std::string folded = testing::Folded(normalizer, RandomText(rng));
    for (size_t k = 0; k < folded.size();) {
      internal::Decoded d = internal::DecodeUtf8(folded, k);
      ASSERT_TRUE(d.valid) << folded;
      k += d.length;
    }
  }
}

}  // namespace
}  // namespace lexgate
