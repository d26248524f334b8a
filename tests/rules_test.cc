// Tests for rule packs: enum names, RuleError, RuleSet and the TOML loader.
#include "lexgate/rules.h"

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace lexgate {
namespace {

namespace fs = std::filesystem;

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
  for (Validator v :
       {Validator::kNone, Validator::kLuhn, Validator::kCnResidentId}) {
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
  EXPECT_EQ(ValidatorName(Validator::kNone), "none");
}

TEST(EnumNamesTest, RejectsUnknownAndMiscasedNames) {
  EXPECT_EQ(ParseAction("Mask"), std::nullopt);
  EXPECT_EQ(ParseAction(""), std::nullopt);
  EXPECT_EQ(ParseBoundary("line"), std::nullopt);
  EXPECT_EQ(ParseValidator("iban"), std::nullopt);
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
category = "c"
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
category = "c"
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
                      "\"\ncategory = \"c\"\nkeywords = [\"", id, "\"]\n");
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
constexpr char kHead[] = "[pack]\nname = \"p\"\n[defaults]\ncategory = \"c\"\n";

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
        ErrorCase{"bad_validator",
                  Head("[[rule]]\nid = \"r1\"\nkeywords = [\"a\"]\n"
                       "validator = \"iban\"\n"),
                  8, "r1",
                  "'validator' must be one of luhn, cn_resident_id, none, not "
                  "'iban'"},
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

}  // namespace
}  // namespace lexgate
