// The one Hyperscan match callback, shared by batch scans and streams: it
// records hits, and fails closed on an id the engine does not know.
#ifndef LEXGATE_LIB_SCAN_HITS_H_
#define LEXGATE_LIB_SCAN_HITS_H_

#include <hs/hs.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/status/status.h"

namespace lexgate::internal {

// A Hyperscan match: expression id and folded (or raw) byte offsets in the
// whole text. `from` is exact for regexes only (start-of-match tracking, or
// the end minus a fixed match length).
struct RawHit {
  uint32_t id;
  uint64_t from;
  uint64_t to;
};

// How many hits a batch scan gathers before it hands them on (HitFlush).
inline constexpr size_t kHitFlushEvery = size_t{1} << 16;

// Where a scan's hits go while it runs, before it ends: a batch scan hands
// them to the resolver in bounded batches (lib/scan/scan.cc), so that a
// text with millions of hits (a long run of digits) does not hold them
// all at once. Not the ends of late-start regexes (lib/compile/
// late_starts.h: the shipped e-mail and domain regexes), which wait for
// the scan's end to have their starts found: a text where such a regex
// ends at every byte still holds all of them.
struct HitFlush {
  // Takes what it can of `hits` (the hits it leaves stay for the caller of
  // the scan); a failure stops the scan.
  absl::Status (*take)(void* context, std::vector<RawHit>* hits) = nullptr;
  void* context = nullptr;
  size_t every = kHitFlushEvery;  // hits gathered between two calls
};

// Where OnHit() puts what Hyperscan reports.
struct HitSink {
  std::vector<RawHit>* hits;
  // Ids below `expressions` are rule expressions: expression_ids[id] in the
  // engine's expression set (id itself when null); up to `expressions +
  // anchors` they are the stream plan's anchors (to `anchor_hits`).
  uint32_t expressions = 0;
  const uint32_t* expression_ids = nullptr;
  // Per expression (after expression_ids), when not null: the length of
  // every match of a literal, or of a regex compiled without start-of-match
  // because it has one (EngineState::FixedLengths()), else 0. A hit's
  // start is then its end minus it: the one place starts are derived.
  const uint32_t* fixed_lengths = nullptr;
  uint32_t anchors = 0;
  std::vector<RawHit>* anchor_hits = nullptr;
  // Up to `expressions + anchors + window_ends` they are the stream plan's
  // window end detectors: only the furthest end matters (`last_window_end`).
  uint32_t window_ends = 0;
  uint64_t* last_window_end = nullptr;
  // Added to Hyperscan's offsets (a piece of a larger text).
  uint64_t offset = 0;
  // Hits ending at or before it (with `offset`) are dropped: the piece
  // before, which this one overlaps, reported them (ScanBlocks()).
  uint64_t reported_to = 0;
  // When not null, given the hits each time `hits` has grown by
  // flush->every since the last call: once it holds `flush_at` (never
  // without a flush).
  const HitFlush* flush = nullptr;
  size_t flush_at = SIZE_MAX;
  absl::Status flush_status;  // the failure that stopped the scan
  // Set when Hyperscan reported an id beyond both: a damaged engine. The
  // scan stops and fails.
  bool unknown_id = false;
  // Set when a fixed-length match ended before its length (a damaged
  // engine); the scan stops and fails.
  bool impossible_match = false;
  // Set when storing a hit ran out of memory; the scan stops and fails.
  bool out_of_memory = false;
};

// match_event_handler for hs_scan / hs_scan_stream / hs_close_stream;
// `context` is a HitSink.
int OnHit(unsigned int id, unsigned long long from, unsigned long long to,
          unsigned int flags, void* context);

// The outcome of a Hyperscan call that reported into `sink` and returned
// `rc`: what the sink saw (memory running out, an unknown id) before
// Hyperscan's own error. `what` names the call in the message ("scan",
// "stream scan").
absl::Status HitSinkStatus(const HitSink& sink, hs_error_t rc,
                           const char* what);

// Tests only (fault injection): while set, OnHit stops every scan at its
// first hit, so that Hyperscan returns HS_SCAN_TERMINATED as it would for
// a failed scan, and the callers' error paths run.
void SetFailScansForTesting(bool fail);

// HitFlush::every for the batch scans that start from now on: kHitFlushEvery,
// or the value tests set (0 restores it), so that small texts are handed on
// in many batches.
size_t HitFlushEvery();
void SetHitFlushEveryForTesting(size_t every);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_SCAN_HITS_H_
