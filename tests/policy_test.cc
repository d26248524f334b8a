// lexgate/policy.h: per-request policies applied to scan results.
#include "lexgate/policy.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lexgate/lexgate.h"
#include "support/test_util.h"

namespace lexgate {
namespace {

using ::lexgate::testing::CompileOrDie;
using ::lexgate::testing::Redacted;
using ::lexgate::testing::Scanned;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Rule Categorised(Rule rule, std::string category, int severity = 3) {
  rule.category = std::move(category);
  rule.severity = severity;
  return rule;
}

// phone (pii.phone, mask, 3), insult (profanity, mask, 2), brand
// (spam.contact, flag, 1), bomb (A.1.4, block, 5).
std::shared_ptr<const Engine> TestEngine() {
  Rule phone = testing::RegexRule("phone", R"(1[3-9]\d{9})", Boundary::kDigit);
  phone.replacement = "[phone]";
  return CompileOrDie({
      Categorised(phone, "pii.phone"),
      Categorised(testing::KeywordRule("insult", {"sb"}), "profanity", 2),
      Categorised(testing::KeywordRule("brand", {"acme"}, Action::kFlag),
                  "spam.contact", 1),
      Categorised(testing::KeywordRule("bomb", {"bomb"}, Action::kBlock),
                  "A.1.4", 5),
  });
}

constexpr char kText[] = "acme: call 13812345678, sb, bomb";

Policy Make(PolicySpec spec, PolicyLimits limits = {}) {
  absl::StatusOr<Policy> policy = Policy::Create(std::move(spec), limits);
  EXPECT_TRUE(policy.ok()) << policy.status();
  return *std::move(policy);
}

std::vector<std::string> Rules(const ScanResult& result) {
  std::vector<std::string> out;
  for (const Match& m : result.matches) {
    out.push_back(m.rule + ":" + std::string(ActionName(m.action)));
  }
  return out;
}

TEST(SelectorTest, SelectsItselfAndCodesBelow) {
  EXPECT_TRUE(SelectorSelects("pii", "pii"));
  EXPECT_TRUE(SelectorSelects("pii", "pii.phone"));
  EXPECT_TRUE(SelectorSelects("pii.cn", "pii.cn.id"));
  EXPECT_FALSE(SelectorSelects("pii", "piiz"));
  EXPECT_FALSE(SelectorSelects("pii.phone", "pii"));
  EXPECT_TRUE(SelectorSelects("*", "anything.at.all"));
}

TEST(PolicyTest, DisableDropsMatchesAndRecomputesTheVerdict) {
  auto engine = TestEngine();
  ScanResult raw = Scanned(*engine, "acme: call 13812345678, sb");
  EXPECT_EQ(raw.verdict, Action::kMask);
  ScanResult applied =
      Make({.name = "t", .disable = {"pii", "profanity"}}).Apply(raw);
  EXPECT_THAT(Rules(applied), ElementsAre("brand:flag"));
  EXPECT_EQ(applied.verdict, Action::kFlag);
}

TEST(PolicyTest, OnlyKeepsTheSelectedCategories) {
  auto engine = TestEngine();
  ScanResult applied =
      Make({.name = "t", .only = {"pii"}})
          .Apply(Scanned(*engine, "acme: call 13812345678, sb"));
  EXPECT_THAT(Rules(applied), ElementsAre("phone:mask"));
}

TEST(PolicyTest, OverridesFlagInsteadOfMaskAndRedactionFollows) {
  auto engine = TestEngine();
  const std::string text = "acme: call 13812345678, sb";
  Policy policy = Make({.name = "t", .actions = {{"pii", Action::kFlag}}});
  ScanResult applied = policy.Apply(Scanned(*engine, text));
  EXPECT_THAT(Rules(applied),
              ElementsAre("brand:flag", "phone:flag", "insult:mask"));
  EXPECT_EQ(Redacted(*engine, text, applied), "acme: call 13812345678, **");
}

TEST(PolicyTest, StrengtheningIsAlwaysApplied) {
  auto engine = TestEngine();
  const std::string text = "acme: call 13812345678";
  PolicyLimits none;
  none.weakenable = {};
  Policy policy =
      Make({.name = "strict", .actions = {{"spam", Action::kMask}}}, none);
  ScanResult applied = policy.Apply(Scanned(*engine, text));
  EXPECT_THAT(Rules(applied), ElementsAre("brand:mask", "phone:mask"));
  EXPECT_EQ(Redacted(*engine, text, applied), "****: call [phone]");
}

TEST(PolicyTest, MostSpecificSelectorWins) {
  auto engine = TestEngine();
  Policy policy = Make({.name = "t",
                        .actions = {{"*", Action::kFlag},
                                    {"pii.phone", Action::kBlock},
                                    {"pii", Action::kMask}}});
  ScanResult applied = policy.Apply(Scanned(*engine, "13812345678 sb"));
  EXPECT_THAT(Rules(applied), ElementsAre("phone:block", "insult:flag"));
  EXPECT_EQ(applied.verdict, Action::kBlock);
}

TEST(PolicyTest, HighSeverityIsProtectedFromWeakening) {
  auto engine = TestEngine();
  Policy policy =
      Make({.name = "t", .disable = {"A"}, .actions = {{"*", Action::kFlag}}});
  ScanResult applied = policy.Apply(Scanned(*engine, kText));
  // bomb has severity 5 > max_severity 4: neither dropped nor lowered.
  EXPECT_THAT(Rules(applied), ElementsAre("brand:flag", "phone:flag",
                                          "insult:flag", "bomb:block"));
  EXPECT_EQ(applied.verdict, Action::kBlock);
}

TEST(PolicyTest, LimitsDecideWhatMayBeWeakened) {
  PolicyLimits limits;
  limits.weakenable = {"profanity", "spam"};
  limits.max_severity = 5;
  absl::StatusOr<Policy> refused =
      Policy::Create({.name = "t", .disable = {"pii"}}, limits);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(refused.status().message(), HasSubstr("'pii'"));
  refused = Policy::Create(
      {.name = "t", .actions = {{"pii.phone", Action::kFlag}}}, limits);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kPermissionDenied);
  // An override to mask may strengthen flag rules: accepted, and it cannot
  // weaken the protected block rule.
  auto engine = TestEngine();
  Policy masking =
      Make({.name = "t", .actions = {{"*", Action::kMask}}}, limits);
  EXPECT_THAT(
      Rules(masking.Apply(Scanned(*engine, kText))),
      ElementsAre("brand:mask", "phone:mask", "insult:mask", "bomb:block"));
  refused = Policy::Create({.name = "t", .disable = {"*"}}, limits);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kPermissionDenied);

  // `only` is accepted, but cannot drop what the limits protect.
  Policy only = Make({.name = "t", .only = {"spam"}}, limits);
  EXPECT_THAT(Rules(only.Apply(Scanned(*engine, kText))),
              ElementsAre("brand:flag", "phone:mask", "bomb:block"));
}

TEST(PolicyTest, StreamOverflowMatchesAreNeverWeakened) {
  Policy policy = Make({.name = "t", .disable = {"*"}});
  EXPECT_EQ(policy.ActionFor(kStreamOverflowRule, kStreamOverflowCategory, 3,
                             Action::kMask),
            Action::kMask);
  EXPECT_EQ(policy.ActionFor("x", "profanity", 3, Action::kMask), std::nullopt);
}

// A stream with a policy decides as Apply() on the whole text: the same
// matches and actions, masked as Redact() masks the applied result, however
// the text arrives. A flag made a mask is held back like any mask.
TEST(PolicyTest, StreamsMaskReleaseAndReportByThePolicy) {
  auto engine = TestEngine();
  const std::string text = "acme: call 13812345678, sb, acme";
  PolicyLimits none;
  none.weakenable = {};
  const std::vector<Policy> policies = {
      Make({.name = "off", .disable = {"pii", "profanity"}}),
      Make({.name = "lenient", .actions = {{"pii", Action::kFlag}}}),
      Make({.name = "strict", .actions = {{"spam", Action::kMask}}}, none),
      Make({.name = "only", .only = {"pii"}}),
  };
  for (const Policy& policy : policies) {
    const ScanResult applied = policy.Apply(Scanned(*engine, text));
    const std::string expected = Redacted(*engine, text, applied);
    for (size_t chunk : {1, 2, 3, 7, 64}) {
      StreamOptions options;
      options.policy = std::make_shared<const Policy>(policy);
      options.batch = 0;
      absl::StatusOr<Stream> stream = engine->OpenStream(options);
      ASSERT_TRUE(stream.ok()) << stream.status();
      std::string out;
      for (size_t i = 0; i < text.size(); i += chunk) {
        out += stream->Feed(text.substr(i, chunk));
        // Released text never shows what the policy masks.
        if (policy.name() == "strict") {
          EXPECT_THAT(out, ::testing::Not(HasSubstr("acme"))) << chunk;
        }
      }
      out += stream->Finish();
      EXPECT_EQ(out, expected) << policy.name() << ", chunk " << chunk;
      ScanResult streamed;
      streamed.matches = stream->matches();
      EXPECT_EQ(Rules(streamed), Rules(applied)) << policy.name();
      EXPECT_EQ(stream->verdict(), applied.verdict) << policy.name();
    }
  }
}

TEST(PolicyTest, StreamsStopOnThePolicysBlocksOnly) {
  auto engine = TestEngine();
  auto open = [&](PolicySpec spec) {
    StreamOptions options;
    options.policy = std::make_shared<const Policy>(Make(std::move(spec)));
    absl::StatusOr<Stream> stream = engine->OpenStream(options);
    EXPECT_TRUE(stream.ok()) << stream.status();
    return *std::move(stream);
  };
  // A mask made a block stops the stream; the number is never released.
  Stream strict =
      open({.name = "strict", .actions = {{"pii", Action::kBlock}}});
  std::string out = strict.Feed("call 13812345678 now, ");
  out += strict.Feed("and more text after it");
  EXPECT_TRUE(strict.blocked());
  EXPECT_EQ(strict.verdict(), Action::kBlock);
  EXPECT_THAT(out, ::testing::Not(HasSubstr("1381234")));
  // A protected block (severity 5) stops it whatever the policy says.
  Stream lenient = open({.name = "lenient", .disable = {"*"}});
  lenient.Feed("how to make a bomb at home");
  lenient.Finish();
  EXPECT_TRUE(lenient.blocked());
}

TEST(PolicyTest, BadSpecsAreRefused) {
  EXPECT_EQ(Policy::Create({}).status().code(),
            absl::StatusCode::kInvalidArgument);
  for (const char* bad : {"", "pii.", ".pii", "pii..x", "pii phone", "p*"}) {
    EXPECT_EQ(Policy::Create({.name = "t", .disable = {bad}}).status().code(),
              absl::StatusCode::kInvalidArgument)
        << bad;
  }
  EXPECT_EQ(Policy::Create({.name = "t", .actions = {{"pii", Action::kAllow}}})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  PolicyLimits limits;
  limits.max_severity = 0;
  EXPECT_EQ(Policy::Create({.name = "t"}, limits).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace lexgate
