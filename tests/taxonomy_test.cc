// Tests for Taxonomy (lexgate/taxonomy.h): the shipped taxonomy compiled
// into the library and the checks of Taxonomy::Add().
#include "lexgate/taxonomy.h"

#include <fstream>
#include <iterator>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "lexgate/load_rules.h"
#include "rules/shipped_categories.h"
#include "support/rule_test_util.h"

namespace lexgate {
namespace {

using testing::Codes;
using testing::ExpectRuleError;

// --- the shipped taxonomy ----------------------------------------------------

std::string ReadSourceFile(const std::string& relative) {
  std::ifstream in(std::string(LEXGATE_SOURCE_DIR) + "/" + relative,
                   std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in),
                     std::istreambuf_iterator<char>());
}

// The build embeds rules/categories.toml (lib/rules/embed_categories.cmake):
// the library's copy must be the file byte for byte, which also catches a
// generator that mangles what CMake reads (semicolons, backslashes) and a
// stale build.
TEST(TaxonomyTest, CompiledCopyMatchesRulesCategoriesToml) {
  const std::string file = ReadSourceFile("rules/categories.toml");
  ASSERT_FALSE(file.empty());
  EXPECT_TRUE(file == internal::ShippedCategoriesToml())
      << "the library's copy of rules/categories.toml differs from the file: "
         "rebuild (lib/rules/embed_categories.cmake makes it)";
  EXPECT_EQ(internal::ShippedCategoriesPath(), "rules/categories.toml");
  absl::StatusOr<Taxonomy> parsed =
      ParseTaxonomy(file, "rules/categories.toml");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(Codes(*parsed), Codes(Taxonomy::Shipped()));
}

// GB/T 45654-2025 Appendix A: 5 groups, 31 risks (8 + 9 + 5 + 7 + 2).
TEST(TaxonomyTest, ShippedHasTheGbt45654AppendixARisks) {
  const Taxonomy& taxonomy = Taxonomy::Shipped();
  const int risks[] = {8, 9, 5, 7, 2};
  int total = 0;
  for (int group = 1; group <= 5; ++group) {
    const std::string code = absl::StrCat("A.", group);
    ASSERT_NE(taxonomy.Find(code), nullptr) << code;
    for (int item = 1; item <= risks[group - 1]; ++item) {
      const Category* risk = taxonomy.Find(absl::StrCat(code, ".", item));
      ASSERT_NE(risk, nullptr) << code << "." << item;
      EXPECT_FALSE(risk->zh.empty());
      EXPECT_FALSE(risk->en.empty());
      ++total;
    }
    EXPECT_EQ(taxonomy.Find(absl::StrCat(code, ".", risks[group - 1] + 1)),
              nullptr);
  }
  EXPECT_EQ(total, 31);
  EXPECT_EQ(taxonomy.Find("A.6"), nullptr);
  EXPECT_EQ(taxonomy.Find("A.1.6")->zh, "宣扬暴力、淫秽色情");
  EXPECT_EQ(taxonomy.Find("A.4.6")->en,
            "Infringing others' personal information rights");
  EXPECT_EQ(taxonomy.Find("A.1.1")->location.path, "rules/categories.toml");
  EXPECT_GT(taxonomy.Find("A.1.1")->location.line, 1);
}

TEST(TaxonomyTest, ShippedHasTheOperationalCategories) {
  for (const char* code :
       {"pii", "pii.phone", "pii.id_card", "pii.bank_card", "pii.email",
        "pii.ip", "pii.address", "pii.passport", "secret", "secret.api_key",
        "secret.private_key", "profanity", "spam", "spam.gambling",
        "spam.fraud", "spam.contact"}) {
    const Category* category = Taxonomy::Shipped().Find(code);
    ASSERT_NE(category, nullptr) << code;
    EXPECT_FALSE(category->zh.empty()) << code;
    EXPECT_FALSE(category->en.empty()) << code;
  }
}

TEST(TaxonomyTest, AddChecksCodesNamesAndRedeclarations) {
  Taxonomy taxonomy;
  EXPECT_TRUE(
      taxonomy.Add({"brand.rivals", "竞品", "Rival brands", "", {}}).ok());
  // The same names again: accepted, nothing added.
  EXPECT_TRUE(
      taxonomy.Add({"brand.rivals", "竞品", "Rival brands", "other", {}}).ok());
  EXPECT_EQ(taxonomy.size(), 1u);
  ExpectRuleError(
      taxonomy.Add({"brand.rivals", "对手", "Rivals", "", {"b.toml", 7}}),
      absl::StatusCode::kAlreadyExists, "b.toml", 7, "",
      "category 'brand.rivals' redeclared as '对手' / 'Rivals'");
  for (const char* bad : {"", ".a", "a.", "a..b", "a b", "类别", "a/b"}) {
    EXPECT_EQ(taxonomy.Add({bad, "x", "x", "", {}}).code(),
              absl::StatusCode::kInvalidArgument)
        << "'" << bad << "'";
  }
  for (const char* good : {"A.1.3", "x", "pii.id_card", "secret.api-key"}) {
    EXPECT_TRUE(taxonomy.Add({good, "x", "x", "", {}}).ok()) << good;
  }
  EXPECT_EQ(taxonomy.Add({"c", "", "C", "", {}}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(taxonomy.Add({"c", "丙", "", "", {}}).code(),
            absl::StatusCode::kInvalidArgument);

  Taxonomy other;
  ASSERT_TRUE(other.Add({"extra", "额外", "Extra", "", {}}).ok());
  ASSERT_TRUE(taxonomy.Merge(other).ok());
  ASSERT_NE(taxonomy.Find("extra"), nullptr);
  EXPECT_EQ(taxonomy.Find("missing"), nullptr);
}

}  // namespace
}  // namespace lexgate
