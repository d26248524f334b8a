#include "scan/hits.h"

#include <algorithm>
#include <atomic>
#include <new>

#include "absl/strings/str_format.h"

namespace lexgate::internal {
namespace {

std::atomic<bool> fail_scans_for_testing{false};
std::atomic<size_t> hit_flush_every{kHitFlushEvery};

}  // namespace

absl::Status HitSinkStatus(const HitSink& sink, hs_error_t rc,
                           const char* what) {
  if (!sink.flush_status.ok()) return sink.flush_status;
  if (sink.out_of_memory) {
    return absl::ResourceExhaustedError("out of memory storing scan hits");
  }
  if (sink.impossible_match) {
    return absl::DataLossError(
        "Hyperscan reported a match shorter than its expression's length");
  }
  if (sink.unknown_id) {
    return absl::DataLossError(
        "Hyperscan reported an expression the engine does not have");
  }
  if (rc != HS_SUCCESS) {
    return absl::InternalError(
        absl::StrFormat("Hyperscan %s failed (error %d)", what, rc));
  }
  return absl::OkStatus();
}

void SetFailScansForTesting(bool fail) { fail_scans_for_testing = fail; }

size_t HitFlushEvery() {
  return hit_flush_every.load(std::memory_order_relaxed);
}

void SetHitFlushEveryForTesting(size_t every) {
  hit_flush_every = every == 0 ? kHitFlushEvery : every;
}

int OnHit(unsigned int id, unsigned long long from, unsigned long long to,
          unsigned int /*flags*/, void* context) {
  if (fail_scans_for_testing.load(std::memory_order_relaxed)) return 1;
  auto* sink = static_cast<HitSink*>(context);
  // No exception may unwind through Hyperscan's C frames (its scratch would
  // stay marked in use): running out of memory stops the scan instead.
  try {
    if (id < sink->expressions) {
      const uint32_t expression =
          sink->expression_ids != nullptr ? sink->expression_ids[id] : id;
      if (sink->fixed_lengths != nullptr) {
        if (const uint32_t length = sink->fixed_lengths[expression]) {
          // Hyperscan saw the whole match, so `to` is at least its length
          // (but in a damaged engine).
          if (to < length) {
            sink->impossible_match = true;
            return 1;
          }
          from = to - length;
        }
      }
      if (sink->offset + to <= sink->reported_to) return 0;
      sink->hits->push_back(
          {expression, sink->offset + from, sink->offset + to});
      if (sink->hits->size() >= sink->flush_at) {
        sink->flush_status =
            sink->flush->take(sink->flush->context, sink->hits);
        if (!sink->flush_status.ok()) return 1;
        sink->flush_at = sink->hits->size() + sink->flush->every;
      }
      return 0;
    }
    if (id - sink->expressions < sink->anchors &&
        sink->anchor_hits != nullptr) {
      sink->anchor_hits->push_back(
          {id - sink->expressions, sink->offset + from, sink->offset + to});
      return 0;
    }
  } catch (const std::bad_alloc&) {
    sink->out_of_memory = true;
    return 1;
  }
  // Past the anchors (an id within them without anchor_hits wraps around
  // to a huge value and is unknown).
  const uint32_t window_end = id - sink->expressions - sink->anchors;
  if (window_end < sink->window_ends && sink->last_window_end != nullptr) {
    *sink->last_window_end =
        std::max<uint64_t>(*sink->last_window_end, sink->offset + to);
    return 0;
  }
  sink->unknown_id = true;
  return 1;  // stop: HS_SCAN_TERMINATED, reported as an error
}

}  // namespace lexgate::internal
