// Engine::rule_summaries() (lexgate/rule_summary.h): the rule table of a
// compiled engine, also after Serialize() / Deserialize().
#include "lexgate/rule_summary.h"

#include <vector>

#include "gtest/gtest.h"
#include "lexgate/lexgate.h"
#include "support/test_util.h"

namespace lexgate {
namespace {

TEST(RuleSummaryTest, RulesInOrderWithTheirCompiledExpressions) {
  Rule mixed = testing::RegexRule("mixed", R"(top-\d+)");
  mixed.regexes.push_back(R"(tk-\d+)");
  mixed.keywords.push_back({"secret", {}});
  mixed.action = Action::kBlock;
  mixed.severity = 5;
  mixed.category = "secret.token";
  // Two spellings that fold alike compile to one keyword.
  Rule words = testing::KeywordRule("words", {"Globex", "GLOBEX", "initech"},
                                    Action::kFlag);
  words.severity = 1;
  auto engine = testing::CompileOrDie({words, mixed});
  ASSERT_NE(engine, nullptr);

  auto check = [](const std::vector<RuleSummary>& rules) {
    ASSERT_EQ(rules.size(), 2u);
    EXPECT_EQ(rules[0].id, "words");
    EXPECT_EQ(rules[0].category, "test");
    EXPECT_EQ(rules[0].action, Action::kFlag);
    EXPECT_EQ(rules[0].severity, 1);
    EXPECT_EQ(rules[0].keywords, 2u);
    EXPECT_EQ(rules[0].regexes, 0u);
    EXPECT_EQ(rules[1].id, "mixed");
    EXPECT_EQ(rules[1].category, "secret.token");
    EXPECT_EQ(rules[1].action, Action::kBlock);
    EXPECT_EQ(rules[1].keywords, 1u);
    EXPECT_EQ(rules[1].regexes, 2u);
  };
  check(engine->rule_summaries());
  auto restored = Engine::Deserialize(engine->Serialize());
  ASSERT_TRUE(restored.ok()) << restored.status();
  check((*restored)->rule_summaries());
}

}  // namespace
}  // namespace lexgate
