// The fold's fast paths against the slow ones they stand for: the ASCII
// runs (normalize/ascii_run.h) against the per-byte definition, and the
// fold table's shortcuts (the ASCII rule, the identity bitmap of the Basic
// Multilingual Plane) against the folds the table holds.
#include "normalize/fold_table.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "base/utf8.h"
#include "gtest/gtest.h"
#include "lexgate/normalize.h"
#include "normalize/ascii_run.h"
#include "normalize/fold_data.h"

namespace lexgate {
namespace {

using internal::FoldTable;

// Option sets that change what the table holds: the defaults, everything
// off, and each step alone off.
std::vector<NormalizeOptions> OptionSets() {
  std::vector<NormalizeOptions> sets(1);
  NormalizeOptions none;
  for (const NormalizeSwitch& step : NormalizeSwitches()) {
    none.*step.field = false;
    NormalizeOptions o;
    o.*step.field = false;
    sets.push_back(o);
  }
  sets.push_back(none);
  return sets;
}

// The fast path folds ASCII by a rule, not by the table: A-Z to lower case
// and TAB to a space when case folding is on, everything else to itself.
TEST(FoldTableTest, AsciiFollowsTheFastPathRule) {
  for (const NormalizeOptions& options : OptionSets()) {
    const FoldTable table(options);
    EXPECT_EQ(table.folds_ascii(), options.nfkc_casefold);
    for (char32_t c = 0; c < 128; ++c) {
      const bool lowered = table.folds_ascii() && c >= 'A' && c <= 'Z';
      const bool spaced = table.folds_ascii() && c == '\t';
      EXPECT_EQ(table.IsIdentity(c), !lowered && !spaced)
          << static_cast<int>(c);
      if (lowered) {
        EXPECT_EQ(table.Folded(c), std::string(1, static_cast<char>(c + 32)));
      }
      if (spaced) EXPECT_EQ(table.Folded(c), " ");
    }
  }
}

// IsIdentity() answers the Basic Multilingual Plane from a bitmap: it must
// say what folding the character alone does.
TEST(FoldTableTest, IdentityBitmapAgreesWithTheFold) {
  for (const NormalizeOptions& options : OptionSets()) {
    const FoldTable table(options);
    const Normalizer normalizer(options);
    size_t changed = 0;
    for (char32_t cp = 0x80; cp < 0x10000; ++cp) {
      if (cp >= 0xD800 && cp <= 0xDFFF) continue;  // not characters
      std::string utf8;
      internal::AppendUtf8(cp, &utf8);
      const absl::StatusOr<std::string> folded = normalizer.Fold(utf8);
      ASSERT_TRUE(folded.ok());
      ASSERT_EQ(table.IsIdentity(cp), *folded == utf8)
          << std::hex << static_cast<uint32_t>(cp);
      if (!table.IsIdentity(cp)) {
        ASSERT_EQ(table.Folded(cp), *folded)
            << std::hex << static_cast<uint32_t>(cp);
        ++changed;
      }
    }
    // Not a vacuous pass: the defaults change thousands of characters
    // (full-width forms, traditional characters, look-alikes).
    if (options.traditional_to_simplified) EXPECT_GT(changed, 2000u);
  }
}

// The sixteen-byte ASCII paths agree with the per-byte definition on runs
// of every length and alignment, with controls, upper case and non-ASCII
// bytes mixed in.
// IsLookalike() answers from a bitmap below U+10000 and by search above:
// true for exactly the characters of the look-alike table.
TEST(FoldTableTest, IsLookalikeIsTheLookalikeTable) {
  std::set<char32_t> table;
  for (size_t i = 0; i < internal::fold_data::kLookalikesSize; ++i) {
    table.insert(internal::fold_data::kLookalikes[i].cp);
  }
  ASSERT_TRUE(std::any_of(table.begin(), table.end(),
                          [](char32_t c) { return c >= 0x10000; }));
  for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    ASSERT_EQ(internal::FoldTable::IsLookalike(cp), table.count(cp) == 1)
        << std::hex << static_cast<uint32_t>(cp);
  }
}

TEST(AsciiRunTest, MatchesThePerByteDefinition) {
  std::mt19937 rng(17);
  const std::string bytes =
      "abcXYZ019 .,  \t\n\r\x01\x1f\x7f@[`{AZaz\xe4\xb8\xad\x80\xff";
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const size_t length = rng() % 80;
    const bool mostly_ascii = rng() % 4 != 0;
    for (size_t k = 0; k < length; ++k) {
      char c = bytes[rng() % bytes.size()];
      while (mostly_ascii && static_cast<unsigned char>(c) >= 0x80 &&
             rng() % 8 != 0) {
        c = bytes[rng() % bytes.size()];
      }
      text += c;
    }
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    size_t run = 0;
    while (run < text.size() && p[run] < 0x80) ++run;
    ASSERT_EQ(internal::AsciiRunLength(p, text.size()), run) << text;
    for (bool fold : {false, true}) {
      for (bool space_before : {false, true}) {
        std::string out(run, '?');
        const internal::AsciiRunFold seen =
            internal::FoldAsciiRun(p, run, fold, out.data(), space_before);
        bool expected_invisible = false;
        for (size_t k = 0; k < run; ++k) {
          const unsigned char c = p[k];
          expected_invisible |=
              (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
          const char expected =
              static_cast<char>(!fold                  ? c
                                : c >= 'A' && c <= 'Z' ? c - 'A' + 'a'
                                : c == '\t'            ? ' '
                                                       : c);
          ASSERT_EQ(out[k], expected) << text << " at " << k;
        }
        ASSERT_EQ(seen.invisible, expected_invisible) << text;
        const bool doubled = out.find("  ") != std::string::npos ||
                             (space_before && !out.empty() && out[0] == ' ');
        ASSERT_EQ(seen.space_after_space, doubled)
            << text << " (space before: " << space_before << ")";
      }
    }
  }
}

}  // namespace
}  // namespace lexgate
