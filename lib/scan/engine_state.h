// Everything a compiled Engine holds. Built by Engine::Compile() or by
// deserialization; read-only afterwards except for the scratch pool.
#ifndef LEXGATE_LIB_SCAN_ENGINE_STATE_H_
#define LEXGATE_LIB_SCAN_ENGINE_STATE_H_

#include <array>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "compile/databases.h"
#include "compile/expressions.h"
#include "lexgate/engine.h"
#include "lexgate/normalize.h"
#include "scan/scratch_pool.h"

namespace lexgate::internal {

struct EngineState {
  explicit EngineState(const EngineOptions& options)
      : options(options), normalizer(options.normalize) {}

  EngineOptions options;
  Normalizer normalizer;
  std::vector<RuleInfo> rules;
  absl::flat_hash_map<std::string, uint32_t> rule_index;  // id -> rules[i]
  // Per Space: what each Hyperscan id means, and the database (may be null).
  std::array<std::vector<ExpressionInfo>, kSpaceCount> expressions;
  std::array<Database, kSpaceCount> databases;
  // With EngineOptions::streaming: the folded space in stream mode, and the
  // longest match it can report (UINT64_MAX when a regex is unbounded,
  // `unbounded_rule` naming its rule).
  Database stream_database;
  uint64_t max_match_width = 0;
  std::string unbounded_rule;
  mutable ScratchPool scratch;  // logically const: only lends scratch

  const hs_database_t* database(Space space) const {
    return databases[static_cast<size_t>(space)].get();
  }
  // Indexes the rules and sizes the scratch pool; call once filled in.
  absl::Status Finish();
};

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_SCAN_ENGINE_STATE_H_
