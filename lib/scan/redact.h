// Masking: replaces the mask and block spans of a scan result in the
// original text and leaves every other byte alone. Engine::Redact() and the
// stream's release share it.
#ifndef LEXGATE_LIB_SCAN_REDACT_H_
#define LEXGATE_LIB_SCAN_REDACT_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "compile/engine_state.h"
#include "lexgate/engine.h"

namespace lexgate::internal {

// Masks the union of the mask and block spans: overlapping spans merge. A
// merged span of one rule's matches takes that rule's replacement options
// (its replacement text, "" deleting the span, or its mask character per
// character with the first and last characters it keeps); a span of
// several rules' matches becomes their common mask character (else '*')
// per character. The result stays valid UTF-8.
std::string RedactSpans(const EngineState& state, std::string_view text,
                        const ScanResult& result);

// The same for a piece of a longer text: `text` starts at offset `base` of
// that text, and `matches` (ordered by start, in the longer text's
// offsets) may reach outside the piece: a span cut by the piece's edges
// gets the part of its redaction that the piece holds (a replacement goes
// with the piece that holds the span's start), so that the pieces of a
// text concatenate to its redaction. Appends to `out`.
void AppendRedacted(const EngineState& state, std::string_view text,
                    uint64_t base, std::span<const Match> matches,
                    std::string* out);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_SCAN_REDACT_H_
