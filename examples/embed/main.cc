// Minimal embedding: load rule packs, compile once, then scan and redact.
// Usage: lexgate_embed_example [RULES_PATH [TEXT]]
// Without RULES_PATH, the shipped packs wherever lexgate was installed.
#include <iostream>
#include <string>

#include "lexgate/lexgate.h"

namespace {

// Errors are printed by their message: streaming an absl::Status would also
// print its payloads, which are binary.
int Fail(const absl::Status& status) {
  std::cerr << "error: " << lexgate::StatusMessage(status) << "\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  absl::StatusOr<std::string> path =
      argc > 1 ? std::string(argv[1]) : lexgate::DefaultRulesPath();
  if (!path.ok()) return Fail(path.status());
  absl::StatusOr<lexgate::RuleSet> rules = lexgate::LoadRules(*path);
  if (!rules.ok()) return Fail(rules.status());
  lexgate::EngineOptions options;
  options.streaming = false;  // Scan() and Redact() only: half the work
  auto engine = lexgate::Engine::Compile(*rules, options);  // thread-safe
  if (!engine.ok()) return Fail(engine.status());
  std::string text = argc > 2 ? argv[2] : "Call me at 13812345678, f.u.c.k!";
  // A scan that cannot finish is an error, never a clean result.
  absl::StatusOr<lexgate::ScanResult> result = (*engine)->Scan(text);
  if (!result.ok()) return Fail(result.status());
  for (const lexgate::Match& m : result->matches) {
    std::cout << m.rule << " [" << m.start << ", " << m.end << "): " << m.text
              << "\n";
  }
  std::cout << (*engine)->Redact(text, *result) << "\n";
}
