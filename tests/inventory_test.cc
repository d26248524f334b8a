// Tests for the keyword inventory (lexgate/inventory.h), the filing form
// (lexgate/filing_form.h), risks in the taxonomy and pack metadata.
#include "lexgate/inventory.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lexgate/filing_form.h"
#include "lexgate/load_rules.h"
#include "lexgate/status.h"
#include "lexgate/taxonomy.h"
#include "support/rule_test_util.h"

namespace lexgate {
namespace {

using ::testing::ElementsAre;
using testing::ExpectRuleError;
using ::testing::HasSubstr;

Inventory Take(const std::string& toml, InventoryThresholds t = {}) {
  absl::StatusOr<RuleSet> rules = ParseRulePack(toml, "p.toml");
  EXPECT_TRUE(rules.ok()) << rules.status();
  if (!rules.ok()) return {};
  InventoryOptions options;
  options.thresholds = t;
  absl::StatusOr<Inventory> inventory = TakeInventory(*rules, options);
  EXPECT_TRUE(inventory.ok()) << inventory.status();
  return inventory.ok() ? *inventory : Inventory{};
}

const InventoryRisk& Risk(const Inventory& inventory, const std::string& code) {
  for (const InventoryRisk& risk : inventory.risks) {
    if (risk.code == code) return risk;
  }
  static const InventoryRisk kMissing;
  ADD_FAILURE() << "no risk " << code;
  return kMissing;
}

// --- risks in the taxonomy ---------------------------------------------------

TEST(RiskTest, ShippedDefaultsFollowTheIssue) {
  const Taxonomy& t = Taxonomy::Shipped();
  EXPECT_EQ(t.RiskOf("pii"), "A.4.6");
  EXPECT_EQ(t.RiskOf("pii.phone"), "A.4.6");
  EXPECT_EQ(t.RiskOf("pii.cn.undeclared"), "A.4.6");  // nearest ancestor
  EXPECT_EQ(t.RiskOf("secret.api_key"), "A.3.3");
  EXPECT_EQ(t.RiskOf("profanity"), "A.4.3");
  EXPECT_EQ(t.RiskOf("profanity.sexual"), "A.1.6");
  EXPECT_EQ(t.RiskOf("spam.gambling"), "A.1.8");
  EXPECT_EQ(t.RiskOf("spam.fraud"), "A.1.7");
  EXPECT_EQ(t.RiskOf("spam.contact"), "A.3.2");
  EXPECT_EQ(t.RiskOf("A.2.4"), "A.2.4");  // an Appendix A code is its own
  EXPECT_EQ(t.RiskOf("A.2"), "A.2");
  EXPECT_EQ(t.RiskOf("A.1.6.gore"), "A.1.6");
  EXPECT_EQ(t.RiskOf("acme.codename"), "");
}

TEST(RiskTest, EveryShippedCategoryRollsUpToAnAppendixARisk) {
  for (const Category& category : Taxonomy::Shipped().categories()) {
    const std::string risk = Taxonomy::Shipped().RiskOf(category.code);
    ASSERT_FALSE(risk.empty()) << category.code;
    EXPECT_NE(Taxonomy::Shipped().Find(risk), nullptr) << category.code;
    if (!IsAppendixACode(category.code)) {
      EXPECT_TRUE(IsAppendixARisk(category.risk))
          << category.code << " needs an explicit risk";
    }
  }
}

TEST(RiskTest, EveryShippedPackHasVersionDateAndRollsUp) {
  absl::StatusOr<RuleSet> rules =
      LoadRules(std::string(LEXGATE_SOURCE_DIR) + "/rules");
  ASSERT_TRUE(rules.ok()) << rules.status();
  ASSERT_EQ(rules->packs().size(), 7u);
  for (const PackInfo& pack : rules->packs()) {
    EXPECT_FALSE(pack.version.empty()) << pack.name;
    EXPECT_EQ(pack.updated.size(), 10u) << pack.name;
    EXPECT_GT(pack.location.line, 0) << pack.name;
  }
  EXPECT_TRUE(rules->CheckRisks().ok());
  for (const Rule& rule : rules->rules()) {
    EXPECT_FALSE(rules->RiskOf(rule.category).empty()) << rule.id;
  }
}

TEST(RiskTest, RiskKeyIsChecked) {
  ExpectRuleError(ParseRulePack("[pack]\nname = \"p\"\n[[category]]\ncode = "
                                "\"x\"\nzh = \"叉\"\nen = \"X\"\nrisk = "
                                "\"A.9.1\"\n",
                                "p.toml")
                      .status(),
                  absl::StatusCode::kInvalidArgument, "p.toml", 3, "",
                  "risk 'A.9.1' is not a GB/T 45654 Appendix A risk code");
  ExpectRuleError(
      ParseRulePack("[pack]\nname = \"p\"\n[[category]]\ncode = "
                    "\"A.1.1\"\nzh = \"煽动颠覆国家政权、推翻社会主义"
                    "制度\"\nen = \"x\"\nrisk = \"A.1.2\"\n",
                    "p.toml")
          .status(),
      absl::StatusCode::kInvalidArgument, "p.toml", 3, "",
      "is an Appendix A code, its own risk");
  // A category of a pack's own without a risk: a load error at its line.
  ExpectRuleError(
      ParseRulePack("[pack]\nname = \"p\"\n\n[[category]]\ncode = "
                    "\"acme.x\"\nzh = \"叉\"\nen = \"X\"\n",
                    "p.toml")
          .status(),
      absl::StatusCode::kFailedPrecondition, "p.toml", 4, "",
      "category 'acme.x' rolls up to no GB/T 45654 Appendix A risk");
  // A declared risk that the taxonomy lacks (A.1.99 is shaped like one).
  ExpectRuleError(ParseRulePack("[pack]\nname = \"p\"\n[[category]]\ncode = "
                                "\"acme.x\"\nzh = \"叉\"\nen = \"X\"\nrisk = "
                                "\"A.1.99\"\n",
                                "p.toml")
                      .status(),
                  absl::StatusCode::kFailedPrecondition, "p.toml", 3, "",
                  "rolls up to 'A.1.99', which is not an Appendix A risk");
  // Nor does a pack that declares A.1.99 itself add an Appendix A risk:
  // Appendix A has its 31 (a made-up one counted none of its terms).
  ExpectRuleError(
      ParseRulePack("[pack]\nname = \"p\"\n[[category]]\ncode = \"A.1.99\"\n"
                    "zh = \"伪造\"\nen = \"Made up\"\n[[category]]\ncode = "
                    "\"acme.x\"\nzh = \"叉\"\nen = \"X\"\nrisk = \"A.1.99\"\n",
                    "p.toml")
          .status(),
      absl::StatusCode::kFailedPrecondition, "p.toml", 3, "",
      "rolls up to 'A.1.99', which is not an Appendix A risk");
}

TEST(RiskTest, PackOverridesAShippedRiskForTheSet) {
  absl::StatusOr<RuleSet> rules = ParseRulePack(
      "[pack]\nname = \"p\"\n[[category]]\ncode = \"profanity\"\n"
      "zh = \"脏话与辱骂\"\nen = \"Profanity and insults\"\nrisk = \"A.4.4\"\n"
      "[[rule]]\nid = \"r\"\ncategory = \"profanity\"\nkeywords = [\"x\"]\n",
      "p.toml");
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_EQ(rules->RiskOf("profanity"), "A.4.4");
  EXPECT_EQ(Taxonomy::Shipped().RiskOf("profanity"), "A.4.3");
  // Two different overrides in one set: an error naming both.
  RuleSet other = *rules;
  Category again = *rules->FindCategory("profanity");
  again.risk = "A.4.1";
  again.location = {"q.toml", 9};
  ExpectRuleError(other.AddCategory(again), absl::StatusCode::kAlreadyExists,
                  "q.toml", 9, "", "redeclared with risk 'A.4.1'");
}

// --- pack metadata -----------------------------------------------------------

TEST(PackInfoTest, VersionAndUpdatedAreParsedAndChecked) {
  for (const char* updated : {"2025-06-01", "\"2025-06-01\""}) {
    absl::StatusOr<RuleSet> rules = ParseRulePack(
        std::string("[pack]\nname = \"p\"\nversion = \"2.1\"\nupdated = ") +
            updated +
            "\n[[rule]]\nid = \"r\"\ncategory = \"pii\"\n"
            "keywords = [\"x\"]\n",
        "p.toml");
    ASSERT_TRUE(rules.ok()) << rules.status();
    ASSERT_EQ(rules->packs().size(), 1u);
    EXPECT_EQ(rules->packs()[0].name, "p");
    EXPECT_EQ(rules->packs()[0].version, "2.1");
    EXPECT_EQ(rules->packs()[0].updated, "2025-06-01");
    EXPECT_EQ(rules->packs()[0].location.path, "p.toml");
    EXPECT_EQ(rules->packs()[0].location.line, 1);
  }
  for (const char* bad : {"\"2025-13-01\"", "\"2025-02-29\"", "\"1.6.2025\"",
                          "\"2025-6-1\"", "20250601", "\"2025-04-31\""}) {
    absl::StatusOr<RuleSet> rules = ParseRulePack(
        std::string("[pack]\nname = \"p\"\nupdated = ") + bad + "\n", "p.toml");
    ASSERT_FALSE(rules.ok()) << bad;
    EXPECT_THAT(StatusMessage(rules.status()), HasSubstr("p.toml:3:")) << bad;
    EXPECT_THAT(StatusMessage(rules.status()), HasSubstr("'updated'")) << bad;
  }
  // Leap day of a leap year is a date.
  EXPECT_TRUE(
      ParseRulePack("[pack]\nname = \"p\"\nupdated = 2024-02-29\n", "p.toml")
          .ok());
  EXPECT_FALSE(
      ParseRulePack("[pack]\nname = \"p\"\nversion = \"\"\n", "p.toml").ok());
}

// --- counting ----------------------------------------------------------------

TEST(InventoryTest, FoldedDuplicatesAreOneTermAndVariantsAreNotCounted) {
  const Inventory inv = Take(R"(
[pack]
name = "p"
version = "1"
updated = 2025-01-02
[[rule]]
id = "a"
category = "profanity"
keywords = ["ＦＵＣＫ", "fuck", "FuCk", "shit"]
variants = ["leet", "repeats"]
[[rule]]
id = "b"
category = "profanity"
keywords = ["fuck", "習近平"]
pinyin = "initials"
[[rule]]
id = "c"
category = "pii.phone"
regexes = ['1[3-9]\d{9}', '1[3-9]\d{9}']
[[rule]]
id = "allow"
category = "profanity"
action = "allow"
keywords = ["not counted"]
)");
  // fuck, shit, 习近平: three terms; leet, repeats and pinyin add none.
  EXPECT_EQ(inv.terms, 3u);
  EXPECT_EQ(inv.regexes, 1u);
  EXPECT_EQ(Risk(inv, "A.4.3").terms, 3u);
  EXPECT_EQ(Risk(inv, "A.4.6").terms, 0u);
  EXPECT_EQ(Risk(inv, "A.4.6").regexes, 1u);
  ASSERT_EQ(inv.packs.size(), 1u);
  EXPECT_EQ(inv.packs[0].terms, 3u);
  EXPECT_EQ(inv.packs[0].regexes, 1u);
  EXPECT_EQ(inv.packs[0].version, "1");
  EXPECT_EQ(inv.packs[0].updated, "2025-01-02");
  ASSERT_EQ(inv.term_list.size(), 3u);
  EXPECT_EQ(inv.term_list[0].keyword, "ＦＵＣＫ");  // as first written
  EXPECT_EQ(inv.term_list[0].folded, "fuck");
  EXPECT_EQ(inv.term_list[2].folded, "习近平");
  EXPECT_EQ(inv.fingerprint.size(), 16u);
}

TEST(InventoryTest, RollsUpCategoriesToRisksAndChecksThresholds) {
  const Inventory inv = Take(R"(
[pack]
name = "p"
[[rule]]
id = "sex"
category = "profanity.sexual"
keywords = ["a1", "a2", "a3"]
[[rule]]
id = "direct"
category = "A.1.6"
keywords = ["a3", "a4"]
[[rule]]
id = "region"
category = "A.2.4"
keywords = ["b1", "b2"]
[[rule]]
id = "gamble"
category = "spam.gambling"
keywords = ["a1"]
)",
                             {5, 4, 2});
  EXPECT_EQ(Risk(inv, "A.1.6").terms, 4u);  // a1..a4, a3 once
  EXPECT_EQ(Risk(inv, "A.1.8").terms, 1u);  // a1 again, under another risk
  EXPECT_EQ(inv.terms, 6u);                 // a1..a4, b1, b2
  EXPECT_EQ(Risk(inv, "A.1.6").threshold, 4u);
  EXPECT_EQ(Risk(inv, "A.1.6").meets, true);
  EXPECT_EQ(Risk(inv, "A.1.8").meets, false);
  EXPECT_EQ(Risk(inv, "A.2.4").threshold, 2u);
  EXPECT_EQ(Risk(inv, "A.2.4").meets, true);
  EXPECT_EQ(Risk(inv, "A.3.1").threshold, std::nullopt);
  EXPECT_EQ(Risk(inv, "A.3.1").meets, std::nullopt);
  EXPECT_FALSE(inv.meets);
  ASSERT_EQ(inv.risks.size(), 31u);
  EXPECT_EQ(inv.risks.front().code, "A.1.1");
  EXPECT_EQ(inv.risks.back().code, "A.5.2");
  EXPECT_EQ(inv.uncovered.size(), 28u);
  EXPECT_EQ(inv.uncovered.front(), "A.1.1");
  ASSERT_EQ(inv.categories.size(), 4u);
  EXPECT_EQ(inv.categories[0].category, "A.1.6");
  EXPECT_EQ(inv.categories[2].category, "profanity.sexual");
  EXPECT_EQ(inv.categories[2].risk, "A.1.6");
  EXPECT_EQ(inv.categories[2].terms, 3u);
}

TEST(InventoryTest, MeetsWhenEveryThresholdIsMet) {
  std::string toml = "[pack]\nname = \"p\"\n";
  for (int group : {1, 2}) {
    for (int item = 1; item <= (group == 1 ? 8 : 9); ++item) {
      toml += "[[rule]]\nid = \"r" + std::to_string(group) + "." +
              std::to_string(item) + "\"\ncategory = \"A." +
              std::to_string(group) + "." + std::to_string(item) +
              "\"\nkeywords = [\"k" + std::to_string(group) + "x" +
              std::to_string(item) + "\"]\n";
    }
  }
  EXPECT_TRUE(Take(toml, {17, 1, 1}).meets);
  EXPECT_FALSE(Take(toml, {18, 1, 1}).meets);
  EXPECT_FALSE(Take(toml, {17, 2, 1}).meets);
}

TEST(InventoryTest, ShippedPacksHaveNoA1ListsAndSayWhichRisksAreUncovered) {
  absl::StatusOr<RuleSet> rules =
      LoadRules(std::string(LEXGATE_SOURCE_DIR) + "/rules");
  ASSERT_TRUE(rules.ok()) << rules.status();
  absl::StatusOr<Inventory> inv = TakeInventory(*rules);
  ASSERT_TRUE(inv.ok()) << inv.status();
  EXPECT_FALSE(inv->meets);
  for (const char* code : {"A.1.1", "A.1.2", "A.1.3", "A.1.4", "A.1.5"}) {
    EXPECT_THAT(inv->uncovered, ::testing::Contains(code));
  }
  EXPECT_GT(Risk(*inv, "A.4.3").terms, 100u);
  EXPECT_GT(Risk(*inv, "A.4.6").regexes, 10u);
  EXPECT_EQ(inv->packs.size(), 7u);
  const std::string json = InventoryJson(*inv);
  EXPECT_THAT(json, HasSubstr("\"type\":\"inventory\""));
  EXPECT_THAT(json, HasSubstr("\"thresholds\":{\"total\":10000,\"A.1\":200,"
                              "\"A.2\":100}"));
  EXPECT_THAT(json, HasSubstr("\"meets\":false}"));
}

TEST(InventoryTest, ACategoryWithoutRiskInACodeBuiltSetIsAnError) {
  RuleSet rules;
  ASSERT_TRUE(
      rules.AddCategory({"acme", "甲", "Acme", "", {"c.toml", 3}}).ok());
  Rule rule;
  rule.id = "r";
  rule.category = "acme";
  rule.keywords = {{"x", {}}};
  ASSERT_TRUE(rules.Add(rule).ok());
  ExpectRuleError(TakeInventory(rules).status(),
                  absl::StatusCode::kFailedPrecondition, "c.toml", 3, "",
                  "rolls up to no GB/T 45654 Appendix A risk");
}

TEST(InventoryTest, DiffListsAddedAndRemovedPerRisk) {
  const Inventory before = Take(
      "[pack]\nname = \"p\"\n[[rule]]\nid = \"r\"\ncategory = \"A.2.4\"\n"
      "keywords = [\"old\", \"Kept\"]\n");
  const Inventory after = Take(
      "[pack]\nname = \"p\"\n[[rule]]\nid = \"r\"\ncategory = \"A.2.4\"\n"
      "keywords = [\"kept\", \"new\"]\n[[rule]]\nid = \"s\"\n"
      "category = \"profanity\"\nkeywords = [\"ＮＥＷ\"]\n");
  const InventoryDiff diff = DiffInventories(before, after);
  ASSERT_EQ(diff.risks.size(), 2u);
  EXPECT_EQ(diff.risks[0].code, "A.2.4");
  EXPECT_THAT(diff.risks[0].added, ElementsAre("new"));
  EXPECT_THAT(diff.risks[0].removed, ElementsAre("old"));
  EXPECT_EQ(diff.risks[1].code, "A.4.3");
  EXPECT_THAT(diff.risks[1].added, ElementsAre("ＮＥＷ"));
  EXPECT_EQ(diff.added, 2u);
  EXPECT_EQ(diff.removed, 1u);
  EXPECT_TRUE(DiffInventories(after, after).risks.empty());
  EXPECT_THAT(InventoryDiffJson(diff),
              HasSubstr("\"added\":2,\"removed\":1,\"risks\":[{\"code\":"
                        "\"A.2.4\""));
}

// --- the filing form ---------------------------------------------------------

TEST(FilingFormTest, CsvRoundTripGivesTheSameCounts) {
  const Inventory inv = Take(R"(
[pack]
name = "p"
[[rule]]
id = "a"
category = "profanity.sexual"
keywords = ["ＦＵＣＫ", "fuck", "a,b", "say \"hi\""]
[[rule]]
id = "b"
category = "A.2.4"
keywords = ["河南人"]
[[rule]]
id = "c"
category = "A.2"
keywords = ["group-level"]
[[rule]]
id = "d"
category = "pii"
keywords = ["身份证号"]
)");
  const std::vector<FilingRow> rows = FilingRows(inv);
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_EQ(rows[0].keyword, "ＦＵＣＫ");
  EXPECT_EQ(rows[0].level1, "包含违反社会主义核心价值观的内容");
  EXPECT_EQ(rows[0].level2, "宣扬暴力、淫秽色情");
  const std::string csv = FilingCsv(rows);
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_THAT(csv, HasSubstr("关键词,一级分类,二级分类\r\n"));
  EXPECT_THAT(csv, HasSubstr("\"a,b\","));
  EXPECT_THAT(csv, HasSubstr("\"say \"\"hi\"\"\","));

  absl::StatusOr<std::vector<FilingRow>> back = ParseFilingCsv(csv, "f.csv");
  ASSERT_TRUE(back.ok()) << back.status();
  ASSERT_EQ(back->size(), rows.size());
  EXPECT_EQ((*back)[3].keyword, "河南人");
  EXPECT_EQ((*back)[5].keyword, "group-level");  // a group: after the risks
  EXPECT_EQ((*back)[5].level1, "包含歧视性内容");
  EXPECT_EQ((*back)[5].level2, "");
  EXPECT_EQ((*back)[0].location.line, 2);
  absl::StatusOr<std::string> toml =
      FilingPackToml(*back, {"imported", "1.0", "2025-01-01", ""});
  ASSERT_TRUE(toml.ok()) << toml.status();
  const Inventory again = Take(*toml);
  for (size_t i = 0; i < inv.risks.size(); ++i) {
    EXPECT_EQ(again.risks[i].code, inv.risks[i].code);
    EXPECT_EQ(again.risks[i].terms, inv.risks[i].terms) << inv.risks[i].code;
  }
  EXPECT_EQ(again.terms, inv.terms);
  EXPECT_EQ(again.packs[0].version, "1.0");
  EXPECT_EQ(again.packs[0].updated, "2025-01-01");
}

// CSV injection: a keyword a spreadsheet would run as a formula is written
// after an apostrophe, and reads back as it was (so does one that starts
// with an apostrophe).
TEST(FilingFormTest, CsvKeywordsNeverStartAFormula) {
  std::vector<FilingRow> rows;
  for (const char* keyword :
       {"=HYPERLINK(\"http://x\",\"y\")", "+SUM(A1)", "-2+3", "@cmd", "\tTAB",
        "'quoted", "''two", "plain", "中文=1"}) {
    rows.push_back({keyword, "包含歧视性内容", "", {}});
  }
  const std::string csv = FilingCsv(rows);
  for (const char* line :
       {"\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",", "'+SUM(A1),", "'-2+3,",
        "'@cmd,", "'\tTAB,", "''quoted,", "'''two,", "\nplain,", "\n中文=1,"}) {
    EXPECT_THAT(csv, HasSubstr(line));
  }
  absl::StatusOr<std::vector<FilingRow>> back = ParseFilingCsv(csv, "f.csv");
  ASSERT_TRUE(back.ok()) << back.status();
  ASSERT_EQ(back->size(), rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ((*back)[i].keyword, rows[i].keyword);
  }
}

TEST(FilingFormTest, BadFormsFailWithTheirLine) {
  const std::string header = "关键词,一级分类,二级分类\n";
  ExpectRuleError(ParseFilingCsv("keyword,a,b\n", "f.csv").status(),
                  absl::StatusCode::kInvalidArgument, "f.csv", 1, "",
                  "not the filing form");
  ExpectRuleError(ParseFilingCsv(header + "x,y\n", "f.csv").status(),
                  absl::StatusCode::kInvalidArgument, "f.csv", 2, "",
                  "a row has 2 cells, not 3");
  ExpectRuleError(ParseFilingCsv(header + "ok,,\n\"open,,\n", "f.csv").status(),
                  absl::StatusCode::kInvalidArgument, "f.csv", 3, "",
                  "a quoted cell is not closed");
  ExpectRuleError(ParseFilingCsv(header + "\xC4\xE3,,\n", "f.csv").status(),
                  absl::StatusCode::kInvalidArgument, "f.csv", 2, "",
                  "not UTF-8");
  // Blank rows are skipped; an empty keyword is an error of the row.
  absl::StatusOr<std::vector<FilingRow>> rows =
      ParseFilingCsv(header + ",,\n\n,包含歧视性内容,地域歧视内容\n", "f.csv");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 1u);
  ExpectRuleError(FilingPackToml(*rows, {"p", "", "", ""}).status(),
                  absl::StatusCode::kInvalidArgument, "f.csv", 4, "",
                  "row has no keyword");
  auto import = [](const std::string& l1, const std::string& l2) {
    return FilingPackToml({{"词", l1, l2, {"f.csv", 7}}}, {"p", "", "", ""});
  };
  ExpectRuleError(import("包含歧视性内容", "地域黑").status(),
                  absl::StatusCode::kInvalidArgument, "f.csv", 7, "",
                  "names no risk of GB/T 45654 Appendix A");
  ExpectRuleError(import("商业违法违规", "地域歧视内容").status(),
                  absl::StatusCode::kInvalidArgument, "f.csv", 7, "",
                  "(A.2.4) is not in 一级分类");
  ExpectRuleError(import("", "").status(), absl::StatusCode::kInvalidArgument,
                  "f.csv", 7, "", "neither 一级分类 nor 二级分类");
  // Codes, English names and "code name" are read too.
  for (const char* l2 :
       {"A.2.4", "Regional discrimination", "A.2.4 地域歧视内容"}) {
    absl::StatusOr<std::string> toml = import("", l2);
    ASSERT_TRUE(toml.ok()) << l2 << ": " << toml.status();
    EXPECT_THAT(*toml, HasSubstr("category = \"A.2.4\"")) << l2;
  }
  EXPECT_FALSE(FilingPackToml({}, {"p", "", "", ""}).ok());
  ExpectRuleError(
      FilingPackToml({{"词", "", "A.2.4", {}}}, {"p", "", "2025-02-30", ""})
          .status(),
      absl::StatusCode::kInvalidArgument, "p.toml", 6, "", "'updated'");
}

}  // namespace
}  // namespace lexgate
