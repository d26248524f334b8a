// The state behind lexgate::Stream: incremental folding, a Hyperscan stream
// over the folded text, incremental resolution of hits, and release of the
// original text up to the point no undecided match can reach.
#ifndef LEXGATE_LIB_STREAM_STREAM_STATE_H_
#define LEXGATE_LIB_STREAM_STREAM_STATE_H_

#include <hs/hs.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lexgate/engine.h"
#include "scan/engine_state.h"
#include "scan/resolve.h"
#include "stream/stream_normalizer.h"

namespace lexgate::internal {

class StreamState {
 public:
  // `hold` is the longest match in folded bytes plus one character of
  // boundary lookahead.
  StreamState(std::shared_ptr<const Engine> engine, const EngineState& state,
              uint64_t hold, size_t batch);
  ~StreamState();
  StreamState(const StreamState&) = delete;
  StreamState& operator=(const StreamState&) = delete;

  std::string Feed(std::string_view delta);
  std::string Finish();

  Action verdict() const { return verdict_; }
  const std::vector<Match>& matches() const { return matches_; }
  size_t held_back() const {
    return blocked_ ? 0 : orig_base_ + orig_buf_.size() - released_;
  }

 private:
  // Folds and scans what the normalizer committed.
  void Consume(const std::string& folded, const std::vector<StreamUnit>& units);
  // Resolves every hit starting before folded offset `decided`.
  void Decide(uint64_t decided);
  // Releases the original text before `safe_orig`, masked.
  std::string Release(uint64_t safe_orig);
  std::pair<uint64_t, uint64_t> ToOriginal(uint64_t begin, uint64_t end) const;
  const StreamUnit* UnitAt(uint64_t folded) const;

  std::shared_ptr<const Engine> engine_;  // keeps `state_` alive
  const EngineState& state_;
  const uint64_t hold_;
  StreamNormalizer normalizer_;
  hs_stream_t* hs_stream_ = nullptr;
  // Scratch held for the stream's life: a stream feeds many small deltas,
  // and a lease per delta would cost a lock each time.
  hs_scratch_t* scratch_ = nullptr;
  hs_scratch_t* Scratch();
  // Reused across Feed() calls.
  std::string new_folded_;
  std::vector<StreamUnit> new_units_;

  std::vector<RawHit> hits_;  // reported, not yet decided
  std::string folded_buf_;    // committed folded text from folded_base_
  uint64_t folded_base_ = 0;
  // Committed units from units_head_ on (the one at `decided_` first); a
  // vector compacted now and then rather than a deque, because UnitAt()
  // searches it on every decision.
  std::vector<StreamUnit> units_;
  size_t units_head_ = 0;
  uint64_t decided_ = 0;
  std::vector<uint64_t> rule_last_end_;  // leftmost-longest state per rule
  std::vector<Span> allowed_;            // allow spans that may still matter
  // Reused by Decide().
  std::vector<Candidate> ready_;
  std::vector<Span> spans_;

  std::string orig_buf_;    // original text from orig_base_
  uint64_t orig_base_ = 0;  // compacted away only now and then
  uint64_t released_ = 0;   // bytes released so far
  std::vector<Match> matches_;
  size_t next_unreleased_ = 0;  // first match starting at or after released_
  Action verdict_ = Action::kAllow;
  bool blocked_ = false;
  bool finished_ = false;
};

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_STREAM_STREAM_STATE_H_
