#include "scan/next_start_scan.h"

#include <hs/hs.h>

#include <algorithm>

#include "base/status_macros.h"
#include "base/utf8.h"
#include "scan/block_scan.h"

namespace lexgate::internal {
namespace {

// A thread's scratch for the next-start databases, grown to fit each one
// it meets. Not the engine's pools: their scratch is sized once, for the
// databases compiled up front, and next-start searches are rare.
class ThreadScratch {
 public:
  ThreadScratch() = default;
  ThreadScratch(const ThreadScratch&) = delete;
  ThreadScratch& operator=(const ThreadScratch&) = delete;
  ~ThreadScratch() { hs_free_scratch(scratch_); }

  absl::StatusOr<hs_scratch_t*> For(const hs_database_t* db) {
    if (hs_alloc_scratch(db, &scratch_) != HS_SUCCESS) {
      return absl::ResourceExhaustedError(
          "could not allocate Hyperscan scratch for a next-start search");
    }
    return scratch_;
  }

 private:
  hs_scratch_t* scratch_ = nullptr;
};

}  // namespace

absl::StatusOr<bool> FindNextStarts(const EngineState& state, Space space,
                                    uint32_t id, std::string_view text,
                                    uint64_t base, uint64_t from, uint64_t to,
                                    std::vector<RawHit>* found) {
  found->clear();
  const ExpressionSet& set = state.expressions[static_cast<size_t>(space)];
  if (id >= set.size()) {
    return absl::InternalError("a next-start search of an unknown expression");
  }
  LEXGATE_ASSIGN_OR_RETURN(
      const hs_database_t* const db,
      state.next_starts.Get(space, set, id,
                            state.rules[set.info[id].rule].boundary));
  if (db == nullptr) return false;
  if (from <= base || from > to || to > base + text.size()) {
    return absl::InternalError(
        "a next-start search lacks the text around its span");
  }
  // The character before `from` is the pattern's first; the one after
  // `to` is context for a \b.
  const size_t begin = from - base - DecodeUtf8Before(text, from - base).length;
  size_t end = to - base;
  if (end < text.size()) end += DecodeUtf8(text, end).length;
  thread_local ThreadScratch scratch;
  LEXGATE_ASSIGN_OR_RETURN(hs_scratch_t* const s, scratch.For(db));
  // A text of more than a block scan takes goes in overlapping pieces, as
  // the engine's own scan does (one character more: the pattern's first).
  LEXGATE_RETURN_IF_ERROR(ScanBlocks(
      db, text.substr(begin, end - begin),
      [&state] { return state.PieceOverlap() + 4; }, 1,
      /*fixed_lengths=*/nullptr, s, found));
  // Each match starts with the character before the regex's: step over it.
  size_t kept = 0;
  for (const RawHit& hit : *found) {
    const uint64_t to_hit = base + begin + hit.to;
    if (to_hit > to) continue;
    const size_t first = begin + hit.from;
    (*found)[kept++] = {id, base + first + DecodeUtf8(text, first).length,
                        to_hit};
  }
  found->resize(kept);
  std::sort(found->begin(), found->end(), [](const RawHit& a, const RawHit& b) {
    return a.to != b.to ? a.to < b.to : a.from < b.from;
  });
  return true;
}

}  // namespace lexgate::internal
