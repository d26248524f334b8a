// Tests for loading rule packs (lexgate/load_rules.h): every field of a
// pack, defaults, keyword files, files and directories, and the categories
// that packs and taxonomy files declare. The error of every malformed pack
// is in load_rules_errors_test.cc.
#include "lexgate/load_rules.h"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lexgate/engine.h"
#include "lexgate/rule.h"
#include "lexgate/rule_error.h"
#include "lexgate/rule_set.h"
#include "lexgate/status.h"
#include "lexgate/taxonomy.h"
#include "support/rule_test_util.h"

namespace lexgate {
namespace {

namespace fs = std::filesystem;

using testing::Codes;
using ::testing::ElementsAre;
using testing::ExpectRuleError;
using ::testing::HasSubstr;
using testing::Ids;
using ::testing::IsEmpty;
using testing::MakeTestDir;
using testing::Texts;
using testing::WriteFile;

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
  EXPECT_EQ(rule.replacement, std::nullopt);  // masked with mask_char
  EXPECT_EQ(rule.mask_char, "*");
  EXPECT_THAT(rule.variants, IsEmpty());
  EXPECT_EQ(rule.pinyin, Pinyin::kOff);
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
action = "block"
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
  EXPECT_EQ(overrides->action, Action::kBlock);
  EXPECT_EQ(overrides->severity, 4);
  EXPECT_EQ(overrides->boundary, Boundary::kNone);
  EXPECT_EQ(overrides->validator, Validator::kNone);
  EXPECT_TRUE(overrides->normalize);
  EXPECT_EQ(overrides->replacement, "");  // set: deletes the span
  // Defaults never leak list fields from one rule into the next.
  EXPECT_THAT(Texts(overrides->keywords), ElementsAre("y"));
  EXPECT_EQ(overrides->location.line, 17);
}

TEST(ParseRulePackTest, KeywordsFileFormat) {
  const std::string dir = MakeTestDir("keywords_file");
  const std::string words = WriteFile(
      dir, "words.txt",
      "\xEF\xBB\xBF# a comment line\n"         // BOM, then comment: line 1
      "first\n"                                // 2
      "\n"                                     // 3
      "   \t\n"                                // 4
      "\xE3\x80\x80 padded word\xC2\xA0 \r\n"  // 5: U+3000, NBSP, CRLF
      "  # indented comment\n"                 // 6
      "c#sharp\n"                              // 7: '#' inside is kept
      "中文词\n"                               // 8
      "last");                                 // 9, no final newline
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

TEST(ParseRulePackTest, InlineKeywordsAsWrittenEachWithItsLine) {
  absl::StatusOr<RuleSet> rules = ParseRulePack(R"toml([pack]
name = "p"
[[rule]]
id = "r"
category = "spam"
keywords = [
  "spaced  out",
  "二",
]
)toml",
                                                "p.toml");
  ASSERT_TRUE(rules.ok()) << rules.status();
  const std::vector<Keyword>& keywords = rules->rules()[0].keywords;
  EXPECT_THAT(Texts(keywords), ElementsAre("spaced  out", "二"));
  // Each keyword's own line, not the array's: an error about the 500th
  // keyword of a long array points at it.
  EXPECT_EQ(keywords[0].location.line, 7);
  EXPECT_EQ(keywords[1].location.line, 8);
}

// [defaults] serve rules of every kind: an allow rule or one with its own
// replacement inherits masking settings it does not use without an error;
// a flag rule's replacement takes effect under a policy that masks it.
TEST(ParseRulePackTest, MaskSettingsFromDefaultsAreNoError) {
  absl::StatusOr<RuleSet> rules = ParseRulePack(R"toml([pack]
name = "p"
[defaults]
category = "spam"
mask_char = "#"
mask_keep = [1, 1]
[[rule]]
id = "allow"
keywords = ["ok"]
action = "allow"
[[rule]]
id = "replaced"
keywords = ["bad"]
replacement = "[x]"
[[rule]]
id = "flag"
keywords = ["meh"]
action = "flag"
replacement = "[f]"
)toml",
                                                "p.toml");
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_EQ(rules->rules()[1].mask_char, "#");
  EXPECT_EQ(rules->rules()[1].replacement, "[x]");
}

// Spellings a rule writes are refused only where no keyword can take them
// (load_rules_errors_test.cc): one keyword that can is enough, in any list,
// in any form the fold turns into one (full-width letters, a radical), and
// spellings from [defaults] serve every rule.
TEST(ParseRulePackTest, SpellingsWithAKeywordToSpellAreNoError) {
  absl::StatusOr<RuleSet> rules = ParseRulePack(R"toml([pack]
name = "p"
[defaults]
category = "spam"
pinyin = "full"
variants = ["leet"]
[[rule]]
id = "english_only"
keywords = ["scam"]
[[rule]]
id = "chinese_only"
keywords = ["诈骗"]
[[rule]]
id = "one_latin_keyword"
keywords = ["傻逼", "shabi"]
variants = ["repeats"]
[[rule]]
id = "full_width_letters"
keywords = ["ｓｂ"]
variants = ["wildcards"]
[[rule]]
id = "chinese_in_a_part"
all_of = [["buy"], ["枪"]]
within = 9
homophones = true
[[rule]]
id = "radical"
keywords = ["⼈"]
pinyin = "initials"
)toml",
                                                "p.toml");
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_EQ(rules->Find("english_only")->pinyin, Pinyin::kFull);
  EXPECT_TRUE(rules->Find("chinese_in_a_part")->homophones);
}

TEST(ParseRulePackTest, RegexesEachWithTheirLine) {
  absl::StatusOr<RuleSet> rules = ParseRulePack(R"toml([pack]
name = "p"
[[rule]]
id = "one"
category = "spam"
regex = 'a+b'
[[rule]]
id = "r"
category = "spam"
regexes = [
  'ok',
  'x(?<=y)z',
]
)toml",
                                                "p.toml");
  ASSERT_TRUE(rules.ok()) << rules.status();
  const Rule& one = rules->rules()[0];
  ASSERT_EQ(one.regex_locations.size(), 1u);
  EXPECT_EQ(one.regex_locations[0].line, 6);
  const Rule& r = rules->rules()[1];
  ASSERT_EQ(r.regex_locations.size(), 2u);
  EXPECT_EQ(RegexLocation(r, 0).line, 11);
  EXPECT_EQ(RegexLocation(r, 1).line, 12);
  EXPECT_EQ(RegexLocation(r, 1).path, "p.toml");
  // A regex Hyperscan refuses is reported at its own line, not the rule's:
  // in a long array of regexes, the one to fix.
  ExpectRuleError(Engine::Compile(*rules).status(),
                  absl::StatusCode::kInvalidArgument, "p.toml", 12, "r",
                  "regex 'x(?<=y)z' rejected by Hyperscan");
  // A rule built in code, or with fewer locations than regexes, is
  // reported at the rule's location.
  Rule built = r;
  built.regex_locations.resize(1);
  EXPECT_EQ(RegexLocation(built, 1).line, built.location.line);
}

TEST(ParseRulePackTest, TermChecksLeaveWhatMatchesAsWritten) {
  // A raw rule matches byte for byte: a tab or an edge space is meant. A
  // folding rule's keyword that folds to a space beside letters matches
  // text written the same way ("foo´").
  absl::StatusOr<RuleSet> rules = ParseRulePack(R"toml([pack]
name = "p"
[[rule]]
id = "raw"
category = "spam"
normalize = false
keywords = ["a\tb", " spaced "]
[[rule]]
id = "folded"
category = "spam"
keywords = ["foo\u00b4"]
)toml",
                                                "p.toml");
  ASSERT_TRUE(rules.ok()) << rules.status();
  absl::StatusOr<std::shared_ptr<const Engine>> engine =
      Engine::Compile(*rules, {.streaming = false});
  ASSERT_TRUE(engine.ok()) << engine.status();
  absl::StatusOr<ScanResult> result =
      (*engine)->Scan("x a\tb  spaced  foo\u00b4");
  ASSERT_TRUE(result.ok()) << result.status();
  std::vector<std::string> ids;
  for (const Match& m : result->matches) ids.push_back(m.rule);
  EXPECT_THAT(ids, ElementsAre("raw", "raw", "folded"));
  // A keyword of spacing marks alone folds to a space: refused.
  absl::StatusOr<RuleSet> marks = ParseRulePack(
      "[pack]\nname = \"p\"\n[[rule]]\nid = \"m\"\ncategory = "
      "\"spam\"\nkeywords = [\"\\u00b4\"]\n",
      "m.toml");
  ASSERT_TRUE(marks.ok()) << marks.status();
  ExpectRuleError(Engine::Compile(*marks).status(),
                  absl::StatusCode::kInvalidArgument, "m.toml", 6, "m",
                  "folds to only spaces: it would match every space");
}

TEST(ParseRulePackTest, PackWithoutRulesIsEmpty) {
  absl::StatusOr<RuleSet> rules =
      ParseRulePack("[pack]\nname = \"empty\"\n", "p.toml");
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_TRUE(rules->empty());
}

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
  fs::create_directories(fs::path(dir) / "sub.d");
  fs::create_symlink("nowhere", fs::path(dir) / ".hidden-link.toml");

  absl::StatusOr<RuleSet> rules = LoadRules(dir);
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_THAT(Ids(*rules), ElementsAre("rule.a", "rule.b", "rule.c"));
  EXPECT_EQ(rules->Find("rule.b")->pack, "pb");
  EXPECT_EQ(rules->Find("rule.b")->location.path,
            (fs::path(dir) / "b.toml").string());
  EXPECT_EQ(rules->Find("rule.b")->location.line, 4);
}

TEST(LoadRulesTest, EveryPackOfADirectoryIsReadOrAnError) {
  // A *.toml that is no readable file is an error naming it, never a pack
  // silently left out (a deployment's links switched halfway).
  struct Case {
    std::string name;
    std::function<void(const fs::path&)> make;
    absl::StatusCode code;
    std::string what;
  };
  const std::vector<Case> cases = {
      {"to_nothing",
       [](const fs::path& p) { fs::create_symlink("/nonexistent/b.toml", p); },
       absl::StatusCode::kInvalidArgument, "a symbolic link to nothing"},
      {"loop", [](const fs::path& p) { fs::create_symlink(p.filename(), p); },
       absl::StatusCode::kInvalidArgument, "symbolic links"},
      {"directory", [](const fs::path& p) { fs::create_directories(p); },
       absl::StatusCode::kInvalidArgument, "not a regular file"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string dir = MakeTestDir("pack_" + c.name);
    WriteFile(dir, "a.toml", OneRulePack("pa", "rule.a"));
    const fs::path bad = fs::path(dir) / "b.toml";
    c.make(bad);
    ExpectRuleError(LoadRules(dir).status(), c.code, bad.string(), 0, "",
                    c.what);
  }
  // A keywords_file that is a link to nothing says so.
  const std::string dir = MakeTestDir("keywords_link");
  fs::create_symlink("gone.txt", fs::path(dir) / "words.txt");
  const std::string pack =
      WriteFile(dir, "p.toml",
                "[pack]\nname = \"p\"\n[[rule]]\nid = \"r\"\ncategory = "
                "\"spam\"\nkeywords_file = \"words.txt\"\n");
  ExpectRuleError(LoadRules(pack).status(), absl::StatusCode::kNotFound, pack,
                  6, "r", "a symbolic link to nothing");
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
  EXPECT_THAT(StatusMessage(status), HasSubstr(path + ":5:"));
  EXPECT_THAT(StatusMessage(status), HasSubstr("invalid TOML"));
  std::optional<RuleErrorLocation> location = GetRuleErrorLocation(status);
  ASSERT_TRUE(location.has_value());
  EXPECT_EQ(location->path, path);
  EXPECT_EQ(location->line, 5);
}

// --- categories declared by the files loaded -------------------------------

TEST(LoadCategoriesTest, UnknownCategoryNamesFileLineRuleAndHint) {
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
risk = "A.3.4"

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

TEST(LoadCategoriesTest, PackDeclaresItsOwnCategories) {
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

TEST(LoadCategoriesTest, CategoryDeclaredByAnotherFileLoadedTogether) {
  const std::string dir = MakeTestDir("categories_file");
  const std::string categories = WriteFile(dir, "categories.toml", R"toml(
[taxonomy]
name = "acme"

[[category]]
code = "acme.codename"
zh = "项目代号"
en = "Project code name"
risk = "A.3.3"
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

TEST(LoadCategoriesTest, RenamingAShippedCategoryIsAnError) {
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

TEST(LoadCategoriesTest, ShippedRulesDirectoryLoadsWithItsTaxonomyFile) {
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

TEST(LoadCategoriesTest, ParseTaxonomyNeedsATaxonomyFile) {
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

}  // namespace
}  // namespace lexgate
