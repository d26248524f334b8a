// Why a match happened (DESIGN §10): the pattern a match reports (the
// keyword as written, or the regex) and the variant of it that the text
// holds. Worked out only for the matches a scan reports, from their text,
// so that scanning itself pays nothing for it.
#ifndef LEXGATE_LIB_SCAN_WHY_H_
#define LEXGATE_LIB_SCAN_WHY_H_

#include <cstdint>
#include <string_view>

#include "compile/engine_state.h"
#include "compile/expressions.h"
#include "lexgate/rule.h"

namespace lexgate::internal {

// The variant of a match of expression `expression` of `space`: `matched`
// is its text in that space (folded text for the folded space), `original`
// the original bytes of its span.
Variant ExplainVariant(const EngineState& state, Space space,
                       uint32_t expression, std::string_view matched,
                       std::string_view original);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_SCAN_WHY_H_
