#include "rule_test.h"

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "lexgate/engine.h"
#include "lexgate/rules.h"
#include "lexgate/stream.h"
#include "options.h"

namespace lexgate_filter {
namespace {

// The text of an example, quoted and on one line.
std::string Quote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\'':
        out += "\\'";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        out += c;
    }
  }
  out += "'";
  return out;
}

std::string Where(const lexgate::Rule& rule) {
  std::string path =
      rule.location.path.empty() ? "<rules>" : rule.location.path;
  return absl::StrCat(path, ":", rule.location.line, ": rule '", rule.id, "'");
}

// The first match of rule `id` in `result`, or nullptr.
const lexgate::Match* FindMatch(const lexgate::ScanResult& result,
                                std::string_view id) {
  for (const lexgate::Match& match : result.matches) {
    if (match.rule == id) return &match;
  }
  return nullptr;
}

// The rule set with every allow rule turned into a flag rule, so that allow
// rules show up among the matches; nullptr if there is no allow rule with
// something to check.
absl::StatusOr<std::shared_ptr<const lexgate::Engine>> CompileAllowAsFlag(
    const lexgate::RuleSet& rules) {
  bool needed = false;
  for (const lexgate::Rule& rule : rules.rules()) {
    needed |= rule.action == lexgate::Action::kAllow &&
              !(rule.examples.empty() && rule.counterexamples.empty());
  }
  if (!needed) return nullptr;
  lexgate::RuleSet flagged;
  for (lexgate::Rule rule : rules.rules()) {
    if (rule.action == lexgate::Action::kAllow) {
      rule.action = lexgate::Action::kFlag;
    }
    if (absl::Status status = flagged.Add(std::move(rule)); !status.ok()) {
      return status;
    }
  }
  lexgate::EngineOptions options;
  options.streaming = false;  // examples are checked whole
  return lexgate::Engine::Compile(flagged, options);
}

}  // namespace

int RunRuleTests(const lexgate::RuleSet& rules, const lexgate::Engine& engine) {
  absl::StatusOr<std::shared_ptr<const lexgate::Engine>> allow_engine =
      CompileAllowAsFlag(rules);
  if (!allow_engine.ok()) {
    std::fprintf(stderr, "%s: %s\n", kProgramName,
                 std::string(allow_engine.status().message()).c_str());
    return 2;
  }
  size_t checked = 0;
  size_t failures = 0;
  auto fail = [&failures](const std::string& message) {
    ++failures;
    std::printf("%s\n", message.c_str());
  };
  for (const lexgate::Rule& rule : rules.rules()) {
    const lexgate::Engine& checker =
        rule.action == lexgate::Action::kAllow ? **allow_engine : engine;
    for (const std::string& example : rule.examples) {
      ++checked;
      absl::StatusOr<lexgate::ScanResult> scanned = checker.Scan(example);
      if (!scanned.ok()) {
        fail(absl::StrCat(
            Where(rule), ": example ", Quote(example),
            " could not be scanned: ", scanned.status().message()));
        continue;
      }
      const lexgate::ScanResult& result = *scanned;
      if (FindMatch(result, rule.id) != nullptr) continue;
      std::string others;
      for (const lexgate::Match& match : result.matches) {
        absl::StrAppend(&others, others.empty() ? " (matched instead: " : ", ",
                        match.rule);
      }
      if (!others.empty()) others += ")";
      fail(absl::StrCat(Where(rule), ": example ", Quote(example),
                        " does not match", others));
    }
    for (const std::string& counterexample : rule.counterexamples) {
      ++checked;
      absl::StatusOr<lexgate::ScanResult> result = checker.Scan(counterexample);
      if (!result.ok()) {
        fail(absl::StrCat(
            Where(rule), ": counterexample ", Quote(counterexample),
            " could not be scanned: ", result.status().message()));
        continue;
      }
      const lexgate::Match* match = FindMatch(*result, rule.id);
      if (match == nullptr) continue;
      fail(absl::StrCat(Where(rule), ": counterexample ", Quote(counterexample),
                        " matches ", Quote(match->text), " at bytes ",
                        match->start, "..", match->end));
    }
  }
  // Python's Engine.from_paths and --stream compile for streaming, which
  // refuses more (an all_of rule without `within`): a pack that passes
  // here must load there too.
  lexgate::EngineOptions streaming;
  streaming.streaming = true;
  if (absl::StatusOr<std::shared_ptr<const lexgate::Engine>> streamed =
          lexgate::Engine::Compile(rules, streaming);
      !streamed.ok()) {
    fail(
        absl::StrCat("the packs do not compile for streaming (--stream, "
                     "Python's Engine.from_paths): ",
                     streamed.status().message()));
  } else if (absl::StatusOr<lexgate::Stream> stream = (*streamed)->OpenStream();
             !stream.ok()) {
    // Some rules compile for streaming but cannot be streamed (one that
    // matches unfolded text). Such packs serve the batch modes, which is
    // what `normalize = false` is for: said, not failed.
    std::printf(
        "note: the packs cannot be streamed (--stream, Python's "
        "Engine.stream), only scanned whole: %s\n",
        std::string(stream.status().message()).c_str());
  }
  std::printf("%zu rules, %zu examples checked, %zu failures\n", rules.size(),
              checked, failures);
  std::fflush(stdout);
  return failures == 0 ? 0 : 1;
}

}  // namespace lexgate_filter
