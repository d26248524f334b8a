// Tests for rule packs: enum names, RuleError, RuleSet and the TOML loader.
#include "lexgate/rules.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rules/rule_error_status.h"
#include "rules/shipped_categories.h"

namespace lexgate {
namespace {

namespace fs = std::filesystem;

using internal::RuleError;

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// absl::Status::message() is absl::string_view, which gMock's string
// matchers do not take in this abseil build.
std::string Message(const absl::Status& status) {
  return std::string(status.message());
}

// A fresh, empty directory for one test.
std::string MakeTestDir(const std::string& name) {
  const fs::path dir =
      fs::path(testing::TempDir()) / "lexgate_rules_test" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

std::string WriteFile(const std::string& dir, const std::string& name,
                      const std::string& contents) {
  const std::string path = (fs::path(dir) / name).string();
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

std::vector<std::string> Ids(const RuleSet& rules) {
  std::vector<std::string> ids;
  for (const Rule& rule : rules.rules()) ids.push_back(rule.id);
  return ids;
}

std::vector<std::string> Texts(const std::vector<Keyword>& keywords) {
  std::vector<std::string> texts;
  for (const Keyword& keyword : keywords) texts.push_back(keyword.text);
  return texts;
}

Rule MakeRule(std::string id, std::string path = "", int line = 0) {
  Rule rule;
  rule.id = std::move(id);
  rule.category = "test";
  rule.keywords.push_back({"word", {}});
  rule.location = {std::move(path), line};
  return rule;
}

// Checks both the message and the payload of a rule error.
void ExpectRuleError(const absl::Status& status, absl::StatusCode code,
                     const std::string& path, int line,
                     const std::string& rule_id, const std::string& what) {
  EXPECT_EQ(status.code(), code) << status;
  const std::string prefix =
      line > 0 ? absl::StrCat(path, ":", line, ":") : absl::StrCat(path, ":");
  EXPECT_THAT(Message(status), HasSubstr(prefix));
  if (rule_id.empty()) {
    EXPECT_THAT(Message(status), Not(HasSubstr("rule '")));
  } else {
    EXPECT_THAT(Message(status), HasSubstr("rule '" + rule_id + "'"));
  }
  EXPECT_THAT(Message(status), HasSubstr(what));
  std::optional<RuleErrorLocation> location = GetRuleErrorLocation(status);
  ASSERT_TRUE(location.has_value()) << status;
  EXPECT_EQ(location->path, path);
  EXPECT_EQ(location->line, line);
  EXPECT_EQ(location->rule_id, rule_id);
}

// --- enum names ------------------------------------------------------------

TEST(EnumNamesTest, RoundTrip) {
  for (Action a :
       {Action::kAllow, Action::kFlag, Action::kMask, Action::kBlock}) {
    EXPECT_EQ(ParseAction(ActionName(a)), a);
  }
  for (Boundary b :
       {Boundary::kAuto, Boundary::kWord, Boundary::kDigit, Boundary::kNone}) {
    EXPECT_EQ(ParseBoundary(BoundaryName(b)), b);
  }
  for (Validator v : {Validator::kNone, Validator::kLuhn,
                      Validator::kCnResidentId, Validator::kIban}) {
    EXPECT_EQ(ParseValidator(ValidatorName(v)), v);
  }
}

TEST(EnumNamesTest, Spellings) {
  EXPECT_EQ(ActionName(Action::kBlock), "block");
  EXPECT_EQ(ActionName(Action::kMask), "mask");
  EXPECT_EQ(ActionName(Action::kFlag), "flag");
  EXPECT_EQ(ActionName(Action::kAllow), "allow");
  EXPECT_EQ(BoundaryName(Boundary::kAuto), "auto");
  EXPECT_EQ(BoundaryName(Boundary::kWord), "word");
  EXPECT_EQ(BoundaryName(Boundary::kDigit), "digit");
  EXPECT_EQ(BoundaryName(Boundary::kNone), "none");
  EXPECT_EQ(ValidatorName(Validator::kLuhn), "luhn");
  EXPECT_EQ(ValidatorName(Validator::kCnResidentId), "cn_resident_id");
  EXPECT_EQ(ValidatorName(Validator::kIban), "iban");
  EXPECT_EQ(ValidatorName(Validator::kNone), "none");
}

TEST(EnumNamesTest, RejectsUnknownAndMiscasedNames) {
  EXPECT_EQ(ParseAction("Mask"), std::nullopt);
  EXPECT_EQ(ParseAction(""), std::nullopt);
  EXPECT_EQ(ParseBoundary("line"), std::nullopt);
  EXPECT_EQ(ParseValidator("mod97"), std::nullopt);
  EXPECT_EQ(ParseValidator("IBAN"), std::nullopt);
}

// --- RuleError ---------------------------------------------------------------

TEST(RuleErrorTest, MessageFormats) {
  using absl::StatusCode;
  EXPECT_EQ(Message(RuleError(StatusCode::kInvalidArgument, {"a.toml", 7}, "r1",
                              "bad")),
            "a.toml:7: rule 'r1': bad");
  EXPECT_EQ(Message(RuleError(StatusCode::kInvalidArgument, {"a.toml", 0}, "",
                              "bad")),
            "a.toml: bad");
  EXPECT_EQ(
      Message(RuleError(StatusCode::kInvalidArgument, {"", 0}, "r1", "bad")),
      "rule 'r1': bad");
  EXPECT_EQ(Message(RuleError(StatusCode::kInvalidArgument, {"a.toml", 7}, "",
                              "bad")),
            "a.toml:7: bad");
  EXPECT_EQ(RuleError(StatusCode::kNotFound, {}, "", "x").code(),
            StatusCode::kNotFound);
}

TEST(RuleErrorTest, LocationRoundTrip) {
  absl::Status status = RuleError(absl::StatusCode::kInvalidArgument,
                                  {"dir/pack.toml", 42}, "pii.cn.mobile", "x");
  std::optional<RuleErrorLocation> location = GetRuleErrorLocation(status);
  ASSERT_TRUE(location.has_value());
  EXPECT_EQ(location->path, "dir/pack.toml");
  EXPECT_EQ(location->line, 42);
  EXPECT_EQ(location->rule_id, "pii.cn.mobile");

  // Empty fields survive too.
  location = GetRuleErrorLocation(
      RuleError(absl::StatusCode::kInvalidArgument, {}, "", "x"));
  ASSERT_TRUE(location.has_value());
  EXPECT_EQ(location->path, "");
  EXPECT_EQ(location->line, 0);
  EXPECT_EQ(location->rule_id, "");
}

TEST(RuleErrorTest, NoLocationOnOtherStatuses) {
  EXPECT_EQ(GetRuleErrorLocation(absl::OkStatus()), std::nullopt);
  EXPECT_EQ(GetRuleErrorLocation(absl::InvalidArgumentError("x")),
            std::nullopt);
}

// --- RuleSet -----------------------------------------------------------------

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

// --- parsing packs -----------------------------------------------------------

constexpr char kFullPack[] = R"toml([pack]
name = "full"
description = "every key"

[[rule]]
id = "full.rule"
category = "pii"
action = "block"
severity = 5
keywords = ["alpha", "beta"]
keywords_file = "lists/words.txt"
regex = 'a\d+'
regexes = ["b+", "c?d"]
boundary = "digit"
validator = "luhn"
replacement = "[X]"
normalize = false
examples = ["a12", "bb"]
counterexamples = ["zzz"]
)toml";

TEST(ParseRulePackTest, FullPackFillsEveryField) {
  const std::string dir = MakeTestDir("full");
  const std::string words = WriteFile(dir, "lists/words.txt", "gamma\n");
  const std::string path = WriteFile(dir, "full.toml", kFullPack);

  absl::StatusOr<RuleSet> rules = LoadRules(path);
  ASSERT_TRUE(rules.ok()) << rules.status();
  ASSERT_EQ(rules->size(), 1u);
  const Rule& rule = rules->rules()[0];
  EXPECT_EQ(rule.id, "full.rule");
  EXPECT_EQ(rule.category, "pii");
  EXPECT_EQ(rule.action, Action::kBlock);
  EXPECT_EQ(rule.severity, 5);
  // Inline keywords come first, then the file's.
  EXPECT_THAT(Texts(rule.keywords), ElementsAre("alpha", "beta", "gamma"));
  EXPECT_EQ(rule.keywords[0].location.path, path);
  EXPECT_EQ(rule.keywords[0].location.line, 10);
  EXPECT_EQ(rule.keywords[1].location.line, 10);
  EXPECT_EQ(rule.keywords[2].location.path, words);
  EXPECT_EQ(rule.keywords[2].location.line, 1);
  EXPECT_THAT(rule.regexes, ElementsAre("a\\d+", "b+", "c?d"));
  EXPECT_EQ(rule.boundary, Boundary::kDigit);
  EXPECT_EQ(rule.validator, Validator::kLuhn);
  EXPECT_EQ(rule.replacement, "[X]");
  EXPECT_FALSE(rule.normalize);
  EXPECT_THAT(rule.examples, ElementsAre("a12", "bb"));
  EXPECT_THAT(rule.counterexamples, ElementsAre("zzz"));
  EXPECT_EQ(rule.pack, "full");
  EXPECT_EQ(rule.location.path, path);
  EXPECT_EQ(rule.location.line, 5);
}

TEST(ParseRulePackTest, BuiltInDefaults) {
  absl::StatusOr<RuleSet> rules = ParseRulePack(R"toml(
[pack]
name = "p"
[[rule]]
id = "r"
category = "spam"
keywords = ["x"]
)toml",
                                                "mem.toml");
  ASSERT_TRUE(rules.ok()) << rules.status();
  const Rule& rule = rules->rules()[0];
  EXPECT_EQ(rule.action, Action::kMask);
  EXPECT_EQ(rule.severity, 3);
  EXPECT_EQ(rule.boundary, Boundary::kAuto);
  EXPECT_EQ(rule.validator, Validator::kNone);
  EXPECT_TRUE(rule.normalize);
  EXPECT_EQ(rule.replacement, "");
  EXPECT_THAT(rule.regexes, IsEmpty());
  EXPECT_THAT(rule.examples, IsEmpty());
  EXPECT_EQ(rule.location.path, "mem.toml");
  EXPECT_EQ(rule.location.line, 4);
}

TEST(ParseRulePackTest, PackDefaultsAppliedAndOverridden) {
  absl::StatusOr<RuleSet> rules = ParseRulePack(R"toml([pack]
name = "p"

[defaults]
category = "profanity"
action = "flag"
severity = 2
boundary = "word"
validator = "cn_resident_id"
normalize = false
replacement = "#"

[[rule]]
id = "inherits"
keywords = ["x"]

[[rule]]
id = "overrides"
category = "spam"
action = "allow"
severity = 4
boundary = "none"
validator = "none"
normalize = true
replacement = ""
keywords = ["y"]
)toml",
                                                "p.toml");
  ASSERT_TRUE(rules.ok()) << rules.status();
  const Rule* inherits = rules->Find("inherits");
  ASSERT_NE(inherits, nullptr);
  EXPECT_EQ(inherits->category, "profanity");
  EXPECT_EQ(inherits->action, Action::kFlag);
  EXPECT_EQ(inherits->severity, 2);
  EXPECT_EQ(inherits->boundary, Boundary::kWord);
  EXPECT_EQ(inherits->validator, Validator::kCnResidentId);
  EXPECT_FALSE(inherits->normalize);
  EXPECT_EQ(inherits->replacement, "#");
  EXPECT_THAT(Texts(inherits->keywords), ElementsAre("x"));

  const Rule* overrides = rules->Find("overrides");
  ASSERT_NE(overrides, nullptr);
  EXPECT_EQ(overrides->category, "spam");
  EXPECT_EQ(overrides->action, Action::kAllow);
  EXPECT_EQ(overrides->severity, 4);
  EXPECT_EQ(overrides->boundary, Boundary::kNone);
  EXPECT_EQ(overrides->validator, Validator::kNone);
  EXPECT_TRUE(overrides->normalize);
  EXPECT_EQ(overrides->replacement, "");
  // Defaults never leak list fields from one rule into the next.
  EXPECT_THAT(Texts(overrides->keywords), ElementsAre("y"));
  EXPECT_EQ(overrides->location.line, 17);
}

TEST(ParseRulePackTest, KeywordsFileFormat) {
  const std::string dir = MakeTestDir("keywords_file");
  const std::string words =
      WriteFile(dir, "words.txt",
                "\xEF\xBB\xBF# a comment line\n"  // BOM, then comment: line 1
                "first\n"                         // 2
                "\n"                              // 3
                "   \t\n"                         // 4
                "  padded word  \r\n"             // 5 (CRLF)
                "  # indented comment\n"          // 6
                "c#sharp\n"                       // 7: '#' inside is kept
                "中文词\n"                        // 8
                "last");                          // 9, no final newline
  const std::string path = WriteFile(dir, "pack.toml", R"toml([pack]
name = "p"
[[rule]]
id = "r"
category = "spam"
keywords_file = "words.txt"
)toml");
  absl::StatusOr<RuleSet> rules = LoadRules(path);
  ASSERT_TRUE(rules.ok()) << rules.status();
  const std::vector<Keyword>& keywords = rules->rules()[0].keywords;
  EXPECT_THAT(Texts(keywords),
              ElementsAre("first", "padded word", "c#sharp", "中文词", "last"));
  std::vector<int> lines;
  for (const Keyword& keyword : keywords) {
    EXPECT_EQ(keyword.location.path, words);
    lines.push_back(keyword.location.line);
  }
  EXPECT_THAT(lines, ElementsAre(2, 5, 7, 8, 9));
}

TEST(ParseRulePackTest, InlineKeywordsKeepWhitespaceAndArrayLine) {
  absl::StatusOr<RuleSet> rules = ParseRulePack(R"toml([pack]
name = "p"
[[rule]]
id = "r"
category = "spam"
keywords = [
  " spaced ",
  "二",
]
)toml",
                                                "p.toml");
  ASSERT_TRUE(rules.ok()) << rules.status();
  const std::vector<Keyword>& keywords = rules->rules()[0].keywords;
  EXPECT_THAT(Texts(keywords), ElementsAre(" spaced ", "二"));
  EXPECT_EQ(keywords[0].location.line, 6);
  EXPECT_EQ(keywords[1].location.line, 6);
}

TEST(ParseRulePackTest, PackWithoutRulesIsEmpty) {
  absl::StatusOr<RuleSet> rules =
      ParseRulePack("[pack]\nname = \"empty\"\n", "p.toml");
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_TRUE(rules->empty());
}

// --- loading files and directories -------------------------------------------

std::string OneRulePack(const std::string& pack, const std::string& id) {
  return absl::StrCat("[pack]\nname = \"", pack, "\"\n\n[[rule]]\nid = \"", id,
                      "\"\ncategory = \"spam\"\nkeywords = [\"", id, "\"]\n");
}

TEST(LoadRulesTest, DirectoryInSortedOrder) {
  const std::string dir = MakeTestDir("sorted");
  WriteFile(dir, "b.toml", OneRulePack("pb", "rule.b"));
  WriteFile(dir, "c.toml", OneRulePack("pc", "rule.c"));
  WriteFile(dir, "a.toml", OneRulePack("pa", "rule.a"));
  // Not packs: other extensions, hidden files, subdirectories.
  WriteFile(dir, "notes.txt", "not toml");
  WriteFile(dir, ".hidden.toml", "not = valid = toml");
  WriteFile(dir, "sub/d.toml", OneRulePack("pd", "rule.d"));
  fs::create_directories(fs::path(dir) / "dir.toml");

  absl::StatusOr<RuleSet> rules = LoadRules(dir);
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_THAT(Ids(*rules), ElementsAre("rule.a", "rule.b", "rule.c"));
  EXPECT_EQ(rules->Find("rule.b")->pack, "pb");
  EXPECT_EQ(rules->Find("rule.b")->location.path,
            (fs::path(dir) / "b.toml").string());
  EXPECT_EQ(rules->Find("rule.b")->location.line, 4);
}

TEST(LoadRulesTest, ListOfPathsMergedInOrder) {
  const std::string dir = MakeTestDir("list");
  const std::string b = WriteFile(dir, "b.toml", OneRulePack("pb", "rule.b"));
  const std::string a = WriteFile(dir, "a.toml", OneRulePack("pa", "rule.a"));
  absl::StatusOr<RuleSet> rules = LoadRules(std::vector<std::string>{b, a});
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_THAT(Ids(*rules), ElementsAre("rule.b", "rule.a"));
}

TEST(LoadRulesTest, DuplicateIdAcrossPacks) {
  const std::string dir = MakeTestDir("dup_across");
  const std::string one = WriteFile(dir, "one.toml", OneRulePack("p1", "same"));
  const std::string two = WriteFile(dir, "two.toml", OneRulePack("p2", "same"));
  absl::StatusOr<RuleSet> rules = LoadRules(std::vector<std::string>{one, two});
  ExpectRuleError(rules.status(), absl::StatusCode::kAlreadyExists, two, 4,
                  "same", absl::StrCat("first defined at ", one, ":4"));
  // The same through a directory.
  ExpectRuleError(LoadRules(dir).status(), absl::StatusCode::kAlreadyExists,
                  two, 4, "same", one);
}

TEST(LoadRulesTest, MissingPath) {
  const std::string path = MakeTestDir("missing") + "/nope.toml";
  ExpectRuleError(LoadRules(path).status(), absl::StatusCode::kNotFound, path,
                  0, "", "no such file");
}

TEST(LoadRulesTest, DirectoryWithoutPacks) {
  const std::string dir = MakeTestDir("no_packs");
  WriteFile(dir, "readme.md", "nothing here");
  ExpectRuleError(LoadRules(dir).status(), absl::StatusCode::kNotFound, dir, 0,
                  "", "no *.toml");
}

TEST(LoadRulesTest, EmptyPaths) {
  EXPECT_EQ(LoadRules(std::vector<std::string>{}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(LoadRules("").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(LoadRulesTest, TomlSyntaxErrorHasLineAndColumn) {
  const std::string dir = MakeTestDir("syntax");
  const std::string path = WriteFile(dir, "bad.toml", R"toml([pack]
name = "p"
[[rule]]
id = "r"
keywords = ["a" "b"]
)toml");
  absl::Status status = LoadRules(path).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(status), HasSubstr(path + ":5:"));
  EXPECT_THAT(Message(status), HasSubstr("invalid TOML"));
  std::optional<RuleErrorLocation> location = GetRuleErrorLocation(status);
  ASSERT_TRUE(location.has_value());
  EXPECT_EQ(location->path, path);
  EXPECT_EQ(location->line, 5);
}

// --- one test per error path -------------------------------------------------

// Every case below is a pack file; `line` and `rule_id` are where the error
// must point. Cases that start with kHead have their [[rule]] on line 5.
constexpr char kHead[] =
    "[pack]\nname = \"p\"\n[defaults]\ncategory = \"spam\"\n";

struct ErrorCase {
  std::string name;
  std::string toml;
  int line;
  std::string rule_id;
  std::string what;
  absl::StatusCode code = absl::StatusCode::kInvalidArgument;
  // A keyword file to write beside the pack, and whether the error points
  // into it rather than into the pack.
  std::string aux_name = "";
  std::string aux_contents = "";
  bool error_in_aux = false;
};

class PackErrorTest : public testing::TestWithParam<ErrorCase> {};

TEST_P(PackErrorTest, NamesFileLineAndRule) {
  const ErrorCase& c = GetParam();
  const std::string dir = MakeTestDir("error_" + c.name);
  const std::string path = WriteFile(dir, "pack.toml", c.toml);
  std::string aux;
  if (!c.aux_name.empty()) aux = WriteFile(dir, c.aux_name, c.aux_contents);
  absl::StatusOr<RuleSet> rules = LoadRules(path);
  ASSERT_FALSE(rules.ok());
  ExpectRuleError(rules.status(), c.code, c.error_in_aux ? aux : path, c.line,
                  c.rule_id, c.what);
}

std::string Head(const std::string& rest) { return kHead + rest; }

INSTANTIATE_TEST_SUITE_P(
    Errors, PackErrorTest,
    testing::Values(
        ErrorCase{"unknown_rule_key",
                  Head("[[rule]]\nid = \"r1\"\nkeywords = [\"a\"]\n"
                       "keywrods_file = \"x\"\n"),
                  8, "r1",
                  "unknown key 'keywrods_file' in [[rule]]; valid keys: id, "
                  "category, action, severity, keywords, keywords_file"},
        ErrorCase{"unknown_pack_key", "[pack]\nname = \"p\"\nversion = 2\n", 3,
                  "",
                  "unknown key 'version' in [pack]; valid keys: name, "
                  "description"},
        ErrorCase{"unknown_defaults_key",
                  "[pack]\nname = \"p\"\n[defaults]\nkeywords = [\"a\"]\n", 4,
                  "", "unknown key 'keywords' in [defaults]; valid keys: "},
        ErrorCase{"unknown_top_level_key",
                  "[pack]\nname = \"p\"\n\n[[rules]]\nid = \"r\"\n", 4, "",
                  "unknown key 'rules' in the top level; valid keys: pack, "
                  "defaults, rule"},
        ErrorCase{"severity_string",
                  Head("[[rule]]\nid = \"r1\"\nseverity = \"high\"\n"
                       "keywords = [\"a\"]\n"),
                  7, "r1", "'severity' must be an integer, not a string"},
        ErrorCase{"severity_float",
                  Head("[[rule]]\nid = \"r1\"\nkeywords = [\"a\"]\n"
                       "severity = 3.0\n"),
                  8, "r1", "'severity' must be an integer, not a float"},
        ErrorCase{"severity_too_high",
                  Head("[[rule]]\nid = \"r1\"\nseverity = 6\n"
                       "keywords = [\"a\"]\n"),
                  7, "r1", "'severity' must be 1..5, not 6"},
        ErrorCase{"severity_zero",
                  Head("[[rule]]\nid = \"r1\"\nseverity = 0\n"
                       "keywords = [\"a\"]\n"),
                  7, "r1", "'severity' must be 1..5, not 0"},
        ErrorCase{"defaults_severity",
                  "[pack]\nname = \"p\"\n[defaults]\nseverity = 9\n", 4, "",
                  "'severity' must be 1..5, not 9"},
        ErrorCase{"bad_action",
                  Head("[[rule]]\nid = \"r1\"\naction = \"redact\"\n"
                       "keywords = [\"a\"]\n"),
                  7, "r1",
                  "'action' must be one of block, mask, flag, allow, not "
                  "'redact'"},
        ErrorCase{"defaults_bad_action",
                  "[pack]\nname = \"p\"\n[defaults]\naction = \"Mask\"\n", 4,
                  "", "'action' must be one of block, mask, flag, allow"},
        ErrorCase{"bad_boundary",
                  Head("[[rule]]\nid = \"r1\"\nkeywords = [\"a\"]\n"
                       "boundary = \"line\"\n"),
                  8, "r1",
                  "'boundary' must be one of auto, word, digit, none, not "
                  "'line'"},
        ErrorCase{
            "bad_validator",
            Head("[[rule]]\nid = \"r1\"\nkeywords = [\"a\"]\n"
                 "validator = \"mod97\"\n"),
            8, "r1",
            "'validator' must be one of luhn, cn_resident_id, iban, none, "
            "not 'mod97'"},
        ErrorCase{"normalize_not_bool",
                  Head("[[rule]]\nid = \"r1\"\nkeywords = [\"a\"]\n"
                       "normalize = \"yes\"\n"),
                  8, "r1", "'normalize' must be a boolean, not a string"},
        ErrorCase{"category_not_string",
                  Head("[[rule]]\nid = \"r1\"\nkeywords = [\"a\"]\n"
                       "category = 1\n"),
                  8, "r1", "'category' must be a string, not an integer"},
        ErrorCase{"keywords_not_array",
                  Head("[[rule]]\nid = \"r1\"\nkeywords = \"a\"\n"), 7, "r1",
                  "'keywords' must be an array of strings, not a string"},
        ErrorCase{"keyword_not_string",
                  Head("[[rule]]\nid = \"r1\"\nkeywords = [\n  \"a\",\n  2,\n"
                       "]\n"),
                  9, "r1",
                  "'keywords' must be an array of strings; element 2 is an "
                  "integer"},
        ErrorCase{"empty_keyword",
                  Head("[[rule]]\nid = \"r1\"\nkeywords = [\"a\", \"\"]\n"), 7,
                  "r1", "empty or whitespace-only keyword (element 2)"},
        ErrorCase{"whitespace_keyword",
                  Head("[[rule]]\nid = \"r1\"\nkeywords = [\n  \"a\",\n"
                       "  \" \\t \",\n]\n"),
                  9, "r1", "empty or whitespace-only keyword (element 2)"},
        ErrorCase{"no_keywords_no_regex",
                  Head("[[rule]]\nid = \"r1\"\nexamples = [\"x\"]\n"), 5, "r1",
                  "no keywords and no regex"},
        ErrorCase{"only_empty_keyword_file",
                  Head("[[rule]]\nid = \"r1\"\nkeywords_file = \"k.txt\"\n"), 5,
                  "r1", "no keywords and no regex",
                  absl::StatusCode::kInvalidArgument, "k.txt",
                  "# only comments\n\n"},
        ErrorCase{"empty_regex", Head("[[rule]]\nid = \"r1\"\nregex = \"\"\n"),
                  7, "r1", "'regex' must not be empty"},
        ErrorCase{"empty_regexes_element",
                  Head("[[rule]]\nid = \"r1\"\nregexes = [\"a+\", \"\"]\n"), 7,
                  "r1", "'regexes' holds an empty string (element 2)"},
        ErrorCase{"regex_not_string",
                  Head("[[rule]]\nid = \"r1\"\nregex = [\"a+\"]\n"), 7, "r1",
                  "'regex' must be a string, not an array"},
        ErrorCase{"example_not_string",
                  Head("[[rule]]\nid = \"r1\"\nkeywords = [\"a\"]\n"
                       "counterexamples = [true]\n"),
                  8, "r1",
                  "'counterexamples' must be an array of strings; element 1 "
                  "is a boolean"},
        ErrorCase{"missing_id", Head("\n[[rule]]\nkeywords = [\"a\"]\n"), 6, "",
                  "[[rule]] has no 'id'"},
        ErrorCase{"empty_id", Head("[[rule]]\nid = \"\"\nkeywords = [\"a\"]\n"),
                  6, "", "'id' must not be empty"},
        ErrorCase{"id_not_string",
                  Head("[[rule]]\nid = 7\nkeywords = [\"a\"]\n"), 6, "",
                  "'id' must be a string, not an integer"},
        ErrorCase{"missing_category",
                  "[pack]\nname = \"p\"\n\n[[rule]]\nid = \"r1\"\n"
                  "keywords = [\"a\"]\n",
                  4, "r1", "no 'category'"},
        ErrorCase{"duplicate_id",
                  Head("[[rule]]\nid = \"r1\"\nkeywords = [\"a\"]\n\n"
                       "[[rule]]\nid = \"r1\"\nkeywords = [\"b\"]\n"),
                  9, "r1", "duplicate rule id; first defined at ",
                  absl::StatusCode::kAlreadyExists},
        ErrorCase{"missing_keywords_file",
                  Head("[[rule]]\nid = \"r1\"\nkeywords_file = \"nope.txt\"\n"),
                  7, "r1", "cannot read keywords_file 'nope.txt'",
                  absl::StatusCode::kNotFound},
        ErrorCase{"keywords_file_is_directory",
                  Head("[[rule]]\nid = \"r1\"\nkeywords_file = \"sub\"\n"), 7,
                  "r1", "is a directory", absl::StatusCode::kInvalidArgument,
                  "sub/x.txt", "x\n"},
        ErrorCase{"keywords_file_not_utf8",
                  Head("[[rule]]\nid = \"r1\"\nkeywords_file = \"gbk.txt\"\n"),
                  2, "r1", "not valid UTF-8",
                  absl::StatusCode::kInvalidArgument, "gbk.txt",
                  "ok\n\xD5\xFD\xB3\xA3\n", /*error_in_aux=*/true},
        ErrorCase{"missing_pack_table", "[defaults]\ncategory = \"c\"\n", 0, "",
                  "missing [pack] table"},
        ErrorCase{"pack_without_name", "[pack]\ndescription = \"d\"\n", 1, "",
                  "[pack] has no 'name'"},
        ErrorCase{"empty_pack_name", "[pack]\nname = \"\"\n", 2, "",
                  "'name' must not be empty"},
        ErrorCase{"rule_is_a_table",
                  "[pack]\nname = \"p\"\n[rule]\nid = \"r\"\n", 3, "",
                  "'rule' must be an array of tables"}),
    [](const testing::TestParamInfo<ErrorCase>& info) {
      return info.param.name;
    });

// --- the taxonomy ------------------------------------------------------------

std::string ReadSourceFile(const std::string& relative) {
  std::ifstream in(std::string(LEXGATE_SOURCE_DIR) + "/" + relative,
                   std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in),
                     std::istreambuf_iterator<char>());
}

std::vector<std::string> Codes(const Taxonomy& taxonomy) {
  std::vector<std::string> codes;
  for (const Category& c : taxonomy.categories()) codes.push_back(c.code);
  return codes;
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

TEST(TaxonomyTest, CodeBuiltRuleSetsAreCheckedOnRequest) {
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

TEST(TaxonomyTest, UnknownCategoryNamesFileLineRuleAndHint) {
  const std::string dir = MakeTestDir("unknown_category");
  const std::string typo = WriteFile(dir, "typo.toml", R"toml([pack]
name = "p"

[[rule]]
id = "r.typo"
category = "pii.phnoe"
keywords = ["x"]
)toml");
  absl::Status status = LoadRules(typo).status();
  ExpectRuleError(status, absl::StatusCode::kNotFound, typo, 4, "r.typo",
                  "unknown category 'pii.phnoe' (did you mean pii.phone?)");

  const std::string sibling = WriteFile(dir, "sibling.toml", R"toml([pack]
name = "p"
[defaults]
category = "pii.id_number"
[[rule]]
id = "r.sibling"
keywords = ["x"]
)toml");
  ExpectRuleError(LoadRules(sibling).status(), absl::StatusCode::kNotFound,
                  sibling, 5, "r.sibling",
                  "known pii.* categories: pii.phone, pii.id_card");

  absl::Status unrelated = ParseRulePack(
                               "[pack]\nname = \"p\"\n[[rule]]\nid = \"r\"\n"
                               "category = \"brand\"\nkeywords = [\"x\"]\n",
                               "mem.toml")
                               .status();
  ExpectRuleError(unrelated, absl::StatusCode::kNotFound, "mem.toml", 3, "r",
                  "declare it in a [[category]] table");
}

constexpr char kPackWithCategories[] = R"toml([pack]
name = "brand"

[[category]]
code = "brand.rivals"
zh = "竞品名称"
en = "Rival brand names"
description = "names we do not advertise"

[[category]]
code = "profanity"
zh = "脏话与辱骂"
en = "Profanity and insults"

[[rule]]
id = "brand.rivals"
category = "brand.rivals"
keywords = ["globex"]

[[rule]]
id = "brand.cuss"
category = "profanity"
keywords = ["darn"]
)toml";

TEST(TaxonomyTest, PackDeclaresItsOwnCategories) {
  absl::StatusOr<RuleSet> rules =
      ParseRulePack(kPackWithCategories, "brand.toml");
  ASSERT_TRUE(rules.ok()) << rules.status();
  // The repeated shipped category is not a declared one.
  EXPECT_THAT(Codes(rules->declared_categories()), ElementsAre("brand.rivals"));
  const Category* rivals = rules->FindCategory("brand.rivals");
  ASSERT_NE(rivals, nullptr);
  EXPECT_EQ(rivals->zh, "竞品名称");
  EXPECT_EQ(rivals->en, "Rival brand names");
  EXPECT_EQ(rivals->description, "names we do not advertise");
  EXPECT_EQ(rivals->location.path, "brand.toml");
  EXPECT_EQ(rivals->location.line, 4);
}

TEST(TaxonomyTest, CategoryDeclaredByAnotherFileLoadedTogether) {
  const std::string dir = MakeTestDir("categories_file");
  const std::string categories = WriteFile(dir, "categories.toml", R"toml(
[taxonomy]
name = "acme"

[[category]]
code = "acme.codename"
zh = "项目代号"
en = "Project code name"
)toml");
  const std::string pack = WriteFile(dir, "pack.toml", R"toml([pack]
name = "acme"
[[rule]]
id = "acme.falcon"
category = "acme.codename"
keywords = ["project falcon"]
)toml");
  absl::StatusOr<RuleSet> rules = LoadRules(dir);
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_THAT(Ids(*rules), ElementsAre("acme.falcon"));
  EXPECT_EQ(rules->FindCategory("acme.codename")->location.path, categories);
  rules = LoadRules(std::vector<std::string>{pack, categories});
  ASSERT_TRUE(rules.ok()) << rules.status();
  // Alone, the pack's category is unknown.
  EXPECT_EQ(LoadRules(pack).status().code(), absl::StatusCode::kNotFound);

  // Two files may declare a category alike, not differently.
  const std::string same = WriteFile(dir, "same.toml", R"toml([taxonomy]
name = "again"
[[category]]
code = "acme.codename"
zh = "项目代号"
en = "Project code name"
)toml");
  EXPECT_TRUE(LoadRules(std::vector<std::string>{categories, same}).ok());
  const std::string other = WriteFile(dir, "other.toml", R"toml([taxonomy]
name = "other"
[[category]]
code = "acme.codename"
zh = "代号"
en = "Code name"
)toml");
  ExpectRuleError(
      LoadRules(std::vector<std::string>{categories, other}).status(),
      absl::StatusCode::kAlreadyExists, other, 3, "",
      absl::StrCat("first declared at ", categories, ":5"));
}

TEST(TaxonomyTest, RenamingAShippedCategoryIsAnError) {
  absl::Status status = ParseRulePack(R"toml([pack]
name = "p"
[[category]]
code = "spam"
zh = "广告"
en = "Ads"
)toml",
                                      "p.toml")
                            .status();
  ExpectRuleError(status, absl::StatusCode::kAlreadyExists, "p.toml", 3, "",
                  "first declared at rules/categories.toml:");
}

TEST(TaxonomyTest, ShippedRulesDirectoryLoadsWithItsTaxonomyFile) {
  // rules/ holds categories.toml beside the packs: loading the directory
  // reads it as a taxonomy file, not as a pack.
  absl::StatusOr<RuleSet> rules =
      LoadRules(std::string(LEXGATE_SOURCE_DIR) + "/rules");
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_FALSE(rules->empty());
  EXPECT_TRUE(rules->declared_categories().empty());
  EXPECT_TRUE(rules->CheckCategories().ok());
  absl::StatusOr<RuleSet> alone =
      LoadRules(std::string(LEXGATE_SOURCE_DIR) + "/rules/categories.toml");
  ASSERT_TRUE(alone.ok()) << alone.status();
  EXPECT_TRUE(alone->empty());
}

TEST(TaxonomyTest, ParseTaxonomyNeedsATaxonomyFile) {
  absl::StatusOr<Taxonomy> taxonomy = ParseTaxonomy(
      "[taxonomy]\nname = \"t\"\n[[category]]\ncode = \"x\"\n"
      "zh = \"叉\"\nen = \"X\"\n",
      "t.toml");
  ASSERT_TRUE(taxonomy.ok()) << taxonomy.status();
  EXPECT_THAT(Codes(*taxonomy), ElementsAre("x"));
  ExpectRuleError(ParseTaxonomy("[pack]\nname = \"p\"\n", "p.toml").status(),
                  absl::StatusCode::kInvalidArgument, "p.toml", 1, "",
                  "unknown key 'pack' in a taxonomy file");
  ExpectRuleError(ParseTaxonomy("", "e.toml").status(),
                  absl::StatusCode::kInvalidArgument, "e.toml", 0, "",
                  "missing [taxonomy] table");
}

INSTANTIATE_TEST_SUITE_P(
    CategoryErrors, PackErrorTest,
    testing::Values(
        ErrorCase{"category_unknown_key",
                  "[pack]\nname = \"p\"\n[[category]]\ncode = \"x\"\n"
                  "zh = \"叉\"\nen = \"X\"\nname = \"x\"\n",
                  7, "",
                  "unknown key 'name' in [[category]]; valid keys: code, zh, "
                  "en, description"},
        ErrorCase{"category_without_zh",
                  "[pack]\nname = \"p\"\n[[category]]\ncode = \"x\"\n"
                  "en = \"X\"\n",
                  3, "", "[[category]] has no 'zh'"},
        ErrorCase{"category_empty_en",
                  "[pack]\nname = \"p\"\n[[category]]\ncode = \"x\"\n"
                  "zh = \"叉\"\nen = \"\"\n",
                  6, "", "'en' must not be empty"},
        ErrorCase{"category_code_not_string",
                  "[pack]\nname = \"p\"\n[[category]]\ncode = 1\n"
                  "zh = \"叉\"\nen = \"X\"\n",
                  4, "", "'code' must be a string, not an integer"},
        ErrorCase{"category_bad_code",
                  "[pack]\nname = \"p\"\n[[category]]\ncode = \"a b\"\n"
                  "zh = \"叉\"\nen = \"X\"\n",
                  3, "", "category code 'a b' is not letters and digits"},
        ErrorCase{"category_is_a_table",
                  "[pack]\nname = \"p\"\n[category]\ncode = \"x\"\n", 3, "",
                  "'category' must be an array of tables"},
        ErrorCase{"category_twice_in_pack",
                  "[pack]\nname = \"p\"\n[[category]]\ncode = \"x\"\n"
                  "zh = \"叉\"\nen = \"X\"\n[[category]]\ncode = \"x\"\n"
                  "zh = \"叉\"\nen = \"Y\"\n",
                  7, "", "category 'x' redeclared",
                  absl::StatusCode::kAlreadyExists},
        ErrorCase{"taxonomy_file_with_rules",
                  "[taxonomy]\nname = \"t\"\n[[rule]]\nid = \"r\"\n", 3, "",
                  "unknown key 'rule' in a taxonomy file; valid keys: "
                  "taxonomy, category"},
        ErrorCase{"taxonomy_unknown_key",
                  "[taxonomy]\nname = \"t\"\nversion = \"1\"\n", 3, "",
                  "unknown key 'version' in [taxonomy]"},
        ErrorCase{"pack_and_taxonomy",
                  "[pack]\nname = \"p\"\n[taxonomy]\nname = \"t\"\n", 1, "",
                  "unknown key 'pack' in a taxonomy file"},
        ErrorCase{"unknown_category",
                  "[pack]\nname = \"p\"\n\n[[rule]]\nid = \"r1\"\n"
                  "category = \"violence\"\nkeywords = [\"a\"]\n",
                  4, "r1", "unknown category 'violence'",
                  absl::StatusCode::kNotFound}),
    [](const testing::TestParamInfo<ErrorCase>& info) {
      return info.param.name;
    });

}  // namespace
}  // namespace lexgate
