// Everything a compiled Engine holds: its one home. Built by Compile() or by
// deserialization; read-only afterwards except for the scratch pool.
#ifndef LEXGATE_LIB_COMPILE_ENGINE_STATE_H_
#define LEXGATE_LIB_COMPILE_ENGINE_STATE_H_

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/call_once.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "compile/databases.h"
#include "compile/engine_file.h"
#include "compile/expressions.h"
#include "compile/hold_plan.h"
#include "compile/late_starts.h"
#include "compile/next_start_databases.h"
#include "compile/scratch_pool.h"
#include "compile/variant_matcher.h"
#include "lexgate/engine.h"
#include "lexgate/normalize.h"
#include "lexgate/taxonomy.h"
#include "normalize/fold_table.h"

namespace lexgate::internal {

struct EngineState {
  explicit EngineState(const EngineOptions& options)
      : options(options),
        normalizer(options.normalize),
        fold_table(FoldTable::Get(options.normalize)) {}

  // What Compile() or a blob provides.
  EngineOptions options;
  Normalizer normalizer;
  std::shared_ptr<const FoldTable> fold_table;
  std::vector<RuleInfo> rules;
  // The categories the packs declared beyond the shipped taxonomy, for the
  // names of what a saved engine reports (Engine::declared_categories()).
  Taxonomy declared_categories;
  // Per Space: what each Hyperscan id means, and the block-mode database
  // (null when the space has no expression).
  std::array<ExpressionSet, kSpaceCount> expressions;
  std::array<Database, kSpaceCount> databases;
  // Per Space: the regexes whose starts a scan finds after it, and their
  // database (lib/compile/late_starts.h). Derived from the expressions
  // (their flags say which), the database stored.
  std::array<LateStarts, kSpaceCount> late_starts;
  // The regexes whose later starts a text needed so far, compiled at that
  // moment (lib/compile/next_start_databases.h); never stored.
  NextStartDatabases next_starts;
  // With EngineOptions::streaming (see HoldPlan): the stream-mode database
  // of the plan's stream expressions, anchors and window end detectors;
  // null when there is nothing to scan. (Windows are scanned with the
  // folded database.) That of Engine::Load() is deferred: read by
  // ReadStreamDatabase(), and so read by anything else only after it
  // succeeded.
  mutable Database stream_database;
  // Where Engine::Load() left the serialized stream database (checked by
  // Hyperscan, not deserialized): in `file`, at this offset, and what its
  // bytes must hash to when they are read back. Its deserialized size counts
  // in Engine::database_bytes() before it is read.
  struct DeferredDatabases {
    std::shared_ptr<const EngineFile> file;
    uint64_t stream_at = 0, stream_length = 0, stream_size = 0;
    uint64_t stream_digest = 0;  // PayloadChecksum() of the stored bytes
  };
  std::optional<DeferredDatabases> deferred;

  // From a saved engine: AnchorsHash() of the hold plan its stream
  // databases were built for (checked when the plan is derived).
  std::optional<uint64_t> saved_anchors_hash;

  // The folded letter-variant expressions matched without Hyperscan: left
  // out of the folded and stream databases. Derived from the expressions
  // (VariantMatcher::Build()) before the databases are compiled or read,
  // never stored.
  VariantMatcher variant_matcher;

  // Derived by FinishEngineState(), never stored.
  absl::flat_hash_map<std::string, uint32_t> rule_index;  // id -> rules[i]
  // Per Space and expression: ExpressionInfo::match_length, the length of
  // every match of a literal or a fixed-length regex
  // (compile/fixed_length.h), else 0; empty when the space has neither.
  // The match callback sets their hits' starts from it (HitSink), in dense
  // memory beside Hyperscan's rather than in ExpressionInfo.
  std::array<std::vector<uint32_t>, kSpaceCount> fixed_lengths;
  // Bytes by which pieces of a very large text overlap: the longest bounded
  // match in bytes, or a cap when some regex is unbounded. Derived on first
  // use: only texts over kMaxBlockBytes need it, and reading the shape of
  // every regex would cost each cached load tens of milliseconds.
  uint64_t PieceOverlap() const;
  std::string fingerprint;
  // Logically const: they only lend scratch. `scratch` for the block
  // databases and late-start databases, `stream_scratch` for the stream
  // database and the folded ones (a stream's windows; sized once the stream
  // database exists).
  mutable ScratchPool scratch;
  mutable ScratchPool stream_scratch;

  // With EngineOptions::streaming: what a stream holds back. Derived on
  // first use, once: Compile() needs it at once for the stream database, a
  // loaded engine only at its first OpenStream(), so that a cached load
  // (and a Scan-only user) does not pay for it: at 100k keywords it is
  // the largest part of a load's work. ReadStreamDatabase() first. kDataLoss
  // when a saved engine's stream database was built for another plan (or
  // cannot be read back); FailedPrecondition without streaming.
  // Thread-safe; throws std::bad_alloc (and may be asked again after it).
  absl::StatusOr<const HoldPlan*> StreamPlan() const;
  // Reads and deserializes the stream database Engine::Load() deferred,
  // once, and sizes the stream scratch for it (nothing to do for any
  // other engine). Serialize() needs it but not the plan. Thread-safe;
  // throws std::bad_alloc (and may be asked again after it).
  absl::Status ReadStreamDatabase() const;
  // The plan, for a stream (which exists only after StreamPlan()
  // succeeded).
  const HoldPlan& hold_plan() const { return hold_plan_; }

  const hs_database_t* database(Space space) const {
    return databases[static_cast<size_t>(space)].get();
  }
  const ExpressionSet& folded() const {
    return expressions[static_cast<size_t>(Space::kFolded)];
  }
  // fixed_lengths of `space` for a HitSink: null when it has none.
  const uint32_t* FixedLengths(Space space) const {
    const std::vector<uint32_t>& lengths =
        fixed_lengths[static_cast<size_t>(space)];
    return lengths.empty() ? nullptr : lengths.data();
  }

 private:
  mutable absl::once_flag piece_overlap_once_;
  mutable uint64_t piece_overlap_ = 0;
  // std::once_flag, not absl's: deriving the plan may throw bad_alloc, and
  // std::call_once then leaves the flag unset for the next caller.
  mutable std::once_flag hold_plan_once_;
  mutable absl::Status hold_plan_status_;
  mutable std::once_flag stream_database_once_;
  mutable absl::Status stream_database_status_;
  mutable HoldPlan hold_plan_;
};

// Derives what follows from the rules, expressions and databases: the rule
// index, which rules have none_of keywords and the fingerprint, and sizes
// the scratch pools for every database there is. (The hold plan is derived
// later: EngineState::StreamPlan().)
absl::Status FinishEngineState(EngineState* state);
// What StreamPlan() checks a saved engine against: a hash of the hold
// plan's anchors and of which expressions each stream-side database holds.
uint64_t AnchorsHash(const HoldPlan& plan);
// The hash a serialized engine stores: the saved one, or that of the plan
// the stream database was compiled from.
uint64_t StreamAnchorsHash(const EngineState& state);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_COMPILE_ENGINE_STATE_H_
