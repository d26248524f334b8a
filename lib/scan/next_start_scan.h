// The later starts of regex matches whose leftmost start fails their
// rule's boundary: the scan half of lib/compile/next_start_databases.h.
// Used by the resolver, for batch scans and streams alike.
#ifndef LEXGATE_LIB_SCAN_NEXT_START_SCAN_H_
#define LEXGATE_LIB_SCAN_NEXT_START_SCAN_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "compile/engine_state.h"
#include "compile/expressions.h"
#include "scan/hits.h"

namespace lexgate::internal {

// Fills `found` (cleared first, then by end) with the matches of regex
// `id` of `space` that end at or before `to` and start at or after `from`
// right after a character its rule's boundary lets a match start after
// (NextStartPattern()): for each end, the leftmost such start.
//
// `text` holds the space's text from offset `base` on (offsets are the
// whole text's); it must hold the character before `from`, and the one
// after `to` if the text goes on there (the regex's \b looks at it).
// Returns false (nothing found) when the regex's later starts are not
// searched (NextStartDatabases::Get()). Fails on a Hyperscan error.
absl::StatusOr<bool> FindNextStarts(const EngineState& state, Space space,
                                    uint32_t id, std::string_view text,
                                    uint64_t base, uint64_t from, uint64_t to,
                                    std::vector<RawHit>* found);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_SCAN_NEXT_START_SCAN_H_
