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
// merged span that is exactly one rule's match takes that rule's
// replacement; any other span (and a rule without a replacement) becomes
// one '*' per character, so the result stays valid UTF-8 and keeps the
// text's visual length.
std::string RedactSpans(const EngineState& state, std::string_view text,
                        const ScanResult& result);

// The same for a piece of a longer text: `text` starts at offset `base` of
// that text, and `matches` (ordered by start, in the longer text's
// offsets) may reach outside the piece: a span cut by the piece's edges is
// masked with '*' for the part inside. Appends to `out`.
void AppendRedacted(const EngineState& state, std::string_view text,
                    uint64_t base, std::span<const Match> matches,
                    std::string* out);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_SCAN_REDACT_H_
