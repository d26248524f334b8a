#include "scan/block_scan.h"

#include <algorithm>
#include <atomic>

#include "base/utf8.h"

namespace lexgate::internal {
namespace {

std::atomic<uint64_t> max_block_bytes{kMaxBlockBytes};

}  // namespace

absl::Status ScanPiece(const hs_database_t* db, std::string_view piece,
                       hs_scratch_t* scratch, HitSink* sink) {
  const hs_error_t rc =
      hs_scan(db, piece.data(), static_cast<unsigned>(piece.size()), 0, scratch,
              OnHit, sink);
  return HitSinkStatus(*sink, rc, "scan");
}

void SetMaxBlockBytesForTesting(uint64_t bytes) {
  max_block_bytes = bytes == 0 ? kMaxBlockBytes : bytes;
}

absl::Status ScanBlocks(const hs_database_t* db, std::string_view data,
                        absl::FunctionRef<uint64_t()> overlap_of,
                        uint32_t expressions, const uint32_t* fixed_lengths,
                        hs_scratch_t* scratch, std::vector<RawHit>* hits,
                        const HitFlush* flush) {
  HitSink sink{hits, expressions};
  sink.fixed_lengths = fixed_lengths;
  sink.flush = flush;
  if (flush != nullptr) sink.flush_at = hits->size() + flush->every;
  const uint64_t limit = max_block_bytes;
  if (data.size() <= limit) return ScanPiece(db, data, scratch, &sink);
  // Each piece after the first starts `overlap` bytes before the end of the
  // one before (at a character start); of its hits only those ending after
  // that end are new (the sink drops the others).
  const uint64_t overlap = std::min(overlap_of(), limit / 2);
  uint64_t begin = 0;
  for (;;) {
    const uint64_t end =
        std::min<uint64_t>(data.size(), CharStart(data, begin + limit));
    sink.offset = begin;
    if (absl::Status s =
            ScanPiece(db, data.substr(begin, end - begin), scratch, &sink);
        !s.ok()) {
      return s;
    }
    sink.reported_to = end;
    if (end == data.size()) return absl::OkStatus();
    begin = CharStart(data, end - overlap);
  }
}

}  // namespace lexgate::internal
