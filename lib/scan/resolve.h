// Raw Hyperscan hits -> the matches a caller sees: boundary and validator
// checks, leftmost-longest per rule, spans mapped to the original text,
// allow-rule suppression, ordering and the verdict.
#ifndef LEXGATE_LIB_SCAN_RESOLVE_H_
#define LEXGATE_LIB_SCAN_RESOLVE_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "compile/expressions.h"
#include "lexgate/engine.h"
#include "scan/engine_state.h"

namespace lexgate::internal {

struct RawHit {
  uint32_t expression;
  Space space;
  uint64_t from;  // valid for regexes (start-of-match tracking) only
  uint64_t to;
};

// `text` is the original; `folded` its normalization (used for hits in the
// folded space); `raw` the text the raw space was scanned on.
ScanResult Resolve(const EngineState& state, std::string_view text,
                   const NormalizedText& folded,
                   const std::vector<RawHit>& hits);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_SCAN_RESOLVE_H_
