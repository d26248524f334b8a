#include "fuzz/fuzz_checks.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "lexgate/stream.h"

namespace lexgate::fuzz {
namespace {

// Merged [start, end) spans of the matches that Redact() replaces.
std::vector<std::pair<size_t, size_t>> MaskedSpans(const ScanResult& result) {
  std::vector<std::pair<size_t, size_t>> spans;
  for (const Match& m : result.matches) {
    if (m.action != Action::kMask && m.action != Action::kBlock) continue;
    if (!spans.empty() && m.start <= spans.back().second) {
      spans.back().second = std::max(spans.back().second, m.end);
    } else {
      spans.push_back({m.start, m.end});
    }
  }
  return spans;
}

std::string Describe(std::string_view text, std::string_view redacted) {
  return absl::StrCat("text: \"", Escaped(text), "\"\nredacted: \"",
                      Escaped(redacted), "\"");
}

// Redact() may only rewrite the masked spans: the gaps between them come
// out in order and unchanged, the text before the first span and after the
// last one exactly so.
void CheckUntouchedOutsideSpans(std::string_view text, const ScanResult& result,
                                std::string_view redacted) {
  const std::vector<std::pair<size_t, size_t>> spans = MaskedSpans(result);
  if (spans.empty()) {
    LEXGATE_FUZZ_CHECK(redacted == text, Describe(text, redacted));
    return;
  }
  const std::string_view head = text.substr(0, spans.front().first);
  const std::string_view tail = text.substr(spans.back().second);
  LEXGATE_FUZZ_CHECK(redacted.starts_with(head), Describe(text, redacted));
  LEXGATE_FUZZ_CHECK(
      redacted.size() >= head.size() + tail.size() && redacted.ends_with(tail),
      Describe(text, redacted));
  size_t cursor = head.size();
  for (size_t i = 1; i < spans.size(); ++i) {
    const std::string_view gap =
        text.substr(spans[i - 1].second, spans[i].first - spans[i - 1].second);
    const size_t found = redacted.find(gap, cursor);
    LEXGATE_FUZZ_CHECK(found != std::string_view::npos &&
                           found + gap.size() <= redacted.size() - tail.size(),
                       Describe(text, redacted));
    cursor = found + gap.size();
  }
}

// Where the stream-specific API is used, so that changes of the Stream API
// touch only these two functions.
absl::StatusOr<Stream> OpenGuard(const Engine& engine) {
  return engine.OpenStream(StreamOptions());
}

}  // namespace

void Fail(std::string_view what, std::string_view detail) {
  std::fprintf(stderr, "property violated: %.*s\n%.*s\n",
               static_cast<int>(what.size()), what.data(),
               static_cast<int>(detail.size()), detail.data());
  // The replay driver's --keep-going: report every failing input of a
  // corpus in one run instead of stopping at the first.
  if (std::getenv("LEXGATE_FUZZ_KEEP_GOING") != nullptr) {
    throw std::runtime_error("property violated");
  }
  std::abort();
}

std::string Escaped(std::string_view bytes) {
  std::string out;
  for (unsigned char c : bytes) {
    if (c >= 0x20 && c < 0x7F && c != '\\' && c != '"') {
      out.push_back(static_cast<char>(c));
    } else {
      absl::StrAppend(&out, "\\x", absl::Hex(c, absl::kZeroPad2));
    }
  }
  return out;
}

bool IsValidUtf8(std::string_view text) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < length) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) return false;
  }
  return true;
}

bool IsCodePointBoundary(std::string_view text, size_t pos) {
  return pos == 0 || pos >= text.size() ||
         (static_cast<unsigned char>(text[pos]) & 0xC0) != 0x80;
}

std::optional<std::string> CheckScan(const Engine& engine,
                                     std::string_view text,
                                     bool errors_allowed) {
  absl::StatusOr<ScanResult> result = engine.Scan(text);
  if (!result.ok()) {
    LEXGATE_FUZZ_CHECK(errors_allowed,
                       absl::StrCat("text: \"", Escaped(text), "\"\nstatus: ",
                                    result.status().ToString()));
    return std::nullopt;
  }
  const bool valid = IsValidUtf8(text);
  Action strongest = Action::kAllow;
  size_t previous_start = 0;
  for (const Match& m : result->matches) {
    const std::string where =
        absl::StrCat("rule ", m.rule, " [", m.start, ", ", m.end, ") in \"",
                     Escaped(text), "\"");
    LEXGATE_FUZZ_CHECK(m.start < m.end && m.end <= text.size(), where);
    LEXGATE_FUZZ_CHECK(m.start >= previous_start, where);
    LEXGATE_FUZZ_CHECK(m.text == text.substr(m.start, m.end - m.start), where);
    if (valid) {
      LEXGATE_FUZZ_CHECK(IsCodePointBoundary(text, m.start) &&
                             IsCodePointBoundary(text, m.end),
                         where);
    }
    previous_start = m.start;
    strongest = std::max(strongest, m.action);
  }
  LEXGATE_FUZZ_CHECK(result->verdict == strongest, Escaped(text));

  const std::string redacted = engine.Redact(text, *result);
  if (valid) {
    LEXGATE_FUZZ_CHECK(IsValidUtf8(redacted), Describe(text, redacted));
  }
  CheckUntouchedOutsideSpans(text, *result, redacted);
  absl::StatusOr<std::string> again = engine.Redact(text);
  if (again.ok()) {
    LEXGATE_FUZZ_CHECK(*again == redacted, Describe(text, *again));
  } else {
    LEXGATE_FUZZ_CHECK(errors_allowed, again.status().ToString());
  }
  return redacted;
}

namespace {

// What a stream emitted for `deltas`: checked on the way that nothing comes
// out after a block and, when `redacted` is given, that the output is
// always a prefix of it.
struct Streamed {
  std::string emitted;
  bool blocked = false;
  absl::Status status;
  std::vector<Match> matches;
  Action verdict = Action::kAllow;
};

Streamed RunStream(Stream& stream, std::string_view text,
                   const std::vector<std::string_view>& deltas,
                   const std::string* redacted) {
  Streamed out;
  auto take = [&](const std::string& piece, const std::string& when) {
    LEXGATE_FUZZ_CHECK(!out.blocked || piece.empty(),
                       absl::StrCat("emitted after a block (", when, ")\n",
                                    "text: \"", Escaped(text), "\""));
    out.emitted += piece;
    if (redacted != nullptr) {
      LEXGATE_FUZZ_CHECK(
          std::string_view(*redacted).starts_with(out.emitted),
          absl::StrCat("emitted \"", Escaped(out.emitted), "\" (", when,
                       ") is not a prefix of Redact(whole)\n",
                       Describe(text, *redacted)));
    }
    out.blocked = stream.verdict() == Action::kBlock;
  };
  for (size_t i = 0; i < deltas.size(); ++i) {
    take(stream.Feed(deltas[i]), absl::StrCat("delta ", i));
  }
  take(stream.Finish(), "finish");
  out.status = stream.status();
  out.matches = stream.matches();
  out.verdict = stream.verdict();
  return out;
}

// Contracts 1 and 2 of lexgate/stream.h for a stream that `RunStream()`
// checked against `redacted` as it went.
void CheckExact(std::string_view text, const ScanResult& whole,
                const std::string& redacted, const Streamed& streamed) {
  LEXGATE_FUZZ_CHECK(
      streamed.verdict == whole.verdict,
      absl::StrCat("stream verdict ", std::string(ActionName(streamed.verdict)),
                   ", whole-text verdict ",
                   std::string(ActionName(whole.verdict)), "\n",
                   Describe(text, redacted)));
  if (streamed.blocked) return;
  LEXGATE_FUZZ_CHECK(streamed.emitted == redacted,
                     absl::StrCat("emitted \"", Escaped(streamed.emitted),
                                  "\"\n", Describe(text, redacted)));
}

// The code points of valid UTF-8 `text`.
std::vector<UChar32> CodePoints(std::string_view text) {
  std::vector<UChar32> out;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    out.push_back(c);
  }
  return out;
}

}  // namespace

void CheckStream(const Engine& engine, std::string_view text,
                 const std::vector<std::string_view>& deltas) {
  absl::StatusOr<ScanResult> whole = engine.Scan(text);
  if (!whole.ok()) return;
  const std::string redacted = engine.Redact(text, *whole);
  absl::StatusOr<Stream> stream = OpenGuard(engine);
  if (!stream.ok()) return;
  CheckExact(text, *whole, redacted,
             RunStream(*stream, text, deltas, &redacted));
}

namespace {

// CheckStreamWithCap() for one max_hold, with Scan(whole) and Redact(whole)
// of `text` and the length of its folded text in characters.
void CheckCappedStream(const Engine& engine, std::string_view text,
                       const ScanResult& whole, const std::string& redacted,
                       size_t folded_chars,
                       const std::vector<std::string_view>& deltas,
                       const StreamOptions& options) {
  // Only a run longer than max_hold folded characters can pass the cap.
  const bool may_pass_cap = folded_chars > options.max_hold;
  absl::StatusOr<Stream> stream = engine.OpenStream(options);
  if (!stream.ok()) return;
  const Streamed streamed =
      RunStream(*stream, text, deltas, may_pass_cap ? nullptr : &redacted);
  const std::string where = absl::StrCat(
      "emitted: \"", Escaped(streamed.emitted), "\"\n",
      Describe(text, redacted), "\nbatch ", options.batch, ", max_hold ",
      options.max_hold, ", ", deltas.size(), " deltas");
  // The engine is sound: a stream never fails.
  LEXGATE_FUZZ_CHECK(streamed.status.ok(),
                     absl::StrCat(streamed.status.ToString(), "\n", where));
  if (!may_pass_cap) {
    CheckExact(text, whole, redacted, streamed);
    if (streamed.blocked) return;
    LEXGATE_FUZZ_CHECK(streamed.matches.size() == whole.matches.size(), where);
    for (size_t i = 0; i < whole.matches.size(); ++i) {
      const Match& a = streamed.matches[i];
      const Match& b = whole.matches[i];
      LEXGATE_FUZZ_CHECK(
          a.rule == b.rule && a.start == b.start && a.end == b.end,
          absl::StrCat("match ", i, ": stream ", a.rule, " [", a.start, ", ",
                       a.end, "), whole ", b.rule, " [", b.start, ", ", b.end,
                       ")\n", where));
    }
    return;
  }
  // A run may have passed the cap: masked more than Redact(whole), never
  // less (contract 3), character by character; blocked when the whole
  // text blocks, and otherwise only by a run that passed the cap.
  bool overflow_block = false;
  for (const Match& m : streamed.matches) {
    overflow_block |=
        m.rule == kStreamOverflowRule && m.action == Action::kBlock;
  }
  if (whole.verdict == Action::kBlock) {
    LEXGATE_FUZZ_CHECK(streamed.blocked, where);
  } else if (streamed.blocked) {
    LEXGATE_FUZZ_CHECK(overflow_block, where);
  }
  const std::vector<UChar32> original = CodePoints(text);
  const std::vector<UChar32> masked = CodePoints(redacted);
  const std::vector<UChar32> emitted = CodePoints(streamed.emitted);
  LEXGATE_FUZZ_CHECK(masked.size() == original.size(), where);
  LEXGATE_FUZZ_CHECK(streamed.blocked ? emitted.size() <= original.size()
                                      : emitted.size() == original.size(),
                     where);
  for (size_t i = 0; i < emitted.size(); ++i) {
    LEXGATE_FUZZ_CHECK(emitted[i] == original[i] || emitted[i] == '*',
                       absl::StrCat("character ", i, "\n", where));
    if (masked[i] == '*' && original[i] != '*') {
      LEXGATE_FUZZ_CHECK(emitted[i] == '*',
                         absl::StrCat("character ", i, " leaked\n", where));
    }
  }
}

}  // namespace

void CheckStreamWithCap(const Engine& engine, std::string_view text,
                        const std::vector<std::string_view>& deltas,
                        const StreamOptions& options) {
  absl::StatusOr<ScanResult> whole = engine.Scan(text);
  LEXGATE_FUZZ_CHECK(whole.ok(), whole.status().ToString());
  const std::string redacted = engine.Redact(text, *whole);
  absl::StatusOr<std::string> folded = engine.normalizer().Fold(text);
  LEXGATE_FUZZ_CHECK(folded.ok(), folded.status().ToString());
  const size_t folded_chars = CodePoints(*folded).size();
  CheckCappedStream(engine, text, *whole, redacted, folded_chars, deltas,
                    options);
  // A run may have passed the cap: with one no run of this text reaches,
  // exactly Scan(whole).
  if (folded_chars > options.max_hold) {
    StreamOptions uncapped = options;
    uncapped.max_hold = StreamOptions::kMaxMaxHold;
    CheckCappedStream(engine, text, *whole, redacted, folded_chars, deltas,
                      uncapped);
  }
}

Rule MakeRule(std::string id, Action action, std::vector<std::string> keywords,
              std::vector<std::string> regexes) {
  Rule rule;
  rule.id = std::move(id);
  rule.category = "test";
  rule.action = action;
  for (std::string& k : keywords) rule.keywords.push_back({std::move(k), {}});
  rule.regexes = std::move(regexes);
  return rule;
}

RuleSet ShippedRulesOrAbort() {
  absl::StatusOr<RuleSet> rules =
      LoadRules(std::string(LEXGATE_SOURCE_DIR) + "/rules");
  if (!rules.ok()) Fail("the shipped packs load", rules.status().ToString());
  return *std::move(rules);
}

std::shared_ptr<const Engine> CompileOrAbort(std::vector<Rule> rules,
                                             bool streaming) {
  RuleSet set;
  for (Rule& rule : rules) {
    absl::Status added = set.Add(std::move(rule));
    if (!added.ok()) Fail("a rule of the fuzz target", added.ToString());
  }
  EngineOptions options;
  options.streaming = streaming;
  absl::StatusOr<std::shared_ptr<const Engine>> engine =
      Engine::Compile(set, options);
  if (!engine.ok())
    Fail("the fuzz target's engine", engine.status().ToString());
  return *std::move(engine);
}

std::vector<std::string_view> SplitText(std::string_view text, unsigned mode,
                                        uint32_t seed) {
  static constexpr size_t kMaxDelta[] = {1, 7, 40, 3};
  const size_t max_delta = kMaxDelta[mode % 4];
  const bool empty_deltas = mode % 4 == 3;
  // minstd_rand is fully specified, so a seed means the same split on
  // every platform (unlike the standard distributions).
  std::minstd_rand rng(seed);
  std::vector<std::string_view> deltas;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t n = max_delta == 1 ? 1 : rng() % (max_delta + 1);
    if (n == 0 && !empty_deltas) n = 1;
    n = std::min(n, text.size() - pos);
    deltas.push_back(text.substr(pos, n));
    pos += n;
  }
  return deltas;
}

}  // namespace lexgate::fuzz
