// Rule-pack loading from arbitrary TOML (lexgate::ParseRulePack and
// lexgate::ParseTaxonomy).
//
// Input: the TOML text.
// Properties: loading never crashes or throws, whatever the text: an error
// is a status (with a message). A pack that loads and has only keywords is
// also compiled, and its examples and counterexamples scanned (CheckScan):
// keyword folding and escaping see fuzzer-made keywords. Regexes are not
// compiled: Hyperscan's compile time is not lexgate's to bound, and packs
// are trusted input.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "fuzz/fuzz_checks.h"
#include "lexgate/engine.h"
#include "lexgate/rules.h"

namespace {

// A directory that does not exist, so that keywords_file = "..." reads
// nothing (relative paths resolve against it).
constexpr char kPackPath[] = "/nonexistent/lexgate-fuzz/pack.toml";

// Bounds what one input may compile, so that every run stays fast.
constexpr size_t kMaxRulesToCompile = 16;
constexpr size_t kMaxKeywordBytesToCompile = 4096;
constexpr size_t kMaxTextsToScan = 16;

void CompileAndScan(const lexgate::RuleSet& rules) {
  if (rules.empty() || rules.size() > kMaxRulesToCompile) return;
  size_t keyword_bytes = 0;
  for (const lexgate::Rule& rule : rules.rules()) {
    if (!rule.regexes.empty()) return;
    for (const lexgate::Keyword& k : rule.keywords) {
      keyword_bytes += k.text.size();
    }
  }
  if (keyword_bytes > kMaxKeywordBytesToCompile) return;
  auto engine = lexgate::Engine::Compile(rules);
  LEXGATE_FUZZ_CHECK(engine.ok() || !engine.status().message().empty(),
                     "an error without a message");
  if (!engine.ok()) return;
  size_t scanned = 0;
  for (const lexgate::Rule& rule : rules.rules()) {
    for (const auto* texts : {&rule.examples, &rule.counterexamples}) {
      for (const std::string& text : *texts) {
        if (scanned++ == kMaxTextsToScan) return;
        lexgate::fuzz::CheckScan(**engine, text);
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view toml(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<lexgate::RuleSet> rules =
      lexgate::ParseRulePack(toml, kPackPath);
  LEXGATE_FUZZ_CHECK(rules.ok() || !rules.status().message().empty(),
                     "an error without a message");
  if (rules.ok()) CompileAndScan(*rules);
  absl::StatusOr<lexgate::Taxonomy> taxonomy =
      lexgate::ParseTaxonomy(toml, kPackPath);
  LEXGATE_FUZZ_CHECK(taxonomy.ok() || !taxonomy.status().message().empty(),
                     "an error without a message");
  return 0;
}
