// The letter-variant matcher against Hyperscan: the same hits (expression,
// leftmost start, end) over real and random folded text, whole and fed in
// pieces, for the shipped packs and for rules with unusual spellings.
#include "compile/variant_matcher.h"

#include <hs/hs.h>

#include <algorithm>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "base/utf8.h"
#include "compile/databases.h"
#include "compile/expressions.h"
#include "compile/variants.h"
#include "gtest/gtest.h"
#include "lexgate/lexgate.h"
#include "support/test_util.h"
#include "support/variant_oracle.h"

namespace lexgate {
namespace {

using internal::ExpressionSet;
using internal::ExprKind;
using internal::Space;
using internal::VariantMatcher;

using Hit = testing::VariantHit;
using testing::MatchWhole;

// The folded expressions of `rules`, as an engine builds them.
ExpressionSet FoldedExpressions(const RuleSet& rules,
                                const Normalizer& normalizer) {
  absl::StatusOr<internal::CompiledRules> compiled =
      internal::BuildExpressions(rules, normalizer);
  EXPECT_TRUE(compiled.ok()) << compiled.status();
  if (!compiled.ok()) return {};
  return compiled->sets[static_cast<size_t>(Space::kFolded)];
}

RuleSet Rules(std::vector<Rule> rules) {
  RuleSet set;
  for (Rule& r : rules) EXPECT_TRUE(set.Add(std::move(r)).ok());
  return set;
}

// Text that meets the variants often: keywords of the set spelled with
// substitutes, censoring symbols, repeated and upper-case letters, in
// random context of letters, digits, symbols, spaces and Chinese.
std::string EvasiveText(const std::vector<std::string>& keywords,
                        std::mt19937* rng, size_t words) {
  static const std::string kNoise = "abcdefghijklmnopqrstuvwxyz 0123456789";
  static const std::string kSymbols = "@$!|+(<*#%_?^.-'";
  const internal::LeetTable& leet = internal::BuiltinLeet();
  std::string out;
  for (size_t w = 0; w < words; ++w) {
    const uint32_t pick = (*rng)() % 10;
    if (pick < 6 && !keywords.empty()) {
      const std::string& k = keywords[(*rng)() % keywords.size()];
      for (size_t i = 0; i < k.size(); ++i) {
        const char c = k[i];
        const uint32_t how = (*rng)() % 12;
        auto it = leet.find(c);
        if (how == 0 && it != leet.end()) {
          out += it->second[(*rng)() % it->second.size()];
        } else if (how == 1) {
          out += kSymbols[(*rng)() % 8 + 6];  // a censoring symbol, mostly
        } else if (how == 2) {
          out.append(1 + (*rng)() % 7, c);  // repeated, past the limit too
        } else if (how == 3 && c >= 'a' && c <= 'z') {
          out += static_cast<char>(c - 'a' + 'A');
        } else if (how == 4) {
          continue;  // a letter left out
        } else {
          out += c;
        }
      }
    } else if (pick < 8) {
      for (int n = 1 + (*rng)() % 8; n > 0; --n) {
        out += kNoise[(*rng)() % kNoise.size()];
      }
    } else if (pick < 9) {
      out += kSymbols[(*rng)() % kSymbols.size()];
    } else {
      out += "中文";
    }
    if ((*rng)() % 3 == 0) out += ' ';
  }
  return out;
}

std::vector<std::string> Keywords(const ExpressionSet& set,
                                  const VariantMatcher& matcher) {
  std::vector<std::string> out;
  for (size_t i = 0; i < set.size(); ++i) {
    if (matcher.Handles(static_cast<uint32_t>(i))) {
      out.emplace_back(set.sources[i]);
    }
  }
  return out;
}

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// Every check of the contract over `texts` (already folded).
void ExpectSameAsHyperscan(const ExpressionSet& set,
                           const VariantMatcher& matcher,
                           const std::vector<std::string>& texts,
                           uint32_t seed) {
  const testing::VariantOracle oracle(set, matcher);
  ASSERT_EQ(oracle.error(), "");
  std::mt19937 rng(seed);
  size_t total = 0;
  for (const std::string& text : texts) {
    const std::vector<Hit> want = oracle.Scan(text);
    total += want.size();
    ASSERT_EQ(MatchWhole(matcher, text), want) << text;
    // As a stream learns the text, in pieces of 1 to 6 bytes.
    ASSERT_EQ(
        testing::MatchInPieces(matcher, text, [&rng] { return 1 + rng() % 6; }),
        want)
        << text;
  }
  // The texts must meet the variants, or the comparison proves nothing.
  EXPECT_GT(total, texts.size() / 4);
}

TEST(VariantMatcherTest, ShippedPacksMatchLikeHyperscan) {
  absl::StatusOr<RuleSet> rules =
      LoadRules(std::string(LEXGATE_SOURCE_DIR) + "/rules");
  ASSERT_TRUE(rules.ok()) << rules.status();
  const Normalizer normalizer;
  const ExpressionSet set = FoldedExpressions(*rules, normalizer);
  const VariantMatcher matcher = VariantMatcher::Build(set, normalizer);
  // Every letter-variant expression of the shipped packs is taken.
  size_t variants = 0;
  for (const internal::ExpressionInfo& info : set.info) {
    variants += info.kind == ExprKind::kLetterVariants;
  }
  ASSERT_GT(variants, 300u);
  // All but those longer than the automaton's 64 positions (the repeats of
  // "sons of bitches", 67 letters at most).
  size_t long_ones = 0;
  for (size_t i = 0; i < set.size(); ++i) {
    if (set.info[i].kind != ExprKind::kLetterVariants ||
        matcher.Handles(static_cast<uint32_t>(i))) {
      continue;
    }
    ++long_ones;
    EXPECT_GT(internal::MaxMatchBytes(set.Pattern(i), set.flags[i]).value(),
              64u)
        << set.Pattern(i);
  }
  EXPECT_EQ(matcher.size() + long_ones, variants);
  EXPECT_LE(long_ones, 3u);

  std::mt19937 rng(7);
  std::vector<std::string> texts;
  const std::vector<std::string> keywords = Keywords(set, matcher);
  for (int i = 0; i < 300; ++i) {
    texts.push_back(
        testing::Folded(normalizer, EvasiveText(keywords, &rng, 1 + i % 40)));
  }
  // Real text: the bilingual test corpus, line by line and whole.
  std::string whole;
  for (const std::string& line : testing::ReadTestLines("bilingual.txt")) {
    texts.push_back(testing::Folded(normalizer, line));
    whole += line + "\n";
  }
  texts.push_back(testing::Folded(normalizer, whole));
  ExpectSameAsHyperscan(set, matcher, texts, 11);
}

TEST(VariantMatcherTest, UnusualSpellingsMatchLikeHyperscan) {
  // Keywords with spaces, hyphens and symbols of their own, multi-character
  // substitutes of the rule's own, doubled letters at the ends, long words
  // (repeats past 64 positions stay with Hyperscan), every kind alone.
  std::vector<Rule> list;
  const std::vector<std::vector<Variant>> kinds = {
      {Variant::kLeet},
      {Variant::kWildcard},
      {Variant::kRepeat},
      {Variant::kLeet, Variant::kWildcard, Variant::kRepeat}};
  for (size_t k = 0; k < kinds.size(); ++k) {
    Rule r = testing::KeywordRule(
        "r" + std::to_string(k),
        {"motherfucker", "porch monkey", "fuck-up", "a$$hole", "boobs", "ass",
         "xxx", "kkk", "sassafras", "ssss", "abcdefghijklmnopqrs", "t0t",
         "pneumonoultramicroscopic", "Assless", "ee", "aa4"});
    r.variants = kinds[k];
    // A pack's own substitutes, where the rule asks for leet at all.
    if (std::find(kinds[k].begin(), kinds[k].end(), Variant::kLeet) !=
        kinds[k].end()) {
      r.leet = {{"k", {"|<"}}, {"x", {"><", "%"}}, {"s", {"z", "$$"}}};
    }
    list.push_back(std::move(r));
  }
  const RuleSet rules = Rules(std::move(list));
  const Normalizer normalizer;
  const ExpressionSet set = FoldedExpressions(rules, normalizer);
  const VariantMatcher matcher = VariantMatcher::Build(set, normalizer);
  size_t variants = 0;
  for (const internal::ExpressionInfo& info : set.info) {
    variants += info.kind == ExprKind::kLetterVariants;
  }
  // The long word's repeats need more than 64 positions: Hyperscan's.
  EXPECT_LT(matcher.size(), variants);
  EXPECT_GT(matcher.size(), variants / 2);

  std::mt19937 rng(3);
  std::vector<std::string> keywords = Keywords(set, matcher);
  for (const char* extra : {"|<|<|<", "><><", "$$$$", "zzz", "mothafucka"}) {
    keywords.push_back(extra);
  }
  std::vector<std::string> texts;
  for (int i = 0; i < 400; ++i) {
    texts.push_back(
        testing::Folded(normalizer, EvasiveText(keywords, &rng, 1 + i % 30)));
  }
  ExpectSameAsHyperscan(set, matcher, texts, 5);
}

TEST(VariantMatcherTest, CaselessLikeHyperscan) {
  // The regexes are caseless (a rule's text may be folded without case
  // folding where the fold keeps no lookalike): upper-case bytes meet them
  // as Hyperscan's do, here in text given as it is.
  Rule r = testing::KeywordRule("r", {"shit", "bastard"});
  r.variants = {Variant::kLeet, Variant::kWildcard, Variant::kRepeat};
  const Normalizer normalizer;
  const ExpressionSet set = FoldedExpressions(Rules({r}), normalizer);
  const VariantMatcher matcher = VariantMatcher::Build(set, normalizer);
  ASSERT_EQ(matcher.size(), 6u);
  std::mt19937 rng(9);
  std::vector<std::string> texts = {"SHIT Sh1t S*H*I*T", "BaStArD b4st4rd"};
  for (int i = 0; i < 200; ++i) {
    texts.push_back(EvasiveText({"shit", "bastard", "SHIT"}, &rng, 12));
  }
  ExpectSameAsHyperscan(set, matcher, texts, 13);
}

TEST(VariantMatcherTest, LeavesLookalikesToHyperscan) {
  // With nothing folded, the Kelvin sign and the long s stay in the text,
  // and Hyperscan's caseless UTF-8 matching takes them for k and s: the
  // matcher, which reads ASCII only, takes nothing.
  NormalizeOptions options;
  options.nfkc_casefold = false;
  options.lookalikes = false;
  const Normalizer normalizer(options);
  Rule r = testing::KeywordRule("r", {"suck"});
  r.variants = {Variant::kLeet};
  const ExpressionSet set = FoldedExpressions(Rules({r}), normalizer);
  EXPECT_TRUE(VariantMatcher::Build(set, normalizer).empty());
  // The default fold maps both to ASCII.
  const Normalizer defaults;
  EXPECT_EQ(testing::Folded(defaults, "\u017Fuc\u212A"), "suck");
  EXPECT_FALSE(
      VariantMatcher::Build(FoldedExpressions(Rules({r}), defaults), defaults)
          .empty());
}

TEST(VariantMatcherTest, OnlyTwoLookalikesMeetAsciiLettersInHyperscan) {
  // The matcher reads ASCII bytes only. Hyperscan, caseless in UTF-8 mode,
  // also takes two other characters for ASCII letters, which the matcher
  // refuses to stand in for unless the fold removes them: check over every
  // code point that no other does (this Hyperscan build).
  // The letters as the variant regexes' flags compile them.
  ExpressionSet singles;
  for (char c = 'a'; c <= 'z'; ++c) {
    singles.Add({.rule = 0, .kind = ExprKind::kLetterVariants},
                std::string(1, c), internal::RegexFlags(true), "keyword");
  }
  std::string text;
  std::vector<std::pair<uint64_t, char32_t>> starts;
  for (char32_t c = 0x80; c < 0x110000; ++c) {
    if (c >= 0xD800 && c < 0xE000) continue;
    starts.emplace_back(text.size(), c);
    internal::AppendUtf8(c, &text);
    text += '\n';
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  std::vector<std::string> patterns;
  std::vector<const char*> c_patterns;
  std::vector<unsigned> flags, ids;
  for (size_t i = 0; i < singles.size(); ++i)
    patterns.push_back(singles.Pattern(i));
  for (size_t i = 0; i < patterns.size(); ++i) {
    c_patterns.push_back(patterns[i].c_str());
    flags.push_back(singles.flags[i]);
    ids.push_back(static_cast<unsigned>(i));
  }
  ASSERT_EQ(hs_compile_multi(c_patterns.data(), flags.data(), ids.data(),
                             static_cast<unsigned>(patterns.size()),
                             HS_MODE_BLOCK, nullptr, &db, &error),
            HS_SUCCESS);
  hs_scratch_t* scratch = nullptr;
  ASSERT_EQ(hs_alloc_scratch(db, &scratch), HS_SUCCESS);
  std::vector<uint64_t> ends;
  hs_scan(
      db, text.data(), static_cast<unsigned>(text.size()), 0, scratch,
      [](unsigned, unsigned long long, unsigned long long to, unsigned,
         void* ctx) -> int {
        static_cast<std::vector<uint64_t>*>(ctx)->push_back(to);
        return 0;
      },
      &ends);
  hs_free_scratch(scratch);
  hs_free_database(db);
  std::vector<char32_t> met;
  for (uint64_t end : ends) {
    auto it = std::upper_bound(starts.begin(), starts.end(),
                               std::make_pair(end, char32_t{0}));
    met.push_back(std::prev(it)->second);
  }
  std::sort(met.begin(), met.end());
  met.erase(std::unique(met.begin(), met.end()), met.end());
  EXPECT_EQ(met, (std::vector<char32_t>{0x017F, 0x212A}));
}

TEST(VariantMatcherTest, LeavesWhatItCannotReadToHyperscan) {
  // Only letter-variant expressions, and only the syntax variants.h
  // writes: a keyword's own regex or literal is never taken.
  Rule words = testing::KeywordRule("w", {"shit"});
  words.variants = {};
  Rule regex = testing::RegexRule("x", "sh[i1]t");
  Rule variants = testing::KeywordRule("v", {"shit"});
  variants.variants = {Variant::kLeet};
  const Normalizer normalizer;
  const ExpressionSet set =
      FoldedExpressions(Rules({words, regex, variants}), normalizer);
  const VariantMatcher matcher = VariantMatcher::Build(set, normalizer);
  ASSERT_EQ(set.size(), 3u);
  EXPECT_FALSE(matcher.Handles(0));
  EXPECT_FALSE(matcher.Handles(1));
  EXPECT_TRUE(matcher.Handles(2));
  EXPECT_EQ(matcher.size(), 1u);
}

TEST(VariantMatcherTest, ReadsOnlyTheSyntaxVariantsWrite) {
  // Letter-variant expressions as a forged or future engine might hold
  // them: what the matcher does not read exactly stays with Hyperscan, and
  // nothing crashes (a deep nesting included).
  const std::vector<std::pair<std::string, bool>> patterns = {
      {"sh[i1\\x21]t", true},
      {"(?:f[uv]ck|ph[uv]ck)", true},
      {"f{1,5}u{1,5}c{1,5}k{1,5}", true},
      {"a(?:s|[\\x2a\\x23]){2}", false},  // a quantified group
      {"fu.k", false},
      {"f[^u]ck", false},
      {"fu{0,3}ck", false},      // a repeat that may be absent
      {"fu{70}ck", false},       // past 64 positions
      {"f\\xc3\\xbcck", false},  // not ASCII
      {"fu(?:ck|)", false},      // an empty branch
      {"(?:fuck", false},
      {"fu\\xzzck", false},
      {"ab", false},  // a match of two bytes
      // Begins in 36^3 ways: the filters would be useless.
      {"[abcdefghijklmnopqrstuvwxyz0123456789]{8}", false},
      {std::string(200, '(') + "?:", false},
      {[] {
         std::string deep;
         for (int i = 0; i < 5000; ++i) deep += "(?:";
         deep += "abc";
         for (int i = 0; i < 5000; ++i) deep += ")";
         return deep;
       }(),
       false},
  };
  ExpressionSet set;
  for (const auto& [pattern, taken] : patterns) {
    set.Add({.rule = 0, .kind = ExprKind::kLetterVariants}, pattern,
            internal::RegexFlags(true), "keyword");
  }
  const Normalizer normalizer;
  const VariantMatcher matcher = VariantMatcher::Build(set, normalizer);
  for (size_t i = 0; i < patterns.size(); ++i) {
    EXPECT_EQ(matcher.Handles(static_cast<uint32_t>(i)), patterns[i].second)
        << patterns[i].first.substr(0, 40);
  }
  // What it took matches as Hyperscan does.
  ExpectSameAsHyperscan(set, matcher,
                        {"shit sh1t sh!t fuck phvck ffuucckk", "xshitx"}, 1);
}

TEST(VariantMatcherTest, ReportsEachEndOnceWithItsLeftmostStart) {
  Rule r = testing::KeywordRule("r", {"fuck"});
  r.variants = {Variant::kRepeat};
  const Normalizer normalizer;
  const ExpressionSet set = FoldedExpressions(Rules({r}), normalizer);
  const VariantMatcher matcher = VariantMatcher::Build(set, normalizer);
  ASSERT_EQ(matcher.size(), 1u);
  // f{1,5}u{1,5}c{1,5}k{1,5}: "ffffffuuck" starts at the second f (six
  // are too many), and every k ends a match.
  const std::vector<Hit> hits = MatchWhole(matcher, "ffffffuuckkk");
  EXPECT_EQ(hits, (std::vector<Hit>{{0, 1, 10}, {0, 1, 11}, {0, 1, 12}}));
  // A stream that learns the text a byte at a time reports the same, each
  // end when it arrives.
  VariantMatcher::Cursor cursor;
  std::vector<Hit> streamed;
  const std::string text = "ffffffuuckkk";
  for (size_t n = 1; n <= text.size(); ++n) {
    matcher.Match(std::string_view(text).substr(0, n), 0, n == text.size(),
                  &cursor, [&](uint32_t id, uint64_t from, uint64_t to) {
                    EXPECT_EQ(to, n);
                    streamed.emplace_back(id, from, to);
                  });
  }
  EXPECT_EQ(streamed, hits);
}

}  // namespace
}  // namespace lexgate
