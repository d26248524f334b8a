#include "scan/hits.h"

#include <algorithm>

namespace lexgate::internal {

int OnHit(unsigned int id, unsigned long long from, unsigned long long to,
          unsigned int /*flags*/, void* context) {
  auto* sink = static_cast<HitSink*>(context);
  if (id < sink->expressions) {
    const uint32_t expression =
        sink->expression_ids != nullptr ? sink->expression_ids[id] : id;
    sink->hits->push_back({expression, sink->offset + from, sink->offset + to});
    return 0;
  }
  if (id - sink->expressions < sink->anchors && sink->anchor_hits != nullptr) {
    sink->anchor_hits->push_back(
        {id - sink->expressions, sink->offset + from, sink->offset + to});
    return 0;
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
