// examples/custom-pack/: an operator's own pack with a generated
// 10,000-line keyword file, loaded alone (its GB/T 45654 codes come from the
// built-in taxonomy) and through `lexgate-filter --rules`.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "lexgate/lexgate.h"
#include "support/test_util.h"

namespace lexgate {
namespace {

namespace fs = std::filesystem;

const std::string kPackDir =
    std::string(LEXGATE_SOURCE_DIR) + "/examples/custom-pack";

// A scratch copy of the pack with its generated keyword file.
std::string PreparePack() {
  const fs::path dir = fs::path(::testing::TempDir()) / "lexgate_custom_pack" /
                       std::to_string(static_cast<long>(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy_file(kPackDir + "/custom.toml", dir / "custom.toml");
  const std::string command =
      absl::StrCat("bash '", kPackDir, "/generate-keywords' '",
                   (dir / "keywords.txt").string(), "'");
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  return dir.string();
}

TEST(CustomPackTest, LoadsAloneWithTheBuiltInTaxonomy) {
  const std::string dir = PreparePack();
  absl::StatusOr<RuleSet> rules = LoadRules(dir);
  ASSERT_TRUE(rules.ok()) << rules.status();
  const Rule* generated = rules->Find("custom.a1.generated");
  ASSERT_NE(generated, nullptr);
  EXPECT_EQ(generated->keywords.size(), 10000u);
  EXPECT_EQ(generated->category, "A.1.8");
  EXPECT_EQ(rules->FindCategory("A.1.8")->zh, "其他法律、行政法规禁止的内容");
  // The pack's own category.
  ASSERT_NE(rules->declared_categories().Find("acme.codename"), nullptr);
  EXPECT_EQ(rules->FindCategory("acme.codename")->en,
            "Internal project code names");

  auto engine = Engine::Compile(*rules);
  ASSERT_TRUE(engine.ok()) << engine.status();
  ScanResult result =
      testing::Scanned(**engine, "列表里的占位词04242和placeholder-07321");
  ASSERT_EQ(result.matches.size(), 2u);
  EXPECT_EQ(result.verdict, Action::kBlock);
  EXPECT_EQ(result.matches[0].text, "占位词04242");
  EXPECT_EQ(result.matches[1].category, "A.1.8");
  EXPECT_TRUE(testing::Scanned(**engine, "占位词甲骨文研究").matches.empty());
  EXPECT_TRUE(testing::Scanned(**engine, "这是一句普通的话。").matches.empty());

  // With the shipped packs too.
  absl::StatusOr<RuleSet> both = LoadRules(std::vector<std::string>{
      std::string(LEXGATE_SOURCE_DIR) + "/rules", dir});
  ASSERT_TRUE(both.ok()) << both.status();
  EXPECT_TRUE(Engine::Compile(*both).ok());
  fs::remove_all(dir);
}

// lexgate-filter is built beside the tests (examples/ next to tests/ in the
// build tree) when LEXGATE_BUILD_EXAMPLES is on.
std::string FindFilter() {
  std::error_code error;
  const fs::path exe = fs::read_symlink("/proc/self/exe", error);
  if (error) return "";
  const fs::path filter =
      exe.parent_path().parent_path() / "examples" / "lexgate-filter";
  return fs::is_regular_file(filter, error) ? filter.string() : "";
}

TEST(CustomPackTest, LoadedWithRulesOption) {
  const std::string filter = FindFilter();
  if (filter.empty()) {
    GTEST_SKIP() << "lexgate-filter not built (LEXGATE_BUILD_EXAMPLES=OFF)";
  }
  // Generates the keyword file, runs `lexgate-filter test --rules`, filters
  // sample.txt with --rules and compares with expected.txt.
  const std::string command =
      absl::StrCat("bash '", kPackDir, "/run' '", filter, "'");
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
}

}  // namespace
}  // namespace lexgate
