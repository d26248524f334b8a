// Data-driven evasion cases (tests/data/evasion_cases.tsv): each keyword,
// compiled alone with the default options, against a disguised spelling.
// Each case is named by the file's name column, after what it tests.
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "support/test_util.h"

namespace lexgate {
namespace {

using testing::CompileOrDie;
using testing::DecodeEscapes;
using testing::KeywordRule;

struct EvasionCase {
  std::string name;  // a gtest name: letters, digits and '_'
  std::string keyword;
  std::string text;
  std::string expectation;
};

// What gtest prints for a case (in --gtest_list_tests and on failure),
// instead of the struct's bytes.
void PrintTo(const EvasionCase& c, std::ostream* os) {
  *os << "'" << c.keyword << "' in '" << c.text << "': " << c.expectation;
}

std::vector<EvasionCase> LoadCases() {
  std::vector<EvasionCase> cases;
  for (const std::string& line : testing::ReadTestLines("evasion_cases.tsv")) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols = absl::StrSplit(line, '\t');
    if (cols.size() != 4) {
      ADD_FAILURE() << "malformed case line: " << line;
      continue;
    }
    cases.push_back({cols[0], cols[1], DecodeEscapes(cols[2]), cols[3]});
  }
  return cases;
}

class EvasionTest : public ::testing::TestWithParam<EvasionCase> {};

TEST_P(EvasionTest, KeywordMeetsDisguisedText) {
  const EvasionCase& c = GetParam();
  auto engine = CompileOrDie({KeywordRule("kw", {c.keyword})});
  ASSERT_NE(engine, nullptr);
  ScanResult result = testing::Scanned(*engine, c.text);
  if (c.expectation == "none") {
    EXPECT_TRUE(result.matches.empty())
        << "'" << c.keyword << "' must not match '" << c.text << "', got '"
        << result.matches[0].text << "'";
    return;
  }
  ASSERT_EQ(result.matches.size(), 1u)
      << "'" << c.keyword << "' must match '" << c.text << "' once";
  const Match& m = result.matches[0];
  EXPECT_EQ(m.text, c.text.substr(m.start, m.end - m.start));
  if (c.expectation != "match") {
    ASSERT_EQ(c.expectation[0], '=');
    EXPECT_EQ(testing::Redacted(*engine, c.text), c.expectation.substr(1));
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, EvasionTest, ::testing::ValuesIn(LoadCases()),
                         [](const ::testing::TestParamInfo<EvasionCase>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace lexgate
