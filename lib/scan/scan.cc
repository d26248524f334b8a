// Engine::Scan and Engine::Redact: the batch driver of the pipeline. The
// whole text is folded as one final piece, scanned in block mode, and every
// candidate is decided at its end by the resolver streams share.
#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/out_of_memory.h"
#include "base/status_macros.h"
#include "base/utf8.h"
#include "compile/engine_state.h"
#include "compile/variant_matcher.h"
#include "lexgate/engine.h"
#include "normalize/fold_kernel.h"
#include "scan/block_scan.h"
#include "scan/hits.h"
#include "scan/late_start_scan.h"
#include "scan/redact.h"
#include "scan/resolver.h"
#include "scan/scan_text.h"

namespace lexgate {

using internal::EngineState;
using internal::Space;

namespace {

// A thread's working memory for Scan(), reused across calls so that steady
// state allocates nothing; the one place it lives. A call that grew it past
// kKeptBytes gives the excess back when it returns (DESIGN §10: at most
// 4 MiB kept per thread).
struct ScanBuffers {
  internal::FoldBuffer folded;
  std::vector<internal::RawHit> hits;
  std::vector<internal::RawHit> taken;  // HitsToResolver's, bounded
  std::string raw;  // the raw space's subject, when the text is not UTF-8
  internal::VariantMatcher::Cursor variants;
  internal::LateStartBuffers late;
  // Bound to the engine of the call that uses them (ResolverFor(),
  // KernelFor()).
  std::optional<internal::Resolver> resolver;
  std::optional<internal::FoldKernel> kernel;

  static constexpr size_t kKeptBytes = size_t{4} << 20;

  internal::Resolver& ResolverFor(const EngineState& state) {
    if (resolver) {
      resolver->Rebind(state);
    } else {
      resolver.emplace(state);
    }
    return *resolver;
  }
  internal::FoldKernel& KernelFor(const EngineState& state) {
    if (kernel) {
      kernel->Rebind(state.options.normalize, *state.fold_table);
    } else {
      kernel.emplace(state.options.normalize, *state.fold_table);
    }
    return *kernel;
  }

  void ReleaseHitsIfLarge() {
    if (hits.capacity() * sizeof(internal::RawHit) > kKeptBytes) {
      std::vector<internal::RawHit>().swap(hits);
    }
  }

  void Trim() {
    const size_t bytes =
        folded.text.capacity() +
        folded.map.pieces().capacity() * sizeof(OffsetMap::Piece) +
        (hits.capacity() + taken.capacity()) * sizeof(internal::RawHit) +
        raw.capacity() + variants.found.capacity() * sizeof(variants.found[0]) +
        late.CapacityBytes() + (resolver ? resolver->CapacityBytes() : 0) +
        (kernel ? kernel->CapacityBytes() : 0);
    if (bytes <= kKeptBytes) return;
    // Swapped out, not assigned: moving an empty std::string into one
    // keeps the old capacity (libstdc++), which would keep the whole text.
    std::string().swap(folded.text);
    folded = internal::FoldBuffer();
    std::vector<internal::RawHit>().swap(hits);
    std::vector<internal::RawHit>().swap(taken);
    std::string().swap(raw);
    variants = internal::VariantMatcher::Cursor();
    late = internal::LateStartBuffers();
    if (resolver) resolver->ReleaseMemory();
    if (kernel) kernel->ReleaseMemory();
  }
};

ScanBuffers& ThreadBuffers() {
  thread_local ScanBuffers buffers;
  return buffers;
}

// Hyperscan's behaviour on invalid UTF-8 is undefined for UTF-8 patterns.
// The folded text is always valid; the raw text gets each invalid byte
// replaced by one SUB control byte, which keeps every offset.
std::string_view ValidRawText(std::string_view text, std::string* storage) {
  size_t i = 0;
  for (internal::Decoded d; i < text.size(); i += d.length) {
    d = internal::DecodeUtf8(text, i);
    if (!d.valid) break;
  }
  if (i == text.size()) return text;
  storage->assign(text);
  while (i < storage->size()) {
    internal::Decoded d = internal::DecodeUtf8(*storage, i);
    if (!d.valid) (*storage)[i] = '\x1a';
    i += d.length;
  }
  return *storage;
}

// Hands a block scan's hits to the resolver: while the scan runs
// (HitFlush), all but the late-start ends, which FindLateStarts() takes
// together once the scan is done; then the rest (Add()). A batch of many
// hits is added with ResolveTexts::drop_failing_hits, so a text with
// millions of hits that can never be matches (a long run of digits) holds
// a batch of them at a time, not all.
class HitsToResolver {
 public:
  HitsToResolver(internal::Resolver& resolver, Space space,
                 const EngineState& state, const internal::ResolveTexts& texts,
                 std::vector<internal::RawHit>& taken)
      : resolver_(resolver),
        space_(space),
        late_(state.late_starts[static_cast<size_t>(space)]),
        texts_(texts),
        taken_(taken) {
    flush_.take = &Take;
    flush_.context = this;
    flush_.every = internal::HitFlushEvery();
  }
  const internal::HitFlush* flush() const { return &flush_; }
  const internal::LateStarts& late() const { return late_; }

  absl::Status Add(std::span<const internal::RawHit> hits) {
    texts_.drop_failing_hits = hits.size() >= flush_.every;
    return resolver_.AddHits(space_, hits, texts_);
  }

 private:
  static absl::Status Take(void* context, std::vector<internal::RawHit>* hits) {
    auto& self = *static_cast<HitsToResolver*>(context);
    self.taken_.clear();
    // The late ends left by earlier calls stay at the front, unread.
    size_t left = self.late_ends_;
    for (size_t i = self.late_ends_; i < hits->size(); ++i) {
      const internal::RawHit& hit = (*hits)[i];
      if (self.late_.IsEnd(hit.id)) {
        (*hits)[left++] = hit;
      } else {
        self.taken_.push_back(hit);
      }
    }
    hits->resize(left);
    self.late_ends_ = left;
    return self.Add(self.taken_);
  }

  internal::Resolver& resolver_;
  const Space space_;
  const internal::LateStarts& late_;
  internal::ResolveTexts texts_;  // a copy: drop_failing_hits is set per batch
  std::vector<internal::RawHit>& taken_;
  size_t late_ends_ = 0;  // at the front of the scan's hits
  internal::HitFlush flush_;
};

// The block scan of one space's `subject` with `db` and the starts of its
// late-start regexes, the hits handed to `to_resolver` as they come; those
// left in b.hits are the caller's to Add() (after the folded space's
// letter variants).
absl::Status ScanSpace(const EngineState& state, Space space,
                       const hs_database_t* db, std::string_view subject,
                       hs_scratch_t* scratch, const HitsToResolver& to_resolver,
                       ScanBuffers& b) {
  const auto overlap = [&state] { return state.PieceOverlap(); };
  LEXGATE_RETURN_IF_ERROR(internal::ScanBlocks(
      db, subject, overlap,
      static_cast<uint32_t>(
          state.expressions[static_cast<size_t>(space)].size()),
      state.FixedLengths(space), scratch, &b.hits, to_resolver.flush()));
  return internal::FindLateStarts(to_resolver.late(), subject, 0, overlap,
                                  scratch, &b.late, &b.hits);
}

absl::Status ScanText(const EngineState& state, std::string_view text,
                      MatchDetail detail, hs_scratch_t* scratch, ScanBuffers& b,
                      ScanResult* result) {
  internal::Resolver& resolver = b.ResolverFor(state);
  resolver.UseDetail(detail);
  internal::ResolveTexts texts;
  texts.original = text;
  const hs_database_t* folded_db = state.database(Space::kFolded);
  if (folded_db != nullptr || !state.variant_matcher.empty()) {
    internal::FoldKernel& kernel = b.KernelFor(state);
    kernel.Reset(&b.folded);
    LEXGATE_RETURN_IF_ERROR(kernel.Append(text, /*final=*/true, &b.folded));
    texts.folded = &b.folded;
    b.hits.clear();
    HitsToResolver to_resolver(resolver, Space::kFolded, state, texts, b.taken);
    if (folded_db != nullptr) {
      LEXGATE_RETURN_IF_ERROR(ScanSpace(state, Space::kFolded, folded_db,
                                        b.folded.text, scratch, to_resolver,
                                        b));
    }
    // The letter variants left out of the database, over the whole text
    // (64-bit offsets: no pieces).
    b.variants.Reset();
    state.variant_matcher.Match(b.folded.text, 0, /*final=*/true, &b.variants,
                                [&b](uint32_t id, uint64_t from, uint64_t to) {
                                  b.hits.push_back({id, from, to});
                                });
    LEXGATE_RETURN_IF_ERROR(to_resolver.Add(b.hits));
  }
  if (const hs_database_t* db = state.database(Space::kRaw)) {
    texts.raw = ValidRawText(text, &b.raw);
    b.hits.clear();
    HitsToResolver to_resolver(resolver, Space::kRaw, state, texts, b.taken);
    LEXGATE_RETURN_IF_ERROR(
        ScanSpace(state, Space::kRaw, db, texts.raw, scratch, to_resolver, b));
    LEXGATE_RETURN_IF_ERROR(to_resolver.Add(b.hits));
  }
  // The hits are candidates now: a text with millions of them (a long run
  // of digits) does not keep both while they are decided.
  b.ReleaseHitsIfLarge();
  LEXGATE_ASSIGN_OR_RETURN(result->verdict,
                           resolver.Decide(texts, nullptr, &result->matches));
  return absl::OkStatus();
}

}  // namespace

namespace internal {

absl::StatusOr<ScanResult> ScanWithScratch(const EngineState& state,
                                           std::string_view text,
                                           MatchDetail detail,
                                           hs_scratch_t* scratch) {
  ScanResult result;
  if (text.empty()) return result;
  ScanBuffers& buffers = ThreadBuffers();
  const absl::Status status = CatchOutOfMemory("Engine::Scan", [&] {
    return ScanText(state, text, detail, scratch, buffers, &result);
  });
  buffers.Trim();
  if (!status.ok()) return status;
  return result;
}

}  // namespace internal

absl::StatusOr<ScanResult> Engine::Scan(std::string_view text,
                                        MatchDetail detail) const {
  if (text.empty()) return ScanResult();
  internal::ScratchPool::Lease scratch(&state_->scratch);
  if (!scratch.ok()) return scratch.status();
  return internal::ScanWithScratch(*state_, text, detail, scratch.get());
}

absl::StatusOr<std::string> Engine::Redact(std::string_view text) const {
  // Redaction reads the spans' bytes from `text`: no match strings needed.
  LEXGATE_ASSIGN_OR_RETURN(const ScanResult result,
                           Scan(text, MatchDetail::kBrief));
  return internal::CatchOutOfMemory(
      "Engine::Redact",
      [&]() -> absl::StatusOr<std::string> { return Redact(text, result); });
}

std::string Engine::Redact(std::string_view text,
                           const ScanResult& result) const {
  return internal::RedactSpans(*state_, text, result);
}

}  // namespace lexgate
