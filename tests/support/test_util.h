// Helpers shared by the C++ tests: building rules in code and reading the
// data files under tests/data.
#ifndef LEXGATE_TESTS_SUPPORT_TEST_UTIL_H_
#define LEXGATE_TESTS_SUPPORT_TEST_UTIL_H_

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "base/utf8.h"
#include "gtest/gtest.h"
#include "lexgate/lexgate.h"

namespace lexgate::testing {

inline Rule KeywordRule(std::string id, std::vector<std::string> words,
                        Action action = Action::kMask,
                        Boundary boundary = Boundary::kAuto) {
  Rule rule;
  rule.id = std::move(id);
  rule.category = "test";
  rule.action = action;
  rule.boundary = boundary;
  for (std::string& w : words) rule.keywords.push_back({std::move(w), {}});
  return rule;
}

inline Rule RegexRule(std::string id, std::string regex,
                      Boundary boundary = Boundary::kAuto,
                      Validator validator = Validator::kNone) {
  Rule rule;
  rule.id = std::move(id);
  rule.category = "test";
  rule.regexes = {std::move(regex)};
  rule.boundary = boundary;
  rule.validator = validator;
  return rule;
}

// Compiles `rules`, failing the test on error.
inline std::shared_ptr<const Engine> CompileOrDie(std::vector<Rule> rules,
                                                  EngineOptions options = {}) {
  RuleSet set;
  for (Rule& r : rules) {
    absl::Status status = set.Add(std::move(r));
    EXPECT_TRUE(status.ok()) << status;
  }
  auto engine = Engine::Compile(set, options);
  EXPECT_TRUE(engine.ok()) << engine.status();
  return engine.ok() ? *engine : nullptr;
}

// The shipped packs (rules/) compiled with the default options, once per
// test binary; nullptr (and a failed test) when they do not compile.
inline std::shared_ptr<const Engine> ShippedEngine() {
  static const std::shared_ptr<const Engine> engine =
      []() -> std::shared_ptr<const Engine> {
    absl::StatusOr<RuleSet> rules =
        LoadRules(std::string(LEXGATE_SOURCE_DIR) + "/rules");
    EXPECT_TRUE(rules.ok()) << rules.status();
    if (!rules.ok()) return nullptr;
    absl::StatusOr<std::shared_ptr<const Engine>> compiled =
        Engine::Compile(*rules);
    EXPECT_TRUE(compiled.ok()) << compiled.status();
    return compiled.ok() ? *compiled : nullptr;
  }();
  return engine;
}

// "rule@start-end " per match, for comparing two scans' spans.
inline std::string DescribeSpans(const std::vector<Match>& matches) {
  std::string out;
  for (const Match& m : matches) {
    out += m.rule + "@" + std::to_string(m.start) + "-" +
           std::to_string(m.end) + " ";
  }
  return out;
}

// What a stream of `engine` lets out of `text` fed in deltas of `step`
// bytes, then " | " and its verdict ("error: ..." when it cannot be
// opened), for comparing the streams of two engines, or a stream with
// Redact().
inline std::string StreamedOut(const Engine& engine, std::string_view text,
                               size_t step = 3) {
  absl::StatusOr<Stream> stream = engine.OpenStream();
  if (!stream.ok()) return "error: " + stream.status().ToString();
  std::string out;
  for (size_t i = 0; i < text.size(); i += step) {
    out += stream->Feed(text.substr(i, step));
  }
  out += stream->Finish();
  return out + " | " + std::string(ActionName(stream->verdict()));
}

// Engine::Scan / Engine::Redact that fail the test on an error status and
// return the value, so that expectations read as plain values.
inline ScanResult Scanned(const Engine& engine, std::string_view text) {
  absl::StatusOr<ScanResult> result = engine.Scan(text);
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *std::move(result) : ScanResult();
}
inline std::string Redacted(const Engine& engine, std::string_view text) {
  absl::StatusOr<std::string> result = engine.Redact(text);
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *std::move(result) : std::string();
}
inline std::string Redacted(const Engine& engine, std::string_view text,
                            const ScanResult& result) {
  return engine.Redact(text, result);
}

// Normalizer::Fold / Normalize that fail the test on an error status.
inline std::string Folded(const Normalizer& normalizer, std::string_view text) {
  absl::StatusOr<std::string> folded = normalizer.Fold(text);
  EXPECT_TRUE(folded.ok()) << folded.status();
  return folded.ok() ? *std::move(folded) : std::string();
}
inline NormalizedText Normalized(const Normalizer& normalizer,
                                 std::string_view text) {
  absl::StatusOr<NormalizedText> n = normalizer.Normalize(text);
  EXPECT_TRUE(n.ok()) << n.status();
  return n.ok() ? *std::move(n) : NormalizedText();
}

inline std::string ReadTestFile(const std::string& name) {
  std::ifstream in(std::string(LEXGATE_TEST_DATA_DIR) + "/" + name,
                   std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << name;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::vector<std::string> ReadTestLines(const std::string& name) {
  std::vector<std::string> lines;
  std::istringstream in(ReadTestFile(name));
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// UTF-8 helpers for tests, as the library decodes (an invalid byte is one
// U+FFFD).
inline size_t Utf8Length(std::string_view s, size_t i) {
  return internal::DecodeUtf8(s, i).length;
}
inline char32_t DecodeAt(std::string_view s, size_t i) {
  return internal::DecodeUtf8(s, i).cp;
}
inline size_t CountChars(std::string_view s) {
  return internal::CountCodePoints(s);
}

// Replaces \uXXXX escapes with the UTF-8 of the code point, so that data
// files can show invisible characters.
std::string DecodeEscapes(const std::string& s);

}  // namespace lexgate::testing

#endif  // LEXGATE_TESTS_SUPPORT_TEST_UTIL_H_
