// The streaming guard against the whole text, over fuzzer-written rule sets:
// the `stream` target's one engine cannot reach the hold plan's corners
// (anchors, alphabets, window regexes, the max_hold cap) that other rules
// have, and a differential search over random rule sets found three
// contract violations there.
//
// Input: lines of rules, an empty line, then the text. A rule line is
//   <action><boundary> <kind> <term>[|<term>...]
// action m(ask) b(lock) a(llow) f(lag); boundary a(uto) w(ord) d(igit)
// n(one); kind k (keywords) or r (regexes). "mn r gh+" is a mask regex
// without boundary. At most 8 rules; a rule set that does not compile is
// skipped. The first byte of the text chooses the split (as in `stream`),
// the second the options (OptionsOf()).
//
// Properties (CheckStreamWithCap()): the rules have no replacement, so a
// masked character is one '*' and the stream's output lines up with the
// text character by character. When the folded text is no longer than
// max_hold (no run can pass the cap): the output is exactly Redact(whole),
// the matches and the verdict Scan's. When it is longer (stream.h contract
// 3): every output character is the text's or '*', every character
// Redact(whole) masks is '*', nothing comes out after a block, the stream
// blocks when Scan(whole) does and otherwise only by a run past the cap;
// and with the largest max_hold the output is exact again.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "fuzz/fuzz_checks.h"
#include "lexgate/engine.h"
#include "lexgate/rules.h"

namespace {

using lexgate::Action;
using lexgate::Boundary;

constexpr size_t kMaxRules = 8;
// Longer rule lines are refused: Hyperscan compiles some long regexes for
// minutes (`[a-z]{30}` then 500 literal 1s took 2.5 minutes under the
// sanitizers), and this target searches streams, not compile times.
constexpr size_t kMaxRuleLine = 160;

// The pieces of `text` between `separator`s (empty ones too).
std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> out;
  for (size_t at = 0;;) {
    const size_t next = text.find(separator, at);
    out.push_back(text.substr(at, next - at));
    if (next == std::string_view::npos) return out;
    at = next + 1;
  }
}

bool ParseRule(std::string_view line, size_t index, lexgate::Rule* rule) {
  if (line.size() < 6 || line.size() > kMaxRuleLine || line[2] != ' ' ||
      line[4] != ' ') {
    return false;
  }
  Action action;
  switch (line[0]) {
    case 'm':
      action = Action::kMask;
      break;
    case 'b':
      action = Action::kBlock;
      break;
    case 'a':
      action = Action::kAllow;
      break;
    case 'f':
      action = Action::kFlag;
      break;
    default:
      return false;
  }
  Boundary boundary;
  switch (line[1]) {
    case 'a':
      boundary = Boundary::kAuto;
      break;
    case 'w':
      boundary = Boundary::kWord;
      break;
    case 'd':
      boundary = Boundary::kDigit;
      break;
    case 'n':
      boundary = Boundary::kNone;
      break;
    default:
      return false;
  }
  std::vector<std::string> terms;
  for (std::string_view term : Split(line.substr(5), '|')) {
    if (!term.empty()) terms.emplace_back(term);
  }
  if (terms.empty()) return false;
  const bool keywords = line[3] == 'k';
  if (!keywords && line[3] != 'r') return false;
  *rule = lexgate::fuzz::MakeRule(
      absl::StrCat("r", index), action,
      keywords ? std::move(terms) : std::vector<std::string>{},
      keywords ? std::vector<std::string>{} : std::move(terms));
  rule->boundary = boundary;
  return true;
}

// The engine of the rule lines, or null when they do not compile. The
// last one is kept: the fuzzer mutates the text far more often than the
// rules, and compiling costs milliseconds. (The first state, no lines and
// no engine, is what no lines give.)
std::shared_ptr<const lexgate::Engine> EngineFor(std::string_view spec) {
  static std::string cached_spec;
  static std::shared_ptr<const lexgate::Engine> cached;
  if (spec == cached_spec) return cached;
  cached_spec = std::string(spec);
  cached = nullptr;
  lexgate::RuleSet rules;
  size_t index = 0;
  for (std::string_view line : Split(spec, '\n')) {
    if (line.empty()) continue;
    lexgate::Rule rule;
    if (index == kMaxRules || !ParseRule(line, index, &rule)) return nullptr;
    if (!rules.Add(std::move(rule)).ok()) return nullptr;
    ++index;
  }
  if (index == 0) return nullptr;
  lexgate::EngineOptions options;
  options.streaming = true;
  absl::StatusOr<std::shared_ptr<const lexgate::Engine>> engine =
      lexgate::Engine::Compile(rules, options);
  if (engine.ok()) cached = *std::move(engine);
  return cached;
}

lexgate::StreamOptions OptionsOf(uint8_t byte) {
  // The large batches gather text into one long Process(), as one long
  // delta does: longer than the characters a stream remembers (max_hold +
  // 64, rounded up to a power of two), with more anchors than it keeps.
  static constexpr size_t kBatches[] = {
      0, 1, 7, lexgate::StreamOptions::kAutoBatch, 200, 4096, 8192, 1 << 20};
  static constexpr size_t kMaxHolds[] = {
      lexgate::StreamOptions::kDefaultMaxHold, 16, 40, 200};
  lexgate::StreamOptions options;
  options.batch = kBatches[byte & 7];
  options.max_hold = kMaxHolds[(byte >> 3) & 3];
  return options;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t end_of_rules = input.find("\n\n");
  if (end_of_rules == std::string_view::npos) return 0;
  const std::string_view rest = input.substr(end_of_rules + 2);
  if (rest.size() < 2) return 0;
  // Valid UTF-8 only: the character-by-character comparison needs it, and
  // the `stream` and `scan` targets cover invalid text.
  const std::string_view text = rest.substr(2);
  if (!lexgate::fuzz::IsValidUtf8(text)) return 0;
  const std::shared_ptr<const lexgate::Engine> engine =
      EngineFor(input.substr(0, end_of_rules));
  if (engine == nullptr) return 0;
  const auto split = static_cast<uint8_t>(rest[0]);
  lexgate::fuzz::CheckStreamWithCap(
      *engine, text, lexgate::fuzz::SplitText(text, split & 3, split >> 2),
      OptionsOf(static_cast<uint8_t>(rest[1])));
  return 0;
}
