// Tests for RuleSet (lexgate/rule_set.h): the gate every rule passes, and
// the categories a set declares or finds in the shipped taxonomy.
#include "lexgate/rule_set.h"

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lexgate/rule.h"
#include "lexgate/stream.h"
#include "support/rule_test_util.h"

namespace lexgate {
namespace {

using ::testing::ElementsAre;
using testing::ExpectRuleError;
using testing::Ids;
using testing::MakeRule;

TEST(RuleSetTest, AddAndFind) {
  RuleSet rules;
  EXPECT_TRUE(rules.empty());
  ASSERT_TRUE(rules.Add(MakeRule("b")).ok());
  ASSERT_TRUE(rules.Add(MakeRule("a")).ok());
  EXPECT_EQ(rules.size(), 2u);
  EXPECT_THAT(Ids(rules), ElementsAre("b", "a"));  // insertion order kept
  ASSERT_NE(rules.Find("a"), nullptr);
  EXPECT_EQ(rules.Find("a")->id, "a");
  EXPECT_EQ(rules.Find("c"), nullptr);

  // The index survives copies.
  RuleSet copy = rules;
  ASSERT_NE(copy.Find("b"), nullptr);
  EXPECT_EQ(copy.Find("b"), &copy.rules()[0]);
}

TEST(RuleSetTest, RegexOnlyRuleIsAccepted) {
  Rule rule = MakeRule("r");
  rule.keywords.clear();
  rule.regexes.push_back("a+");
  EXPECT_TRUE(RuleSet().Add(rule).ok());
}

TEST(RuleSetTest, DuplicateIdNamesBothLocations) {
  RuleSet rules;
  ASSERT_TRUE(rules.Add(MakeRule("r", "one.toml", 3)).ok());
  absl::Status status = rules.Add(MakeRule("r", "two.toml", 9));
  ExpectRuleError(status, absl::StatusCode::kAlreadyExists, "two.toml", 9, "r",
                  "first defined at one.toml:3");
  EXPECT_EQ(rules.size(), 1u);
}

TEST(RuleSetTest, RejectsEmptyId) {
  ExpectRuleError(RuleSet().Add(MakeRule("", "p.toml", 4)),
                  absl::StatusCode::kInvalidArgument, "p.toml", 4, "",
                  "empty id");
}

TEST(RuleSetTest, RejectsControlCharactersInIds) {
  // Ids are written into line formats (RULE<TAB>TEXT): a tab or a line
  // break would split them. The error shows the id escaped.
  ExpectRuleError(RuleSet().Add(MakeRule("a b\nc", "p.toml", 4)),
                  absl::StatusCode::kInvalidArgument, "p.toml", 4, "a b\\nc",
                  "control character");
  ExpectRuleError(RuleSet().Add(MakeRule("a\tb", "p.toml", 5)),
                  absl::StatusCode::kInvalidArgument, "p.toml", 5, "a\\tb",
                  "control character");
  EXPECT_TRUE(RuleSet().Add(MakeRule("a b.c-d_e", "p.toml", 6)).ok());
  EXPECT_TRUE(RuleSet().Add(MakeRule("规则.一", "p.toml", 7)).ok());
}

TEST(RuleSetTest, RejectsTheStreamOverflowId) {
  // The stream guard reports what it masks past max_hold under this id.
  ExpectRuleError(RuleSet().Add(MakeRule(kStreamOverflowRule, "p.toml", 3)),
                  absl::StatusCode::kInvalidArgument, "p.toml", 3,
                  kStreamOverflowRule, "reserved");
  EXPECT_TRUE(RuleSet().Add(MakeRule("lexgate.stream", "p.toml", 4)).ok());
}

TEST(RuleSetTest, RejectsRuleWithoutKeywordsOrRegexes) {
  Rule rule = MakeRule("r", "p.toml", 4);
  rule.keywords.clear();
  ExpectRuleError(RuleSet().Add(rule), absl::StatusCode::kInvalidArgument,
                  "p.toml", 4, "r", "no keywords and no regex");
}

TEST(RuleSetTest, RejectsSeverityOutOfRange) {
  for (int severity : {0, 6, -1}) {
    Rule rule = MakeRule("r", "p.toml", 4);
    rule.severity = severity;
    ExpectRuleError(RuleSet().Add(rule), absl::StatusCode::kInvalidArgument,
                    "p.toml", 4, "r", "severity");
  }
}

TEST(RuleSetTest, MergeAddsAllAndStopsAtDuplicate) {
  RuleSet a, b, c;
  ASSERT_TRUE(a.Add(MakeRule("x")).ok());
  ASSERT_TRUE(b.Add(MakeRule("y")).ok());
  ASSERT_TRUE(b.Add(MakeRule("z")).ok());
  ASSERT_TRUE(a.Merge(b).ok());
  EXPECT_THAT(Ids(a), ElementsAre("x", "y", "z"));
  ASSERT_NE(a.Find("z"), nullptr);

  ASSERT_TRUE(c.Add(MakeRule("y", "c.toml", 2)).ok());
  EXPECT_EQ(a.Merge(c).code(), absl::StatusCode::kAlreadyExists);
}

TEST(RuleSetTest, CodeBuiltRuleSetsAreCheckedOnRequest) {
  RuleSet rules;
  ASSERT_TRUE(rules.Add(MakeRule("r", "p.toml", 3)).ok());  // category "test"
  ExpectRuleError(rules.CheckCategories(), absl::StatusCode::kNotFound,
                  "p.toml", 3, "r", "unknown category 'test'");
  ASSERT_TRUE(rules.AddCategory({"test", "测试", "Test", "", {}}).ok());
  EXPECT_TRUE(rules.CheckCategories().ok());
  EXPECT_EQ(rules.FindCategory("test")->en, "Test");
  EXPECT_EQ(rules.FindCategory("pii.phone")->zh, "电话号码");
  EXPECT_EQ(rules.FindCategory("nope"), nullptr);
  // A shipped category may be repeated but not renamed; repeating it does
  // not make it a declared one.
  EXPECT_TRUE(
      rules.AddCategory({"pii.phone", "电话号码", "Phone number", "", {}})
          .ok());
  EXPECT_EQ(rules.declared_categories().Find("pii.phone"), nullptr);
  EXPECT_EQ(
      rules.AddCategory({"pii.phone", "手机", "Mobile", "", {"x.toml", 2}})
          .code(),
      absl::StatusCode::kAlreadyExists);
}

}  // namespace
}  // namespace lexgate
