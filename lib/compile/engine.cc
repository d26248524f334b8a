// Engine's home: compiling, restoring and describing an engine. Scanning
// lives in lib/scan, streams in lib/stream.
#include "lexgate/engine.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/out_of_memory.h"
#include "base/status_macros.h"
#include "compile/databases.h"
#include "compile/engine_state.h"
#include "compile/expressions.h"
#include "compile/fingerprint.h"
#include "compile/fixed_length.h"
#include "compile/hold_plan.h"
#include "compile/serialization.h"
#include "rules/rule_error_status.h"

namespace lexgate {

using internal::EngineState;
using internal::Space;

namespace internal {
namespace {

// Overlap of the pieces of a very large text when some regex has no bound:
// such a match longer than this that crosses a piece boundary is found from
// the piece's start (and so still masked there).
constexpr uint64_t kUnboundedOverlap = uint64_t{64} << 10;

// Scratch for streams: the stream database, and the folded database their
// windows are scanned with, with its late starts (a stream may have windows and
// no stream database: window expressions of anchored groups need no end
// detectors). Called again once Engine::Load()'s deferred stream database is
// read, before any stream (they derive their plan after it).
absl::Status InitStreamScratch(const EngineState* state) {
  if (!state->options.streaming) return absl::OkStatus();
  return state->stream_scratch.Init(
      {state->stream_database.get(), state->database(Space::kFolded),
       state->late_starts[static_cast<size_t>(Space::kFolded)].database.get()});
}

absl::Status CompileStreamDatabase(EngineState* state) {
  LEXGATE_ASSIGN_OR_RETURN(const HoldPlan* plan_pointer, state->StreamPlan());
  const HoldPlan& plan = *plan_pointer;
  // After the anchors: the window expressions of groups without anchors
  // once more, without start-of-match, only to tell when one has ended, so
  // that windows are scanned (with the folded database, which has them
  // with start-of-match or a fixed length) when a match is there to be
  // found.
  // A detector needs only a superset of the ends: a regex's tail from a
  // literal on (EndFindingTail()) where it has one keeps no automaton
  // running over every letter in each stream call.
  ExtraPatterns extra{plan.anchor_patterns, plan.anchor_flags,
                      std::vector<bool>(plan.anchor_patterns.size(), false)};
  for (uint32_t id : plan.end_detectors) {
    extra.patterns.push_back(state->folded().Pattern(id));
    extra.flags.push_back(state->folded().flags[id] & ~HS_FLAG_SOM_LEFTMOST);
    extra.ends_only.push_back(state->folded().info[id].kind ==
                              ExprKind::kRegex);
  }
  // Null when there is nothing to compile.
  absl::StatusOr<Database> database =
      CompileDatabase(Subset(state->folded(), plan.stream_expressions),
                      state->rules, DatabaseMode::kStream, extra);
  if (!database.ok()) return database.status();
  state->stream_database = *std::move(database);
  return InitStreamScratch(state);
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
  // The stream database also holds end detectors for the window
  // expressions of groups without anchors: an engine saved before it did
  // (none, or one for every window expression) is refused.
  mix("window-end-detectors-unanchored");
  // Which expressions each stream-side database holds, in id order.
  for (const auto* ids : {&plan.stream_expressions, &plan.end_detectors}) {
    for (uint32_t id : *ids) mix(std::to_string(id));
    mix("|");
  }
  return hash;
}

uint64_t EngineState::PieceOverlap() const {
  absl::call_once(piece_overlap_once_, [this] {
    uint64_t overlap = 0;
    for (const ExpressionSet& set : expressions) {
      for (size_t i = 0; i < set.size(); ++i) {
        if (set.info[i].match_length != 0) {  // a literal, a fixed length
          overlap = std::max<uint64_t>(overlap, set.info[i].match_length);
          continue;
        }
        const std::optional<uint64_t> bytes =
            MaxMatchBytes(std::string(set.terms[i]), set.flags[i]);
        overlap = std::max(overlap, bytes.value_or(kUnboundedOverlap));
      }
    }
    piece_overlap_ = overlap;
  });
  return piece_overlap_;
}

absl::Status FinishEngineState(EngineState* state) {
  state->rule_index.clear();
  for (size_t i = 0; i < state->rules.size(); ++i) {
    if (!state->rule_index.emplace(state->rules[i].id, i).second) {
      return absl::DataLossError("corrupted lexgate engine: duplicate rule id");
    }
  }
  for (const ExpressionSet& set : state->expressions) {
    for (const ExpressionInfo& info : set.info) {
      if (info.part == kNoneOfPart)
        state->rules[info.rule].has_exclusions = true;
    }
  }
  for (size_t s = 0; s < kSpaceCount; ++s) {
    const ExpressionSet& set = state->expressions[s];
    std::vector<uint32_t>& lengths = state->fixed_lengths[s];
    lengths.clear();
    for (size_t i = 0; i < set.size(); ++i) {
      if (set.info[i].match_length == 0) continue;
      if (lengths.empty()) lengths.assign(set.size(), 0);
      lengths[i] = set.info[i].match_length;
    }
  }
  state->fingerprint = Fingerprint(*state);
  std::vector<const hs_database_t*> block_databases;
  for (size_t s = 0; s < kSpaceCount; ++s) {
    block_databases.push_back(state->databases[s].get());
    block_databases.push_back(state->late_starts[s].database.get());
  }
  LEXGATE_RETURN_IF_ERROR(state->scratch.Init(block_databases));
  return InitStreamScratch(state);
}

absl::Status EngineState::ReadStreamDatabase() const {
  std::call_once(stream_database_once_, [this] {
    if (!deferred.has_value()) return;
    auto read = [this]() -> absl::Status {
      // Unless read already (a bad_alloc may have interrupted the last try
      // after it).
      if (deferred->stream_length == 0 || stream_database != nullptr) {
        return absl::OkStatus();
      }
      LEXGATE_ASSIGN_OR_RETURN(
          const std::string bytes,
          deferred->file->Read(deferred->stream_at, deferred->stream_length));
      // An intact database of another engine: the file was put together
      // from two, or rewritten in place since the load (cp over it).
      if (PayloadChecksum(bytes) != deferred->stream_digest) {
        return absl::DataLossError(absl::StrCat(
            "corrupted lexgate engine: the stream database in '",
            deferred->file->path(),
            "' is not this engine's (was the file rewritten after it was "
            "loaded? replace engine files by renaming a new file over them)"));
      }
      LEXGATE_ASSIGN_OR_RETURN(
          stream_database, DeserializeDatabase(bytes, DatabaseMode::kStream));
      return absl::OkStatus();
    };
    stream_database_status_ = read();
    if (stream_database_status_.ok()) {
      stream_database_status_ = InitStreamScratch(this);
    }
  });
  return stream_database_status_;
}

absl::StatusOr<const HoldPlan*> EngineState::StreamPlan() const {
  std::call_once(hold_plan_once_, [this] {
    if (!options.streaming) {
      hold_plan_status_ = absl::FailedPreconditionError(
          "this engine was compiled without EngineOptions::streaming");
      return;
    }
    hold_plan_status_ = ReadStreamDatabase();
    if (!hold_plan_status_.ok()) return;
    absl::StatusOr<HoldPlan> plan =
        BuildHoldPlan(rules, folded(), database(Space::kFolded),
                      variant_matcher, FoldKeepsAsciiLookalikes(normalizer));
    if (!plan.ok()) {
      hold_plan_status_ = plan.status();
      return;
    }
    if (saved_anchors_hash.has_value() &&
        (*saved_anchors_hash != AnchorsHash(*plan) ||
         (stream_database == nullptr) !=
             (plan->stream_expressions.empty() &&
              plan->anchor_patterns.empty() && plan->end_detectors.empty()))) {
      hold_plan_status_ = absl::DataLossError(
          "corrupted lexgate engine: its stream database was built for "
          "another stream plan (saved by another lexgate build?)");
      return;
    }
    hold_plan_ = *std::move(plan);
  });
  if (!hold_plan_status_.ok()) return hold_plan_status_;
  return &hold_plan_;
}

uint64_t StreamAnchorsHash(const EngineState& state) {
  if (state.saved_anchors_hash.has_value()) return *state.saved_anchors_hash;
  // A compiled engine derived its plan before its stream database.
  absl::StatusOr<const HoldPlan*> plan = state.StreamPlan();
  return plan.ok() ? AnchorsHash(**plan) : 0;
}

absl::StatusOr<std::shared_ptr<EngineState>> CompileEngineState(
    const RuleSet& rules, const EngineOptions& options) {
  if (options.streaming) {
    for (const Rule& rule : rules.rules()) {
      if (rule.all_of.empty() || rule.within > 0) continue;
      // A stream must decide each part before it releases the text after
      // it; without a window nothing later in the answer could be ruled out.
      return RuleError(absl::StatusCode::kInvalidArgument, rule.location,
                       rule.id,
                       "a streaming engine needs 'within' on an all_of rule "
                       "(the window in which its parts must meet)");
    }
  }
  auto state = std::make_shared<EngineState>(options);
  LEXGATE_ASSIGN_OR_RETURN(CompiledRules compiled,
                           BuildExpressions(rules, state->normalizer));
  state->rules = std::move(compiled.rules);
  state->expressions = std::move(compiled.sets);
  state->declared_categories = rules.declared_categories();
  for (size_t s = 0; s < kSpaceCount; ++s) {
    ExpressionSet& set = state->expressions[s];
    ChooseFixedLengths(
        &set, LookalikesFolded(static_cast<Space>(s), state->normalizer));
    ChooseLateStarts(&set);
  }
  state->variant_matcher =
      VariantMatcher::Build(state->folded(), state->normalizer);
  for (size_t s = 0; s < kSpaceCount; ++s) {
    LEXGATE_ASSIGN_OR_RETURN(
        state->databases[s],
        CompileDatabase(state->expressions[s], state->rules,
                        DatabaseMode::kBlock, {},
                        s == static_cast<size_t>(Space::kFolded)
                            ? state->variant_matcher.handled()
                            : std::vector<bool>()));
    LEXGATE_ASSIGN_OR_RETURN(state->late_starts[s],
                             DeriveLateStarts(state->expressions[s]));
    LEXGATE_RETURN_IF_ERROR(CompileLateStartDatabase(
        state->expressions[s], state->rules, &state->late_starts[s]));
  }
  // The stream database needs the plan's anchors, and the plan needs the
  // block database: derive, compile, then size the scratch again.
  LEXGATE_RETURN_IF_ERROR(FinishEngineState(state.get()));
  if (options.streaming) {
    LEXGATE_RETURN_IF_ERROR(CompileStreamDatabase(state.get()));
  }
  return state;
}

}  // namespace internal

Engine::Engine(std::shared_ptr<const EngineState> state)
    : state_(std::move(state)) {}
Engine::~Engine() = default;

absl::StatusOr<std::shared_ptr<const Engine>> Engine::Compile(
    const RuleSet& rules, const EngineOptions& options) {
  return internal::CatchOutOfMemory(
      "Engine::Compile",
      [&]() -> absl::StatusOr<std::shared_ptr<const Engine>> {
        LEXGATE_ASSIGN_OR_RETURN(std::shared_ptr<EngineState> state,
                                 internal::CompileEngineState(rules, options));
        return std::shared_ptr<const Engine>(new Engine(std::move(state)));
      });
}

absl::StatusOr<std::shared_ptr<const Engine>> Engine::Deserialize(
    std::string_view blob) {
  return internal::CatchOutOfMemory(
      "Engine::Deserialize",
      [&]() -> absl::StatusOr<std::shared_ptr<const Engine>> {
        LEXGATE_ASSIGN_OR_RETURN(std::shared_ptr<EngineState> state,
                                 internal::DeserializeEngineState(blob));
        return std::shared_ptr<const Engine>(new Engine(std::move(state)));
      });
}

absl::StatusOr<std::shared_ptr<const Engine>> Engine::Load(
    const std::string& path) {
  return internal::CatchOutOfMemory(
      "Engine::Load", [&]() -> absl::StatusOr<std::shared_ptr<const Engine>> {
        LEXGATE_ASSIGN_OR_RETURN(std::shared_ptr<internal::EngineFile> file,
                                 internal::EngineFile::Open(path));
        absl::StatusOr<std::shared_ptr<internal::EngineState>> state =
            internal::DeserializeEngineState(
                file->Contents(), file->deferrable() ? file : nullptr);
        // Nothing reads the contents after the load; a deferred database
        // is read back with pread().
        file->Release();
        if (!state.ok()) return state.status();
        return std::shared_ptr<const Engine>(new Engine(*std::move(state)));
      });
}

std::string Engine::Serialize() const {
  return internal::SerializeEngineState(*state_);
}

const std::string& Engine::fingerprint() const { return state_->fingerprint; }
const EngineOptions& Engine::options() const { return state_->options; }
const Normalizer& Engine::normalizer() const { return state_->normalizer; }
size_t Engine::rule_count() const { return state_->rules.size(); }
const Taxonomy& Engine::declared_categories() const {
  return state_->declared_categories;
}

size_t Engine::database_bytes() const {
  // A loaded engine's stream database may be read at this moment by
  // another thread's first OpenStream(): count what the file said.
  size_t total = state_->deferred.has_value()
                     ? state_->deferred->stream_size
                     : internal::DatabaseSize(state_->stream_database.get());
  for (const auto& db : state_->databases) {
    total += internal::DatabaseSize(db.get());
  }
  for (const internal::LateStarts& late : state_->late_starts) {
    total += internal::DatabaseSize(late.database.get());
  }
  return total + state_->variant_matcher.memory_bytes();
}

}  // namespace lexgate
