// Minimal embedding: load rule packs, compile once, then scan and redact.
// Usage: lexgate_embed_example RULES_PATH [TEXT]
#include <iostream>
#include <string>

#include "lexgate/lexgate.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: " << argv[0] << " RULES_PATH [TEXT]\n";
    return 2;
  }
  absl::StatusOr<lexgate::RuleSet> rules = lexgate::LoadRules(argv[1]);
  if (!rules.ok()) {
    std::cerr << rules.status().message() << "\n";
    return 2;
  }
  auto engine = lexgate::Engine::Compile(*rules);  // immutable, thread-safe
  if (!engine.ok()) {
    std::cerr << engine.status().message() << "\n";
    return 2;
  }
  std::string text = argc > 2 ? argv[2] : "Call me at 13812345678, f.u.c.k!";
  // A scan that cannot finish is an error, never a clean result.
  absl::StatusOr<lexgate::ScanResult> result = (*engine)->Scan(text);
  if (!result.ok()) {
    std::cerr << result.status().message() << "\n";
    return 2;
  }
  for (const lexgate::Match& m : result->matches) {
    std::cout << m.rule << " [" << m.start << ", " << m.end << "): " << m.text
              << "\n";
  }
  std::cout << (*engine)->Redact(text, *result) << "\n";
}
