// Engine's home: compiling, restoring and describing an engine. Scanning
// lives in lib/scan, streams in lib/stream.
#include "lexgate/engine.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>

#include "base/status_macros.h"
#include "compile/databases.h"
#include "compile/engine_state.h"
#include "compile/expressions.h"
#include "compile/fingerprint.h"
#include "compile/hold_plan.h"
#include "compile/serialization.h"

namespace lexgate {

using internal::EngineState;
using internal::Space;

namespace internal {
namespace {

// Overlap of the pieces of a very large text when some regex has no bound:
// such a match longer than this that crosses a piece boundary is found from
// the piece's start (and so still masked there).
constexpr uint64_t kUnboundedOverlap = uint64_t{64} << 10;

absl::StatusOr<Database> CompileStreamDatabase(const EngineState& state) {
  // The folded expressions, then the anchors of the hold plan.
  ExpressionSet set = state.folded();
  const HoldPlan& plan = state.hold_plan;
  for (size_t k = 0; k < plan.anchor_patterns.size(); ++k) {
    set.patterns.push_back(plan.anchor_patterns[k]);
    set.flags.push_back(plan.anchor_flags[k]);
  }
  return CompileDatabase(set, state.rules, DatabaseMode::kStream);
}

}  // namespace

uint64_t AnchorsHash(const HoldPlan& plan) {
  uint64_t hash = 0xcbf29ce484222325ull;
  auto mix = [&hash](std::string_view s) {
    for (char c : s) {
      hash ^= static_cast<uint8_t>(c);
      hash *= 0x100000001b3ull;
    }
    hash ^= 0xFF;
    hash *= 0x100000001b3ull;
  };
  for (size_t k = 0; k < plan.anchor_patterns.size(); ++k) {
    mix(plan.anchor_patterns[k]);
    mix(std::to_string(plan.anchor_flags[k]));
  }
  return hash;
}

absl::Status FinishEngineState(EngineState* state,
                               const uint64_t* plan_anchors_hash) {
  state->rule_index.clear();
  for (size_t i = 0; i < state->rules.size(); ++i) {
    if (!state->rule_index.emplace(state->rules[i].id, i).second) {
      return absl::DataLossError("corrupted lexgate engine: duplicate rule id");
    }
  }
  uint64_t overlap = 0;
  for (const ExpressionSet& set : state->expressions) {
    for (size_t i = 0; i < set.size(); ++i) {
      if (set.info[i].kind == ExprKind::kLiteral) {
        overlap = std::max<uint64_t>(overlap, set.info[i].literal_length);
        continue;
      }
      const std::optional<uint64_t> bytes =
          MaxMatchBytes(set.patterns[i], set.flags[i]);
      overlap = std::max(overlap, bytes.value_or(kUnboundedOverlap));
    }
  }
  state->piece_overlap = overlap;
  if (state->options.streaming) {
    LEXGATE_ASSIGN_OR_RETURN(state->hold_plan,
                             BuildHoldPlan(state->rules, state->folded(),
                                           state->database(Space::kFolded)));
    if (plan_anchors_hash != nullptr &&
        *plan_anchors_hash != AnchorsHash(state->hold_plan)) {
      return absl::DataLossError(
          "corrupted lexgate engine: its stream database was built for "
          "another stream plan (saved by another lexgate build?)");
    }
  }
  state->fingerprint = Fingerprint(*state);
  return state->scratch.Init({state->database(Space::kFolded),
                              state->database(Space::kRaw),
                              state->stream_database.get()});
}

}  // namespace internal

Engine::Engine(std::shared_ptr<const EngineState> state)
    : state_(std::move(state)) {}
Engine::~Engine() = default;

absl::StatusOr<std::shared_ptr<const Engine>> Engine::Compile(
    const RuleSet& rules, const EngineOptions& options) {
  auto state = std::make_shared<EngineState>(options);
  LEXGATE_ASSIGN_OR_RETURN(
      internal::CompiledRules compiled,
      internal::BuildExpressions(rules, state->normalizer));
  state->rules = std::move(compiled.rules);
  state->expressions = std::move(compiled.sets);
  for (size_t s = 0; s < internal::kSpaceCount; ++s) {
    LEXGATE_ASSIGN_OR_RETURN(
        state->databases[s],
        internal::CompileDatabase(state->expressions[s], state->rules,
                                  internal::DatabaseMode::kBlock));
  }
  // The stream database needs the plan's anchors, and the plan needs the
  // block database: derive, compile, then size the scratch again.
  LEXGATE_RETURN_IF_ERROR(internal::FinishEngineState(state.get()));
  if (options.streaming && !state->folded().patterns.empty()) {
    LEXGATE_ASSIGN_OR_RETURN(state->stream_database,
                             internal::CompileStreamDatabase(*state));
    LEXGATE_RETURN_IF_ERROR(
        state->scratch.Init({state->stream_database.get()}));
  }
  return std::shared_ptr<const Engine>(new Engine(std::move(state)));
}

absl::StatusOr<std::shared_ptr<const Engine>> Engine::Deserialize(
    std::string_view blob) {
  LEXGATE_ASSIGN_OR_RETURN(std::shared_ptr<EngineState> state,
                           internal::DeserializeEngineState(blob));
  return std::shared_ptr<const Engine>(new Engine(std::move(state)));
}

std::string Engine::Serialize() const {
  return internal::SerializeEngineState(*state_);
}

const std::string& Engine::fingerprint() const { return state_->fingerprint; }
const EngineOptions& Engine::options() const { return state_->options; }
const Normalizer& Engine::normalizer() const { return state_->normalizer; }
size_t Engine::rule_count() const { return state_->rules.size(); }

size_t Engine::database_bytes() const {
  size_t total = internal::DatabaseSize(state_->stream_database.get());
  for (const auto& db : state_->databases) {
    total += internal::DatabaseSize(db.get());
  }
  return total;
}

}  // namespace lexgate
