// One text through the batch pipeline with a Hyperscan scratch the caller
// holds: Engine::Scan() leases one for its call, and each ScanMany()
// worker one for all the texts it takes (a lease per text cost
// `lexgate-filter`, which scans line by line, about 1% of its time).
#ifndef LEXGATE_LIB_SCAN_SCAN_TEXT_H_
#define LEXGATE_LIB_SCAN_SCAN_TEXT_H_

#include <hs/hs.h>

#include <string_view>

#include "absl/status/statusor.h"
#include "compile/engine_state.h"
#include "lexgate/match.h"

namespace lexgate::internal {

// Engine::Scan(text, detail) with `scratch`, a scratch of state.scratch
// (null only when the engine has no database). Never throws; the thread's
// scan buffers are reused and trimmed as Engine::Scan() does.
absl::StatusOr<ScanResult> ScanWithScratch(const EngineState& state,
                                           std::string_view text,
                                           MatchDetail detail,
                                           hs_scratch_t* scratch);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_SCAN_SCAN_TEXT_H_
