#include "lexgate/stream.h"

#include <algorithm>

#include "absl/strings/str_format.h"
#include "scan/engine_state.h"
#include "stream/stream_state.h"

namespace lexgate {

namespace {

// One character of lookahead for the boundary check after a match.
constexpr uint64_t kBoundaryLookahead = 4;

// StreamOptions::kAutoBatch: a quarter of the hold-back (in folded bytes,
// taken as characters: more for CJK text, where a character is three
// bytes), so that batching adds a fraction of the delay the rules impose
// anyway, and at least this many characters.
constexpr size_t kMinAutoBatch = 16;

size_t BatchFor(const StreamOptions& options, uint64_t hold) {
  if (options.batch != StreamOptions::kAutoBatch) return options.batch;
  return std::max<size_t>(kMinAutoBatch, static_cast<size_t>(hold / 4));
}

}  // namespace

absl::StatusOr<Stream> Engine::OpenStream() const {
  return OpenStream(StreamOptions());
}

absl::StatusOr<Stream> Engine::OpenStream(const StreamOptions& options) const {
  const internal::EngineState& state = *state_;
  if (!state.options.streaming) {
    return absl::FailedPreconditionError(
        "this engine was compiled without EngineOptions::streaming");
  }
  if (state.database(internal::Space::kRaw) != nullptr) {
    for (const internal::RuleInfo& rule : state.rules) {
      if (!rule.normalize) {
        return absl::FailedPreconditionError(absl::StrFormat(
            "rule '%s' matches unfolded text (normalize = false), which "
            "streaming does not support",
            rule.id));
      }
    }
  }
  uint64_t width = state.max_match_width;
  if (width == UINT64_MAX) {
    if (options.window == 0) {
      return absl::FailedPreconditionError(absl::StrFormat(
          "rule '%s' has a regex without a bounded match width; bound it "
          "(e.g. {1,64} instead of +) or set StreamOptions::window",
          state.unbounded_rule));
    }
    width = options.window;
  }
  const uint64_t hold = width + kBoundaryLookahead;
  return Stream(std::make_unique<internal::StreamState>(
      shared_from_this(), state, hold, BatchFor(options, hold)));
}

Stream::Stream(std::unique_ptr<internal::StreamState> state)
    : state_(std::move(state)) {}
Stream::Stream(Stream&&) noexcept = default;
Stream& Stream::operator=(Stream&&) noexcept = default;
Stream::~Stream() = default;

std::string Stream::Feed(std::string_view delta) { return state_->Feed(delta); }
std::string Stream::Finish() { return state_->Finish(); }
Action Stream::verdict() const { return state_->verdict(); }
const std::vector<Match>& Stream::matches() const { return state_->matches(); }
size_t Stream::held_back() const { return state_->held_back(); }

}  // namespace lexgate
