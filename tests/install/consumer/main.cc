// Compiles a rule in code and redacts one line: proof that the installed
// headers, library and CMake package work together.
#include <iostream>

#include "lexgate/lexgate.h"

int main() {
  lexgate::Rule rule;
  rule.id = "demo";
  rule.category = "profanity";
  rule.keywords = {{"fuck", {}}, {"习近平", {}}};
  lexgate::RuleSet rules;
  if (auto status = rules.Add(rule); !status.ok()) {
    std::cerr << status << "\n";
    return 1;
  }
  auto engine = lexgate::Engine::Compile(rules);
  if (!engine.ok()) {
    std::cerr << engine.status() << "\n";
    return 1;
  }
  absl::StatusOr<std::string> redacted = (*engine)->Redact("ＦＵＣＫ 习 近 平");
  if (!redacted.ok()) {
    std::cerr << redacted.status() << "\n";
    return 1;
  }
  std::cout << *redacted << "\n";
  return 0;
}
