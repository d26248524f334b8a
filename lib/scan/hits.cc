#include "scan/hits.h"

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
  sink->unknown_id = true;
  return 1;  // stop: HS_SCAN_TERMINATED, reported as an error
}

}  // namespace lexgate::internal
