// The second half of late starts (lib/compile/late_starts.h): the starts of
// the matches whose ends a scan without start-of-match reported. Shared by
// Engine::Scan() and a stream's windows.
#ifndef LEXGATE_LIB_SCAN_LATE_START_SCAN_H_
#define LEXGATE_LIB_SCAN_LATE_START_SCAN_H_

#include <hs/hs.h>

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "compile/expressions.h"
#include "compile/late_starts.h"
#include "scan/hits.h"

namespace lexgate::internal {

// What FindLateStarts() works in: its caller keeps one, so that scans with
// late-start hits allocate nothing once it has grown.
struct LateStartBuffers {
  std::vector<std::pair<uint8_t, uint64_t>> ends;  // (bit, end) to find
  std::vector<RawHit> found;                       // one run's matches
  size_t CapacityBytes() const {
    return ends.capacity() * sizeof(ends[0]) +
           found.capacity() * sizeof(found[0]);
  }
};

// `text` is the scanned text from offset `base` on (what Hyperscan saw,
// which began there); `hits` what the scan reported, at offsets from the
// text's start. Replaces the hits of the late-start expressions (their
// `from` unknown) by the matches of a start-of-match scan of every run of
// the expression's alphabet that holds one of their ends, one character
// of context either side within `text`: the same matches, with the starts
// a start-of-match scan of `text` reports. `overlap_of`, `scratch`: as
// ScanBlocks() (`scratch` must fit late.database). Fails on any Hyperscan
// error.
absl::Status FindLateStarts(const LateStarts& late, std::string_view text,
                            uint64_t base,
                            absl::FunctionRef<uint64_t()> overlap_of,
                            hs_scratch_t* scratch, LateStartBuffers* buffers,
                            std::vector<RawHit>* hits);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_SCAN_LATE_START_SCAN_H_
