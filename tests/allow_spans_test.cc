// AllowSpans (lib/scan/allow_spans.h): the decided allow matches a deny
// candidate may lie inside. Answers as a walk over every span would, and
// a text with many allow matches and many candidates is decided in time
// linear in its length.
#include "scan/allow_spans.h"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "lexgate/lexgate.h"
#include "support/test_util.h"

namespace lexgate {
namespace {

using internal::AllowSpans;
using internal::Space;

// The reference: every span, walked.
struct Span {
  Space space;
  uint64_t begin, end, orig_begin, orig_end;
};

bool Walked(const std::vector<Span>& spans, Space space, uint64_t begin,
            uint64_t end, uint64_t orig_begin, uint64_t orig_end) {
  for (const Span& a : spans) {
    const bool inside =
        a.space == Space::kFolded && space == Space::kFolded
            ? a.begin <= begin && end <= a.end
            : a.orig_begin <= orig_begin && orig_end <= a.orig_end;
    if (inside) return true;
  }
  return false;
}

TEST(AllowSpansTest, ContainmentWithinAndAcrossSpaces) {
  AllowSpans spans;
  EXPECT_TRUE(spans.empty());
  EXPECT_FALSE(spans.Contain(Space::kFolded, 0, 1, 0, 1));
  // A folded match over folded [10, 20), original [30, 50).
  spans.Add(Space::kFolded, 10, 20, 30, 50);
  EXPECT_FALSE(spans.empty());
  // Folded candidates by folded offsets, whatever their original span.
  EXPECT_TRUE(spans.Contain(Space::kFolded, 10, 20, 0, 100));
  EXPECT_TRUE(spans.Contain(Space::kFolded, 12, 15, 0, 1));
  EXPECT_FALSE(spans.Contain(Space::kFolded, 9, 15, 30, 40));
  EXPECT_FALSE(spans.Contain(Space::kFolded, 12, 21, 30, 40));
  // Raw candidates by original offsets.
  EXPECT_TRUE(spans.Contain(Space::kRaw, 0, 1, 30, 50));
  EXPECT_FALSE(spans.Contain(Space::kRaw, 12, 15, 29, 40));
  // A raw match contains candidates of both spaces by original offsets.
  spans.Add(Space::kRaw, 0, 0, 100, 120);
  EXPECT_TRUE(spans.Contain(Space::kFolded, 0, 1, 100, 110));
  EXPECT_TRUE(spans.Contain(Space::kRaw, 0, 1, 105, 120));
  EXPECT_FALSE(spans.Contain(Space::kRaw, 0, 1, 105, 121));
}

TEST(AllowSpansTest, AnEarlierLongSpanContainsWhatLaterShortOnesDoNot) {
  AllowSpans spans;
  spans.Add(Space::kFolded, 0, 100, 0, 100);
  spans.Add(Space::kFolded, 10, 20, 10, 20);
  spans.Add(Space::kFolded, 30, 40, 30, 40);
  // Starts after the short spans, inside the long one only.
  EXPECT_TRUE(spans.Contain(Space::kFolded, 35, 90, 35, 90));
  EXPECT_FALSE(spans.Contain(Space::kFolded, 35, 101, 35, 101));
  // Added out of order: the long span last.
  AllowSpans late;
  late.Add(Space::kFolded, 30, 40, 30, 40);
  late.Add(Space::kFolded, 10, 20, 10, 20);
  late.Add(Space::kFolded, 0, 100, 0, 100);
  EXPECT_TRUE(late.Contain(Space::kFolded, 35, 90, 35, 90));
  EXPECT_TRUE(late.Contain(Space::kRaw, 0, 0, 35, 90));
}

TEST(AllowSpansTest, ForgettingKeepsTheRawSpansAndTheLaterFoldedOnes) {
  AllowSpans spans;
  spans.Add(Space::kFolded, 0, 100, 0, 100);
  spans.Add(Space::kFolded, 10, 20, 10, 20);
  spans.Add(Space::kRaw, 0, 0, 5, 8);
  spans.ForgetFoldedBefore(50);  // the second one ends before it
  EXPECT_TRUE(spans.Contain(Space::kFolded, 10, 20, 10, 20));  // the first
  spans.ForgetFoldedBefore(101);
  EXPECT_FALSE(spans.Contain(Space::kFolded, 10, 20, 10, 20));
  EXPECT_TRUE(spans.Contain(Space::kFolded, 60, 61, 6, 7));  // the raw one
  spans.Clear();
  EXPECT_TRUE(spans.empty());
}

TEST(AllowSpansTest, AnswersAsAWalkOverEverySpan) {
  std::mt19937 rng(20261203);
  for (int round = 0; round < 300; ++round) {
    AllowSpans spans;
    std::vector<Span> walked;
    const uint64_t length = 8 + rng() % 200;
    for (int op = 0; op < 60; ++op) {
      const auto random_span = [&] {
        const uint64_t b = rng() % length;
        const uint64_t e = b + 1 + rng() % (length - b);
        const uint64_t ob = rng() % length;
        const uint64_t oe = ob + rng() % (length - ob + 1);
        return Span{rng() % 3 == 0 ? Space::kRaw : Space::kFolded, b, e, ob,
                    oe};
      };
      switch (rng() % 8) {
        case 0:
        case 1:
        case 2: {
          const Span s = random_span();
          spans.Add(s.space, s.begin, s.end, s.orig_begin, s.orig_end);
          walked.push_back(s);
          break;
        }
        case 3: {
          const uint64_t folded = rng() % (length + 1);
          spans.ForgetFoldedBefore(folded);
          std::erase_if(walked, [folded](const Span& s) {
            return s.space == Space::kFolded && s.end < folded;
          });
          break;
        }
        default: {
          const Span c = random_span();
          ASSERT_EQ(
              spans.Contain(c.space, c.begin, c.end, c.orig_begin, c.orig_end),
              Walked(walked, c.space, c.begin, c.end, c.orig_begin, c.orig_end))
              << "round " << round << " op " << op;
        }
      }
    }
  }
}

// The case that was quadratic: as many documented test SSNs (allowed) as
// real ones, in one text. Every real one is masked, no test one, in Scan()
// and in a stream alike.
TEST(AllowSpansTest, ManyAllowMatchesBesideManyCandidates) {
  std::shared_ptr<const Engine> engine = testing::CompileOrDie(
      {testing::RegexRule("ssn", R"(\d{3}-\d{2}-\d{4})"),
       testing::KeywordRule("ssn.allow", {"078-05-1120"}, Action::kAllow)});
  ASSERT_NE(engine, nullptr);
  constexpr int kPairs = 30000;
  std::string text;
  for (int i = 0; i < kPairs; ++i) text += "078-05-1120 536-22-1234 ";
  const ScanResult result = testing::Scanned(*engine, text);
  ASSERT_EQ(result.matches.size(), size_t{kPairs});
  for (size_t i = 0; i < result.matches.size(); ++i) {
    ASSERT_EQ(result.matches[i].start, i * 24 + 12);
    ASSERT_EQ(result.matches[i].text, "536-22-1234");
  }
  const std::string redacted = testing::Redacted(*engine, text, result);
  EXPECT_EQ(testing::StreamedOut(*engine, text, 97), redacted + " | mask");
}

}  // namespace
}  // namespace lexgate
