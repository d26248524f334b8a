// Engine::OpenStream and the Stream facade over StreamState.
#include "lexgate/stream.h"

#include <memory>

#include "absl/strings/str_format.h"
#include "base/out_of_memory.h"
#include "base/status_macros.h"
#include "compile/engine_state.h"
#include "lexgate/engine.h"
#include "stream/stream_state.h"

namespace lexgate {

absl::StatusOr<Stream> Engine::OpenStream(const StreamOptions& options) const {
  const internal::EngineState& state = *state_;
  if (!state.options.streaming) {
    return absl::FailedPreconditionError(
        "this engine was compiled without EngineOptions::streaming");
  }
  for (const internal::RuleInfo& rule : state.rules) {
    if (!rule.normalize) {
      return absl::FailedPreconditionError(absl::StrFormat(
          "rule '%s' matches unfolded text (normalize = false), which "
          "streaming does not support",
          rule.id));
    }
    if (rule.parts > 0 && rule.within == 0) {
      // Compile() and Deserialize() refuse such an engine; never hold a
      // part until the end of the text.
      return absl::FailedPreconditionError(absl::StrFormat(
          "rule '%s' has all_of without within, which streaming does not "
          "support",
          rule.id));
    }
    // Each part waits for the rest of its window (and for exclusions near
    // that window) before it is released.
    const uint64_t wait = uint64_t{rule.within} * (rule.has_exclusions ? 2 : 1);
    if (wait > options.max_hold) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "rule '%s' waits %d characters past a part for the rest of its "
          "window (within = %d%s): max_hold must be at least that, not %d",
          rule.id, wait, rule.within,
          rule.has_exclusions ? ", twice for none_of" : "", options.max_hold));
    }
  }
  if (options.max_hold < StreamOptions::kMinMaxHold ||
      options.max_hold > StreamOptions::kMaxMaxHold) {
    return absl::InvalidArgumentError(
        absl::StrFormat("max_hold must be %d .. %d code points, not %d",
                        StreamOptions::kMinMaxHold, StreamOptions::kMaxMaxHold,
                        options.max_hold));
  }
  if (options.batch != StreamOptions::kAutoBatch &&
      options.batch > StreamOptions::kMaxMaxHold) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "batch must be at most %d code points", StreamOptions::kMaxMaxHold));
  }
  return internal::CatchOutOfMemory(
      "Engine::OpenStream", [&]() -> absl::StatusOr<Stream> {
        // The first stream of a loaded engine derives its hold plan.
        LEXGATE_RETURN_IF_ERROR(state.StreamPlan().status());
        auto stream = std::make_unique<internal::StreamState>(state_, options);
        LEXGATE_RETURN_IF_ERROR(stream->Open());
        return Stream(std::move(stream));
      });
}

Stream::Stream(std::unique_ptr<internal::StreamState> state)
    : state_(std::move(state)) {}
Stream::Stream(Stream&&) noexcept = default;
Stream& Stream::operator=(Stream&&) noexcept = default;
Stream::~Stream() = default;

std::string Stream::Feed(std::string_view delta) { return state_->Feed(delta); }
std::string Stream::Finish() { return state_->Finish(); }
Action Stream::verdict() const { return state_->verdict(); }
bool Stream::blocked() const { return state_->blocked(); }
const absl::Status& Stream::status() const { return state_->status(); }
const std::vector<Match>& Stream::matches() const { return state_->matches(); }
const std::vector<CharSpan>& Stream::char_spans() const {
  return state_->char_spans();
}
size_t Stream::held_back() const { return state_->held_back(); }

}  // namespace lexgate
