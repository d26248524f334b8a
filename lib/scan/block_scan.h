// Block-mode scanning of a whole text, in overlapping pieces when it is
// larger than Hyperscan takes in one call (its lengths are 32-bit).
#ifndef LEXGATE_LIB_SCAN_BLOCK_SCAN_H_
#define LEXGATE_LIB_SCAN_BLOCK_SCAN_H_

#include <hs/hs.h>

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "scan/hits.h"

namespace lexgate::internal {

// The largest piece handed to hs_scan in one call.
inline constexpr uint64_t kMaxBlockBytes = uint64_t{1} << 30;

// Scans `data` with `db`, appending hits with offsets in `data`. Pieces of
// at most kMaxBlockBytes (or the test limit) overlap by `overlap_of()`
// bytes (asked only when there are pieces), so that no match up to that
// long is lost at a boundary; a hit is reported once. `expressions` is the
// number of expressions in `db`, `fixed_lengths` as HitSink's (null for a
// database without fixed-length regexes); `flush`, when not null, takes
// hits while the scan runs (HitFlush). Fails on any Hyperscan error, and
// when `flush` fails.
absl::Status ScanBlocks(const hs_database_t* db, std::string_view data,
                        absl::FunctionRef<uint64_t()> overlap_of,
                        uint32_t expressions, const uint32_t* fixed_lengths,
                        hs_scratch_t* scratch, std::vector<RawHit>* hits,
                        const HitFlush* flush = nullptr);

// One hs_scan of `data` (at most kMaxBlockBytes) into `sink`, with
// Hyperscan's errors and unknown ids as statuses.
absl::Status ScanPiece(const hs_database_t* db, std::string_view data,
                       hs_scratch_t* scratch, HitSink* sink);

// Tests only: pieces of at most `bytes` (0 restores kMaxBlockBytes), so that
// the piecewise path runs on small texts.
void SetMaxBlockBytesForTesting(uint64_t bytes);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_SCAN_BLOCK_SCAN_H_
