// One test per error path of loading rule packs (lexgate/load_rules.h):
// every malformed pack names its file, its line and its rule, in the message
// and in the RuleErrorLocation payload.
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "lexgate/load_rules.h"
#include "lexgate/rule_error.h"
#include "lexgate/rule_set.h"
#include "support/rule_test_util.h"

namespace lexgate {
namespace {

using testing::ExpectRuleError;
using testing::MakeTestDir;
using testing::WriteFile;

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
  // A file the pack names that could not be read (beside the pack), which
  // the error names as RuleErrorLocation::unread_file.
  std::string unread_file = "";
};

class PackErrorTest : public ::testing::TestWithParam<ErrorCase> {};

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
  const std::optional<RuleErrorLocation> where =
      GetRuleErrorLocation(rules.status());
  ASSERT_TRUE(where.has_value());
  EXPECT_EQ(where->unread_file,
            c.unread_file.empty() ? "" : dir + "/" + c.unread_file);
}

std::string Head(const std::string& rest) { return kHead + rest; }

INSTANTIATE_TEST_SUITE_P(
    Errors, PackErrorTest,
    ::testing::Values(
        ErrorCase{"unknown_rule_key",
                  Head("[[rule]]\nid = \"r1\"\nkeywords = [\"a\"]\n"
                       "keywrods_file = \"x\"\n"),
                  8, "r1",
                  "unknown key 'keywrods_file' in [[rule]]; valid keys: id, "
                  "category, action, severity, keywords, keywords_file"},
        ErrorCase{"unknown_pack_key", "[pack]\nname = \"p\"\nowner = 2\n", 3,
                  "",
                  "unknown key 'owner' in [pack]; valid keys: name, "
                  "description, version, updated"},
        ErrorCase{"pack_version_not_string",
                  "[pack]\nname = \"p\"\nversion = 2\n", 3, "",
                  "'version' must be a string, not an integer"},
        ErrorCase{"pack_updated_not_a_date",
                  "[pack]\nname = \"p\"\nupdated = \"June 2025\"\n", 3, "",
                  "[pack] 'updated' must be a date, YYYY-MM-DD"},
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
                       "validator = \"mod97\"\n"),
                  8, "r1",
                  "'validator' must be one of luhn, cn_resident_id, iban, "
                  "cn_credit_code, hk_id, tw_id, none, "
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
                  Head("[[rule]]\nid = \"r1\"\nkeywords_file = \"k.txt\"\n"), 7,
                  "r1", "keywords_file 'k.txt' holds no keyword",
                  absl::StatusCode::kInvalidArgument, "k.txt",
                  "# only comments\n\n"},
        // A list cut short shrinks the rule silently even when it has
        // other terms.
        ErrorCase{"empty_keyword_file_beside_keywords",
                  Head("[[rule]]\nid = \"r1\"\nkeywords = [\"inline\"]\n"
                       "keywords_file = \"k.txt\"\n"),
                  8, "r1", "keywords_file 'k.txt' holds no keyword",
                  absl::StatusCode::kInvalidArgument, "k.txt", ""},
        // C1 controls and U+FFFD are dropped by the fold: the keyword
        // would silently be another (alphabeta, 习平).
        ErrorCase{"nel_inside_a_keyword_file_line",
                  Head("[[rule]]\nid = \"r1\"\n"
                       "keywords_file = \"k.txt\"\n"),
                  2, "r1",
                  "control character U+0085 (a file with NEL line ends?",
                  absl::StatusCode::kInvalidArgument, "k.txt",
                  "ok\nalpha\xc2\x85"
                  "beta\n",
                  true},
        ErrorCase{
            "replacement_character_in_a_keyword",
            Head(
                "[[rule]]\nid = \"r1\"\nkeywords = [\"\u4e60\ufffd\u5e73\"]\n"),
            7, "r1", "holds U+FFFD, the mark of text decoded with errors"},
        ErrorCase{"utf16_keyword_file_of_a_rule_that_does_not_fold",
                  Head("[[rule]]\nid = \"r1\"\nnormalize = false\n"
                       "keywords_file = \"k.txt\"\n"),
                  1, "r1", "control character U+0000 (a UTF-16 file?",
                  absl::StatusCode::kInvalidArgument, "k.txt",
                  std::string("s\0e\0c\0\n\0", 8), true},
        ErrorCase{"line_break_in_a_replacement",
                  Head("[[rule]]\nid = \"r1\"\nkeywords = [\"abc\"]\n"
                       "replacement = \"X\\nY\"\n"),
                  5, "r1", "'replacement' \"X\\nY\" holds a control character"},
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
                  absl::StatusCode::kNotFound, "", "", false, "nope.txt"},
        ErrorCase{"keywords_file_is_directory",
                  Head("[[rule]]\nid = \"r1\"\nkeywords_file = \"sub\"\n"), 7,
                  "r1", "is a directory", absl::StatusCode::kInvalidArgument,
                  "sub/x.txt", "x\n", false, "sub"},
        ErrorCase{"keywords_file_not_utf8",
                  Head("[[rule]]\nid = \"r1\"\nkeywords_file = \"gbk.txt\"\n"),
                  2, "r1", "not valid UTF-8",
                  absl::StatusCode::kInvalidArgument, "gbk.txt",
                  "ok\n\xD5\xFD\xB3\xA3\n", /*error_in_aux=*/true},
        ErrorCase{"keywords_file_cr_line_ends",
                  Head("[[rule]]\nid = \"r1\"\nkeywords_file = \"mac.txt\"\n"),
                  1, "r1",
                  "holds the control character U+000D (a file with old Mac "
                  "line ends?",
                  absl::StatusCode::kInvalidArgument, "mac.txt",
                  "fuck\rshit\rbitch\r", /*error_in_aux=*/true},
        ErrorCase{"keywords_file_utf16_without_bom",
                  Head("[[rule]]\nid = \"r1\"\nkeywords_file = \"u16.txt\"\n"),
                  1, "r1",
                  "keyword \"f\\u{0000}u\\u{0000}c\\u{0000}k\\u{0000}\" holds "
                  "the control character U+0000 (a UTF-16 file?",
                  absl::StatusCode::kInvalidArgument, "u16.txt",
                  std::string("f\0u\0c\0k\0\n\0", 10), /*error_in_aux=*/true},
        ErrorCase{"keywords_file_columns",
                  Head("[[rule]]\nid = \"r1\"\nkeywords_file = \"t.tsv\"\n"), 2,
                  "r1", "U+0009 (a file with columns?",
                  absl::StatusCode::kInvalidArgument, "t.tsv",
                  "ok\nfuck\tA.4.3\n", /*error_in_aux=*/true},
        ErrorCase{"keyword_with_nul",
                  Head("[[rule]]\nid = \"r1\"\nkeywords = [\"a\\u0000b\"]\n"),
                  7, "r1", "holds the control character U+0000"},
        ErrorCase{"keyword_led_by_ideographic_space",
                  Head("[[rule]]\nid = \"r1\"\nkeywords = [\"\u3000傻逼\"]\n"),
                  7, "r1",
                  "keyword \"\\u{3000}傻逼\" begins or ends with whitespace"},
        // In a multi-line array the error points at the keyword's own line.
        ErrorCase{"keyword_on_its_own_line",
                  Head("[[rule]]\nid = \"r1\"\nkeywords = [\n  \"one\",\n"
                       "  \"two\",\n  \"three \",\n]\n"),
                  10, "r1",
                  "keyword \"three \" begins or ends with whitespace"},
        ErrorCase{"all_of_alternative_on_its_own_line",
                  Head("[[rule]]\nid = \"r1\"\nall_of = [\n  [\"出售\",\n"
                       "   \"售卖 \"],\n  \"枪\",\n]\nwithin = 5\n"),
                  9, "r1", "begins or ends with whitespace"},
        ErrorCase{"keyword_ending_in_nbsp",
                  Head("[[rule]]\nid = \"r1\"\nkeywords = [\"fuck\u00a0\"]\n"),
                  7, "r1", "begins or ends with whitespace"},
        ErrorCase{"keyword_only_whitespace",
                  Head("[[rule]]\nid = \"r1\"\nkeywords = [\"zz\", "
                       "\"\u3000\"]\n"),
                  7, "r1", "is only whitespace: it would match every space"},
        ErrorCase{"all_of_part_only_whitespace",
                  Head("[[rule]]\nid = \"r1\"\nall_of = [[\"出售\"], "
                       "[\"\u00a0\"]]\nwithin = 5\n"),
                  7, "r1", "is only whitespace"},
        ErrorCase{"none_of_edge_space",
                  Head("[[rule]]\nid = \"r1\"\nall_of = [[\"出售\"], "
                       "[\"枪\"]]\nnone_of = [\"玩具 \"]\nwithin = 5\n"),
                  8, "r1", "begins or ends with whitespace"},
        // Masking settings a rule writes where they could never take effect.
        ErrorCase{"mask_char_beside_replacement",
                  Head("[[rule]]\nid = \"r1\"\nkeywords = [\"a\"]\n"
                       "replacement = \"x\"\nmask_char = \"#\"\n"),
                  9, "r1",
                  "'mask_char' would never take effect: the rule's "
                  "replacement (set here) takes the place of the masked text"},
        ErrorCase{"mask_keep_beside_a_default_replacement",
                  "[pack]\nname = \"p\"\n[defaults]\ncategory = \"spam\"\n"
                  "replacement = \"x\"\n[[rule]]\nid = \"r1\"\n"
                  "keywords = [\"a\"]\nmask_keep = [1, 1]\n",
                  9, "r1", "the rule's replacement (from [defaults])"},
        ErrorCase{"replacement_on_an_allow_rule",
                  Head("[[rule]]\nid = \"r1\"\nkeywords = [\"a\"]\n"
                       "action = \"allow\"\nreplacement = \"x\"\n"),
                  9, "r1",
                  "'replacement' would never take effect: an allow rule masks "
                  "nothing"},
        // Spellings a rule writes for keywords that have nothing to spell.
        ErrorCase{"variants_on_chinese_keywords",
                  Head("[[rule]]\nid = \"r1\"\nkeywords = [\"傻逼\", \"5\"]\n"
                       "variants = [\"leet\"]\n"),
                  8, "r1",
                  "'variants' would never take effect: letter variants spell "
                  "a keyword's Latin letters, and no keyword of the rule has "
                  "one"},
        ErrorCase{"variants_on_a_regex_rule",
                  Head("[[rule]]\nid = \"r1\"\nregex = \"a+b\"\n"
                       "variants = [\"repeats\"]\n"),
                  8, "r1", "'variants' would never take effect"},
        ErrorCase{"pinyin_on_english_keywords",
                  Head("[[rule]]\nid = \"r1\"\nkeywords = [\"scam\"]\n"
                       "all_of = [[\"buy\"], [\"now\"]]\nwithin = 9\n"
                       "pinyin = \"initials\"\n"),
                  10, "r1",
                  "'pinyin' would never take effect: pinyin and homophones "
                  "spell a keyword's Chinese characters, and no keyword of "
                  "the rule has one"},
        ErrorCase{"homophones_on_english_keywords",
                  Head("[[rule]]\nid = \"r1\"\nkeywords = [\"ｓｃａｍ\"]\n"
                       "homophones = true\n"),
                  8, "r1", "'homophones' would never take effect"},
        // At the regex's own line, in an array too.
        ErrorCase{"regex_with_nul",
                  Head("[[rule]]\nid = \"r1\"\nregex = \"ab\\u0000c\"\n"), 7,
                  "r1", "holds a NUL byte, where Hyperscan would cut it"},
        ErrorCase{"regex_with_nul_on_its_own_line",
                  Head("[[rule]]\nid = \"r1\"\nregexes = [\n  \"ok\",\n"
                       "  \"ab\\u0000c\",\n]\n"),
                  9, "r1", "holds a NUL byte, where Hyperscan would cut it"},
        ErrorCase{"missing_pack_table", "[defaults]\ncategory = \"c\"\n", 0, "",
                  "missing [pack] table"},
        ErrorCase{"pack_without_name", "[pack]\ndescription = \"d\"\n", 1, "",
                  "[pack] has no 'name'"},
        ErrorCase{"empty_pack_name", "[pack]\nname = \"\"\n", 2, "",
                  "'name' must not be empty"},
        ErrorCase{"rule_is_a_table",
                  "[pack]\nname = \"p\"\n[rule]\nid = \"r\"\n", 3, "",
                  "'rule' must be an array of tables"}),
    [](const ::testing::TestParamInfo<ErrorCase>& info) {
      return info.param.name;
    });

INSTANTIATE_TEST_SUITE_P(
    CategoryErrors, PackErrorTest,
    ::testing::Values(
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
    [](const ::testing::TestParamInfo<ErrorCase>& info) {
      return info.param.name;
    });

}  // namespace
}  // namespace lexgate
