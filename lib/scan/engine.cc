#include "lexgate/engine.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "base/utf8.h"
#include "compile/databases.h"
#include "compile/expressions.h"
#include "compile/serialization.h"
#include "scan/engine_state.h"
#include "scan/redact.h"
#include "scan/resolve.h"

namespace lexgate {

using internal::EngineState;
using internal::RawHit;
using internal::Space;

namespace internal {

absl::Status EngineState::Finish() {
  rule_index.clear();
  for (size_t i = 0; i < rules.size(); ++i) {
    rule_index[rules[i].id] = static_cast<uint32_t>(i);
  }
  return scratch.Init(
      {database(Space::kFolded), database(Space::kRaw), stream_database.get()});
}

}  // namespace internal

namespace {

struct HitSink {
  std::vector<RawHit>* hits;
  Space space;
};

int OnMatch(unsigned int id, unsigned long long from, unsigned long long to,
            unsigned int /*flags*/, void* context) {
  auto* sink = static_cast<HitSink*>(context);
  sink->hits->push_back({id, sink->space, from, to});
  return 0;  // keep scanning
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

absl::Status ScanSpace(const EngineState& state, Space space,
                       std::string_view data, hs_scratch_t* scratch,
                       std::vector<RawHit>* hits) {
  const hs_database_t* db = state.database(space);
  if (db == nullptr) return absl::OkStatus();
  HitSink sink{hits, space};
  const hs_error_t rc =
      hs_scan(db, data.data(), static_cast<unsigned>(data.size()), 0, scratch,
              OnMatch, &sink);
  if (rc != HS_SUCCESS) {
    return absl::InternalError(
        absl::StrFormat("Hyperscan scan failed (error %d)", rc));
  }
  return absl::OkStatus();
}

absl::Status CompileForStreaming(const internal::CompiledRules& compiled,
                                 EngineState* state) {
  const internal::ExpressionSet& folded =
      compiled.sets[static_cast<size_t>(Space::kFolded)];
  absl::StatusOr<internal::Database> db = internal::CompileDatabase(
      folded, compiled.rules, internal::DatabaseMode::kStream);
  if (!db.ok()) return db.status();
  state->stream_database = *std::move(db);
  size_t unbounded = 0;
  absl::StatusOr<uint64_t> width =
      internal::MaxMatchWidth(folded, compiled.rules, &unbounded);
  if (!width.ok()) return width.status();
  state->max_match_width = *width;
  if (*width == UINT64_MAX) {
    state->unbounded_rule = compiled.rules[folded.info[unbounded].rule].id;
  }
  return absl::OkStatus();
}

}  // namespace

Engine::Engine(std::unique_ptr<EngineState> state) : state_(std::move(state)) {}
Engine::~Engine() = default;

absl::StatusOr<std::shared_ptr<const Engine>> Engine::Compile(
    const RuleSet& rules, const EngineOptions& options) {
  auto state = std::make_unique<EngineState>(options);
  absl::StatusOr<internal::CompiledRules> compiled =
      internal::BuildExpressions(rules, state->normalizer);
  if (!compiled.ok()) return compiled.status();
  for (size_t s = 0; s < internal::kSpaceCount; ++s) {
    absl::StatusOr<internal::Database> db = internal::CompileDatabase(
        compiled->sets[s], compiled->rules, internal::DatabaseMode::kBlock);
    if (!db.ok()) return db.status();
    state->databases[s] = *std::move(db);
  }
  if (options.streaming) {
    absl::Status status = CompileForStreaming(*compiled, state.get());
    if (!status.ok()) return status;
  }
  for (size_t s = 0; s < internal::kSpaceCount; ++s) {
    state->expressions[s] = std::move(compiled->sets[s].info);
  }
  state->rules = std::move(compiled->rules);
  if (absl::Status status = state->Finish(); !status.ok()) return status;
  return std::shared_ptr<const Engine>(new Engine(std::move(state)));
}

absl::StatusOr<std::shared_ptr<const Engine>> Engine::Deserialize(
    std::string_view blob) {
  absl::StatusOr<std::unique_ptr<EngineState>> state =
      internal::DeserializeEngineState(blob);
  if (!state.ok()) return state.status();
  if (absl::Status status = (*state)->Finish(); !status.ok()) return status;
  return std::shared_ptr<const Engine>(new Engine(*std::move(state)));
}

std::string Engine::Serialize() const {
  return internal::SerializeEngineState(*state_);
}

absl::StatusOr<ScanResult> Engine::Scan(std::string_view text) const {
  if (text.size() > kMaxBlockBytes) return ScanInPieces(text);
  thread_local NormalizedText folded;
  thread_local std::vector<RawHit> hits;
  thread_local std::string raw_storage;
  hits.clear();
  folded.folded.clear();
  folded.map.Clear();
  if (text.empty()) return ScanResult();

  internal::ScratchPool::Lease scratch(&state_->scratch);
  if (!scratch.ok()) return scratch.status();
  if (state_->database(Space::kFolded) != nullptr) {
    state_->normalizer.Normalize(text, &folded);
    LEXGATE_RETURN_IF_ERROR(ScanSpace(*state_, Space::kFolded, folded.folded,
                                      scratch.get(), &hits));
  }
  if (state_->database(Space::kRaw) != nullptr) {
    LEXGATE_RETURN_IF_ERROR(ScanSpace(*state_, Space::kRaw,
                                      ValidRawText(text, &raw_storage),
                                      scratch.get(), &hits));
  }
  return internal::Resolve(*state_, text, folded, hits);
}

absl::StatusOr<ScanResult> Engine::ScanInPieces(std::string_view text) const {
  // Hyperscan and the offset map work on 32-bit offsets; larger texts are
  // scanned in pieces cut at character boundaries. A match straddling two
  // pieces is not found.
  ScanResult result;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = std::min(text.size(), begin + kMaxBlockBytes);
    while (end < text.size() && end > begin &&
           (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
      --end;
    }
    LEXGATE_ASSIGN_OR_RETURN(ScanResult piece,
                             Scan(text.substr(begin, end - begin)));
    for (Match& m : piece.matches) {
      m.start += begin;
      m.end += begin;
      result.matches.push_back(std::move(m));
    }
    result.verdict = std::max(result.verdict, piece.verdict);
    begin = end;
  }
  return result;
}

absl::StatusOr<std::string> Engine::Redact(std::string_view text) const {
  LEXGATE_ASSIGN_OR_RETURN(const ScanResult result, Scan(text));
  return Redact(text, result);
}

std::string Engine::Redact(std::string_view text,
                           const ScanResult& result) const {
  return internal::RedactSpans(*state_, text, result);
}

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

size_t Engine::max_match_width() const {
  return state_->max_match_width == UINT64_MAX
             ? SIZE_MAX
             : static_cast<size_t>(state_->max_match_width);
}

}  // namespace lexgate
