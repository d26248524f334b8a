// Properties shared by the fuzz targets of tests/fuzz, and the small
// engines they build. A violated property aborts with a message, which
// libFuzzer (and the replay driver) reports as a crash with the input.
#ifndef LEXGATE_TESTS_FUZZ_FUZZ_CHECKS_H_
#define LEXGATE_TESTS_FUZZ_FUZZ_CHECKS_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lexgate/engine.h"
#include "lexgate/rules.h"
#include "lexgate/stream.h"

namespace lexgate::fuzz {

// Prints "property violated: <what>" and `detail`, then aborts (throws
// std::runtime_error instead when LEXGATE_FUZZ_KEEP_GOING is set, as the
// replay driver's --keep-going does).
[[noreturn]] void Fail(std::string_view what, std::string_view detail = {});

#define LEXGATE_FUZZ_CHECK(condition, detail)                      \
  do {                                                             \
    if (!(condition)) ::lexgate::fuzz::Fail(#condition, (detail)); \
  } while (false)

// `bytes` with everything outside printable ASCII as \xNN, for messages.
std::string Escaped(std::string_view bytes);

// Strict UTF-8 (no surrogates, no overlong forms), checked with ICU's
// decoder so that the oracle shares no code with lexgate's own.
bool IsValidUtf8(std::string_view text);

// True when `pos` does not fall inside a UTF-8 sequence of `text`.
bool IsCodePointBoundary(std::string_view text, size_t pos);

// Scan(text) and Redact(text): spans inside the text and ordered, each
// match's text equal to its span, the verdict the strongest action, and the
// redaction valid UTF-8 for valid input and equal to the text outside the
// masked spans. A scan error fails the check unless `errors_allowed` (a
// forged engine may fail, but must say so). Returns the redaction, or
// nothing when the scan failed.
std::optional<std::string> CheckScan(const Engine& engine,
                                     std::string_view text,
                                     bool errors_allowed = false);

// Streams `text` in the given deltas and checks the contract of
// lexgate/stream.h against Scan/Redact of the whole text: the text emitted
// so far is always a prefix of Redact(text), nothing is emitted after a
// block, the final verdict is Scan's, and when no block rule fires the
// emitted text ends up equal to Redact(text). Does nothing when the engine
// cannot stream or the whole-text scan fails (a forged engine may; the
// batch checks cover that).
void CheckStream(const Engine& engine, std::string_view text,
                 const std::vector<std::string_view>& deltas);

// The same for an engine whose rules have no replacement (a masked
// character is one '*') and may have runs longer than `options.max_hold`,
// and valid UTF-8 `text`. When the folded text is no longer than max_hold,
// what CheckStream() checks, and the stream's matches are Scan's. When it
// is longer (a run may pass the cap), contract 3 character by character:
// every character emitted is the text's or '*', every one Redact(whole)
// masks is '*', a whole-text block blocks the stream, and the stream
// blocks otherwise only by a run past the cap; and again with the largest
// max_hold, which no run of a fuzz input reaches.
void CheckStreamWithCap(const Engine& engine, std::string_view text,
                        const std::vector<std::string_view>& deltas,
                        const StreamOptions& options);

// Cuts `text` into deltas: `mode` 0 gives single bytes, 1 up to 7 bytes, 2
// up to 40 bytes, 3 up to 3 bytes with empty deltas among them; UTF-8
// sequences are cut anywhere. Deterministic in `seed`.
std::vector<std::string_view> SplitText(std::string_view text, unsigned mode,
                                        uint32_t seed);

// A rule of category "test" (no gtest here: fuzz targets do not link it).
Rule MakeRule(std::string id, Action action, std::vector<std::string> keywords,
              std::vector<std::string> regexes = {});

// The shipped packs (rules/ of the source tree), or an abort with the
// error.
RuleSet ShippedRulesOrAbort();

// Compiles `rules` or aborts with the error: the engines of the fuzz
// targets are fixed, so an error is a bug in the target.
std::shared_ptr<const Engine> CompileOrAbort(std::vector<Rule> rules,
                                             bool streaming);

}  // namespace lexgate::fuzz

#endif  // LEXGATE_TESTS_FUZZ_FUZZ_CHECKS_H_
