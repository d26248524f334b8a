// Late starts (lib/compile/late_starts.h, lib/scan/late_start_scan.h): the
// fast path, unbounded regexes scanned without start-of-match and their
// starts found in the run around each end, must find exactly what the slow
// path finds, every regex with Hyperscan's start-of-match, in batch scans
// and in streams.
#include "compile/late_starts.h"

#include <hs/hs.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "compile/databases.h"
#include "compile/expressions.h"
#include "gtest/gtest.h"
#include "lexgate/lexgate.h"
#include "support/engine_blob.h"
#include "support/test_util.h"

namespace lexgate {
namespace {

using internal::ExpressionSet;

// The shipped packs, compiled with late starts off: the slow path.
std::shared_ptr<const Engine> ShippedEngineWithoutLateStarts() {
  static const std::shared_ptr<const Engine> engine = [] {
    absl::StatusOr<RuleSet> rules =
        LoadRules(std::string(LEXGATE_SOURCE_DIR) + "/rules");
    EXPECT_TRUE(rules.ok()) << rules.status();
    internal::SetLateStartsForTesting(false);
    absl::StatusOr<std::shared_ptr<const Engine>> compiled =
        Engine::Compile(rules.ok() ? *rules : RuleSet());
    internal::SetLateStartsForTesting(true);
    EXPECT_TRUE(compiled.ok()) << compiled.status();
    return compiled.ok() ? *compiled : nullptr;
  }();
  return engine;
}

std::string Describe(const ScanResult& result) {
  std::string out = std::string(ActionName(result.verdict)) + ": ";
  for (const Match& m : result.matches) {
    out += m.rule + "@" + std::to_string(m.start) + "-" +
           std::to_string(m.end) + "[" + m.text + "] ";
  }
  return out;
}

TEST(LateStartsTest, ChoosesUnboundedRegexesWhoseRunsEndAtWords) {
  ExpressionSet set;
  const unsigned flags = internal::RegexFlags(/*normalize=*/true);
  auto add = [&](const char* regex, internal::ExprKind kind,
                 unsigned extra = 0) {
    set.Add({0, kind, 0, internal::kOwnTerms}, regex, flags | extra, regex);
  };
  add("[a-z0-9]+@[a-z]+\\.com", internal::ExprKind::kRegex);  // chosen
  add("[a-z]{2}\\d{2}", internal::ExprKind::kRegex);          // bounded
  add("sk-.+", internal::ExprKind::kRegex, HS_FLAG_DOTALL);   // any character
  add("[a-z ]+\\.com", internal::ExprKind::kRegex);           // a space
  add("^[a-z]+", internal::ExprKind::kRegex);                 // text start
  add("[a-z]+x", internal::ExprKind::kLetterVariants);        // not a regex
  internal::ChooseLateStarts(&set);
  EXPECT_EQ(set.flags[0] & HS_FLAG_SOM_LEFTMOST, 0u);
  for (size_t i = 1; i < set.size(); ++i) {
    EXPECT_NE(set.flags[i] & HS_FLAG_SOM_LEFTMOST, 0u) << i;
  }
  absl::StatusOr<internal::LateStarts> late = internal::DeriveLateStarts(set);
  ASSERT_TRUE(late.ok()) << late.status();
  EXPECT_EQ(late->ids, std::vector<uint32_t>{0});
  EXPECT_EQ(late->alphabets.Of('@'), 1u);
  EXPECT_EQ(late->alphabets.Of(' '), 0u);

  // A set no compile could have made (a damaged or forged engine): a
  // bounded regex without start-of-match is refused, not scanned wrongly.
  set.flags[1] &= ~HS_FLAG_SOM_LEFTMOST;
  absl::StatusOr<internal::LateStarts> forged = internal::DeriveLateStarts(set);
  ASSERT_FALSE(forged.ok());
  EXPECT_EQ(forged.status().code(), absl::StatusCode::kDataLoss);
}

// The tails of the shipped e-mail and domain regexes find every end the
// whole regexes find, and the run scan of FindLateStarts() keeps only real
// matches of where a tail alone matched.
TEST(LateStartsTest, TailsFindWhatTheWholeRegexesFind) {
  const std::shared_ptr<const Engine> fast = testing::ShippedEngine();
  const std::shared_ptr<const Engine> slow = ShippedEngineWithoutLateStarts();
  // Texts where the tail matches but the regex does not: a decorator, a
  // bare @, a domain without a name.
  for (const char* text :
       {"@app.route('/x')", "use @example.com here", "x @b.cn", ".com",
        "a-@b.cn", "._@b.cn", "ok@b.cn and @c.de"}) {
    EXPECT_EQ(Describe(testing::Scanned(*fast, text)),
              Describe(testing::Scanned(*slow, text)))
        << text;
  }
  EXPECT_EQ(Describe(testing::Scanned(*fast, "@app.route('/x')")), "allow: ");
}

TEST(LateStartsTest, TheShippedPacksFindStartsLate) {
  // The folded late-start database is stored (the 4th database slot): the
  // shipped e-mail, domain, URL and key regexes take the fast path.
  const std::string blob = testing::ShippedEngine()->Serialize();
  const std::vector<std::string_view> databases =
      testing::EngineDatabases(blob);
  ASSERT_EQ(databases.size(), 5u);
  EXPECT_GT(databases[3].size(), 0u);
  // And a loaded engine scans as the compiled one.
  absl::StatusOr<std::shared_ptr<const Engine>> loaded =
      Engine::Deserialize(blob);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  const std::string text =
      "mail bob.smith+tag@example.co.uk or see https://例子.测试/路径?q=1 and "
      "www.baidu.com, key sk-abcdefghijklmnopqrstuvwxyz0123";
  EXPECT_EQ(Describe(testing::Scanned(**loaded, text)),
            Describe(testing::Scanned(*testing::ShippedEngine(), text)));
}

// Texts around the shipped late-start regexes: runs that touch the text's
// ends, multi-byte neighbours, several matches in one run, matches of two
// late regexes in one run, word boundaries, folding (full-width, case).
const std::vector<std::string>& Pieces() {
  static const std::vector<std::string> pieces = {
      "bob@example.com",
      "a.b.c.example.org",
      "x@y.cn",
      "www.baidu.com",
      "mail.google.com",
      "https://example.com/a_(b)",
      "http://例子.测试/路",
      "ftp://ftp.debian.org/x",
      "ｂｏｂ＠ＥＸＡＭＰＬＥ．ＣＯＭ",
      "BOB@Example.COM",
      "sk-abcdefghijklmnopqrstuvwxyz0123",
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjF9.abc",
      "-",
      ".",
      "@",
      " ",
      "，",
      "中",
      "文",
      "x",
      "7",
      "_",
      "(",
      ")",
      "\n",
      "foo.com.bar.net",
      "1.2.3.4",
      "v2.0.1",
      "gov.cn",
      "a..com",
      "@app.route",
      "@b.cn",
      "\xE2\x80\x8B"};
  return pieces;
}

// Should Hyperscan refuse a tail, the database is compiled from the regexes
// as written (CompileDatabase()): the engine compiles all the same, with
// the whole regexes in its folded block and stream databases, and finds
// what the engine with tails finds, in batch scans and in streams.
TEST(LateStartsTest, ARefusedTailFallsBackToTheRegexAsWritten) {
  absl::StatusOr<RuleSet> rules =
      LoadRules(std::string(LEXGATE_SOURCE_DIR) + "/rules");
  ASSERT_TRUE(rules.ok()) << rules.status();
  internal::SetRefuseTailsForTesting(true);
  absl::StatusOr<std::shared_ptr<const Engine>> compiled =
      Engine::Compile(*rules);
  internal::SetRefuseTailsForTesting(false);
  ASSERT_TRUE(compiled.ok()) << compiled.status();
  const Engine& untailed = **compiled;
  const std::shared_ptr<const Engine> tailed = testing::ShippedEngine();

  // The fallback ran: the databases that held tails differ (compared by
  // equality: a failure would print whole databases), the others do not.
  const std::string untailed_blob = untailed.Serialize();
  const std::string tailed_blob = tailed->Serialize();
  const std::vector<std::string_view> without =
      testing::EngineDatabases(untailed_blob);
  const std::vector<std::string_view> with =
      testing::EngineDatabases(tailed_blob);
  ASSERT_EQ(without.size(), with.size());
  std::string differing;
  for (size_t i = 0; i < with.size(); ++i) {
    if (without[i] != with[i]) differing += std::to_string(i) + " ";
  }
  // The folded block database (its late-start regexes as tails) and the
  // stream database (its end detectors); not the raw one or the late-start
  // databases, which have no tails.
  EXPECT_EQ(differing, "0 2 ");

  std::mt19937 rng(11);
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const int n = 1 + static_cast<int>(rng() % 12);
    for (int i = 0; i < n; ++i) text += Pieces()[rng() % Pieces().size()];
    ASSERT_EQ(Describe(testing::Scanned(untailed, text)),
              Describe(testing::Scanned(*tailed, text)))
        << "text: " << text;
    if (round % 5 == 0) {
      ASSERT_EQ(testing::StreamedOut(untailed, text),
                testing::StreamedOut(*tailed, text))
          << "text: " << text;
    }
  }
}

TEST(LateStartsTest, FastPathEqualsSlowPathOnRandomTexts) {
  const std::shared_ptr<const Engine> fast = testing::ShippedEngine();
  const std::shared_ptr<const Engine> slow = ShippedEngineWithoutLateStarts();
  ASSERT_NE(fast, nullptr);
  ASSERT_NE(slow, nullptr);
  std::mt19937 rng(7);
  for (int round = 0; round < 1500; ++round) {
    std::string text;
    const int n = 1 + static_cast<int>(rng() % 12);
    for (int i = 0; i < n; ++i) text += Pieces()[rng() % Pieces().size()];
    const ScanResult want = testing::Scanned(*slow, text);
    ASSERT_EQ(Describe(testing::Scanned(*fast, text)), Describe(want))
        << "text: " << text;
    if (round % 10 == 0) {
      ASSERT_EQ(testing::StreamedOut(*fast, text),
                testing::StreamedOut(*slow, text))
          << "text: " << text;
    }
  }
}

TEST(LateStartsTest, WordBoundariesSeeTheCharacterBeforeTheRun) {
  // \b at a run's edge looks at the character outside it: "_" is a word
  // character outside the alphabet, so "_ab@x.com" has no match at "ab".
  // Two engines over the same rules (one raw, unfolded): fast and slow.
  auto rules = [] {
    Rule mail =
        testing::RegexRule("mail", "\\b[a-z0-9]+@x\\.com\\b", Boundary::kNone);
    Rule raw = testing::RegexRule("raw", "\\b[a-z0-9]+\\.zz", Boundary::kNone);
    raw.normalize = false;
    return std::vector<Rule>{mail, raw};
  };
  const std::shared_ptr<const Engine> fast = testing::CompileOrDie(rules());
  internal::SetLateStartsForTesting(false);
  const std::shared_ptr<const Engine> slow = testing::CompileOrDie(rules());
  internal::SetLateStartsForTesting(true);
  ASSERT_NE(fast, nullptr);
  ASSERT_NE(slow, nullptr);
  const std::vector<std::string> pieces = {
      "ab@x.com", "é", "_", "中", " ", "a", "b.zz", "@", ".", "x.com", "ÿ1"};
  std::mt19937 rng(3);
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const int n = 1 + static_cast<int>(rng() % 8);
    for (int i = 0; i < n; ++i) text += pieces[rng() % pieces.size()];
    ASSERT_EQ(Describe(testing::Scanned(*fast, text)),
              Describe(testing::Scanned(*slow, text)))
        << "text: " << text;
  }
  EXPECT_EQ(Describe(testing::Scanned(*fast, "_ab@x.com")), "allow: ");
  EXPECT_EQ(Describe(testing::Scanned(*fast, " ab@x.com")),
            "mask: mail@1-9[ab@x.com] ");
}

TEST(LateStartsTest, FastPathEqualsSlowPathOnLongRuns) {
  // One run of the domain alphabet many kilobytes long with ends all over
  // it, and a text that is one run from its first byte to its last.
  const std::shared_ptr<const Engine> fast = testing::ShippedEngine();
  const std::shared_ptr<const Engine> slow = ShippedEngineWithoutLateStarts();
  ASSERT_NE(fast, nullptr);
  ASSERT_NE(slow, nullptr);
  std::string run;
  for (int i = 0; run.size() < 20000; ++i) {
    run += i % 7 == 0 ? "a-b.com." : (i % 5 == 0 ? "x@y." : "abc.");
  }
  for (const std::string& text :
       {run, "start " + run + " end", "中" + run + "。", run + "com"}) {
    EXPECT_EQ(Describe(testing::Scanned(*fast, text)),
              Describe(testing::Scanned(*slow, text)));
  }
}

}  // namespace
}  // namespace lexgate
