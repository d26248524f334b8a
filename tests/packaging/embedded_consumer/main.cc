// Compiles the shipped packs found through DefaultRulesPath() (the source
// tree of the embedded lexgate) and redacts a phone number and a swear word.
#include <iostream>

#include "lexgate/lexgate.h"

int main() {
  static_assert(LEXGATE_VERSION_MAJOR >= 0, "lexgate/version.h is generated");
  absl::StatusOr<std::string> rules = lexgate::DefaultRulesPath();
  if (!rules.ok()) {
    std::cerr << lexgate::StatusMessage(rules.status()) << "\n";
    return 1;
  }
  absl::StatusOr<lexgate::RuleSet> set = lexgate::LoadRules(*rules);
  if (!set.ok()) {
    std::cerr << lexgate::StatusMessage(set.status()) << "\n";
    return 1;
  }
  lexgate::EngineOptions options;
  options.streaming = false;
  auto engine = lexgate::Engine::Compile(*set, options);
  if (!engine.ok()) {
    std::cerr << lexgate::StatusMessage(engine.status()) << "\n";
    return 1;
  }
  absl::StatusOr<std::string> redacted = (*engine)->Redact("13812345678 fuck");
  if (!redacted.ok()) {
    std::cerr << lexgate::StatusMessage(redacted.status()) << "\n";
    return 1;
  }
  std::cout << *redacted << "\n";
  return 0;
}
