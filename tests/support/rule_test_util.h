// Helpers shared by the tests of the rules side (rule, rule_error, rule_set,
// taxonomy, load_rules): scratch pack files, rule builders and the check of
// a rule error's message and payload.
#ifndef LEXGATE_TESTS_SUPPORT_RULE_TEST_UTIL_H_
#define LEXGATE_TESTS_SUPPORT_RULE_TEST_UTIL_H_

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lexgate/rule.h"
#include "lexgate/rule_error.h"
#include "lexgate/rule_set.h"
#include "lexgate/status.h"
#include "lexgate/taxonomy.h"

namespace lexgate::testing {

// A fresh, empty directory for one test. Every test process gets its own
// `name`, so that tests may run in parallel.
inline std::string MakeTestDir(const std::string& name) {
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) / "lexgate_rules_test" / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

// Writes `contents` to dir/name (creating subdirectories) and returns the
// path.
inline std::string WriteFile(const std::string& dir, const std::string& name,
                             const std::string& contents) {
  const std::string path = (std::filesystem::path(dir) / name).string();
  std::filesystem::create_directories(
      std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

inline std::vector<std::string> Ids(const RuleSet& rules) {
  std::vector<std::string> ids;
  for (const Rule& rule : rules.rules()) ids.push_back(rule.id);
  return ids;
}

inline std::vector<std::string> Texts(const std::vector<Keyword>& keywords) {
  std::vector<std::string> texts;
  for (const Keyword& keyword : keywords) texts.push_back(keyword.text);
  return texts;
}

inline std::vector<std::string> Codes(const Taxonomy& taxonomy) {
  std::vector<std::string> codes;
  for (const Category& c : taxonomy.categories()) codes.push_back(c.code);
  return codes;
}

// A valid rule of category "test" with one keyword, written at path:line.
inline Rule MakeRule(std::string id, std::string path = "", int line = 0) {
  Rule rule;
  rule.id = std::move(id);
  rule.category = "test";
  rule.keywords.push_back({"word", {}});
  rule.location = {std::move(path), line};
  return rule;
}

// Checks both the message and the payload of a rule error.
inline void ExpectRuleError(const absl::Status& status, absl::StatusCode code,
                            const std::string& path, int line,
                            const std::string& rule_id,
                            const std::string& what) {
  using ::testing::HasSubstr;
  using ::testing::Not;
  EXPECT_EQ(status.code(), code) << status;
  const std::string prefix =
      line > 0 ? absl::StrCat(path, ":", line, ":") : absl::StrCat(path, ":");
  EXPECT_THAT(StatusMessage(status), HasSubstr(prefix));
  if (rule_id.empty()) {
    EXPECT_THAT(StatusMessage(status), Not(HasSubstr("rule '")));
  } else {
    EXPECT_THAT(StatusMessage(status), HasSubstr("rule '" + rule_id + "'"));
  }
  EXPECT_THAT(StatusMessage(status), HasSubstr(what));
  std::optional<RuleErrorLocation> location = GetRuleErrorLocation(status);
  ASSERT_TRUE(location.has_value()) << status;
  EXPECT_EQ(location->path, path);
  EXPECT_EQ(location->line, line);
  EXPECT_EQ(location->rule_id, rule_id);
}

}  // namespace lexgate::testing

#endif  // LEXGATE_TESTS_SUPPORT_RULE_TEST_UTIL_H_
