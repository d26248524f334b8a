// Everything a compiled Engine holds: its one home. Built by Compile() or by
// deserialization; read-only afterwards except for the scratch pool.
#ifndef LEXGATE_LIB_COMPILE_ENGINE_STATE_H_
#define LEXGATE_LIB_COMPILE_ENGINE_STATE_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/base/call_once.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "compile/databases.h"
#include "compile/expressions.h"
#include "compile/hold_plan.h"
#include "compile/scratch_pool.h"
#include "lexgate/engine.h"
#include "lexgate/normalize.h"
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
  // Per Space: what each Hyperscan id means, and the block-mode database
  // (null when the space has no expression).
  std::array<ExpressionSet, kSpaceCount> expressions;
  std::array<Database, kSpaceCount> databases;
  // With EngineOptions::streaming (see HoldPlan): the stream-mode database
  // of the plan's stream expressions, and the block-mode database of its
  // window expressions and anchors. Either may be null (nothing to scan).
  Database stream_database;
  Database window_database;

  // Derived by Finish(), never stored.
  absl::flat_hash_map<std::string, uint32_t> rule_index;  // id -> rules[i]
  HoldPlan hold_plan;                                     // with streaming
  // Bytes by which pieces of a very large text overlap: the longest bounded
  // match in bytes, or a cap when some regex is unbounded. Derived on first
  // use: only texts over kMaxBlockBytes need it, and reading the shape of
  // every regex would cost each cached load tens of milliseconds.
  uint64_t PieceOverlap() const;
  std::string fingerprint;
  mutable ScratchPool scratch;  // logically const: only lends scratch

  const hs_database_t* database(Space space) const {
    return databases[static_cast<size_t>(space)].get();
  }
  const ExpressionSet& folded() const {
    return expressions[static_cast<size_t>(Space::kFolded)];
  }

 private:
  mutable absl::once_flag piece_overlap_once_;
  mutable uint64_t piece_overlap_ = 0;
};

// Derives what follows from the rules, expressions and databases: the rule
// index, which rules have none_of keywords, the hold plan and fingerprint,
// and sizes the scratch pool. `plan_anchors_hash`, when not null, must match
// the hash of the derived anchor list (a saved stream database was compiled
// with anchors of its own; kDataLoss otherwise).
absl::Status FinishEngineState(EngineState* state,
                               const uint64_t* plan_anchors_hash = nullptr);
// What FinishEngineState() checks a saved engine against: a hash of the
// hold plan's anchors and of which expressions each stream-side database
// holds.
uint64_t AnchorsHash(const HoldPlan& plan);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_COMPILE_ENGINE_STATE_H_
