// The state behind lexgate::Stream: the stream driver of the pipeline. The
// same fold kernel and resolver as Engine::Scan(), fed batch by batch: the
// kernel commits what no later input can change, Hyperscan's stream mode
// scans it, the hold tracker says how far back an unfinished match could
// start, the resolver decides what nothing later can change, and the
// original text before the earliest undecided point is released, masked.
#ifndef LEXGATE_LIB_STREAM_STREAM_STATE_H_
#define LEXGATE_LIB_STREAM_STREAM_STATE_H_

#include <hs/hs.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "compile/engine_state.h"
#include "compile/variant_matcher.h"
#include "lexgate/stream.h"
#include "normalize/fold_kernel.h"
#include "scan/hits.h"
#include "scan/late_start_scan.h"
#include "scan/resolver.h"
#include "stream/hold_tracker.h"

namespace lexgate::internal {

// Thread safety: not thread-safe; one per stream.
class StreamState {
 public:
  // `engine`'s StreamPlan() must have succeeded (Engine::OpenStream()).
  StreamState(std::shared_ptr<const EngineState> engine,
              const StreamOptions& options);
  ~StreamState();
  StreamState(const StreamState&) = delete;
  StreamState& operator=(const StreamState&) = delete;

  // Opens the Hyperscan stream; a failure is the stream's status.
  absl::Status Open();

  std::string Feed(std::string_view delta);
  std::string Finish();

  Action verdict() const { return verdict_; }
  bool blocked() const { return blocked_; }
  const absl::Status& status() const { return status_; }
  const std::vector<Match>& matches() const { return matches_; }
  const std::vector<CharSpan>& char_spans() const { return char_spans_; }
  size_t held_back() const {
    return blocked_ || finished_ ? 0 : fed_chars_ - released_chars_;
  }

 private:
  // Folds, scans and decides the input not yet processed; returns the text
  // that became safe. `final`: the text has ended.
  absl::StatusOr<std::string> Process(bool final);
  // Folds the input not yet processed and scans what became final (the
  // stream database, the letter variants), without deciding: the hits
  // wait in hits_ and anchor_hits_ for the next Process().
  absl::Status ScanPending(bool final);
  // The batch now: the automatic one counts more characters while the
  // text fed is all ASCII.
  size_t BatchChars() const;
  // Whether the automatic batch may leave the text fed so far undecided:
  // something was released already (the first text goes out at once) and
  // what is held back is narrower than one and a half batches.
  bool MayDeferDecision() const;
  // Whether what ScanPending() found since hits_[hits], anchor_hits_[anchors]
  // (or a window end not taken yet) may belong to a block match: then it is
  // decided at once, so that the caller can stop the model.
  bool MayBlock(size_t hits, size_t anchors) const;
  // Whether hold group `g` may hold a block rule (by the policy).
  bool MayBeBlockGroup(uint32_t g) const;
  // Scans folded [from, to) with the stream database.
  absl::Status ScanStream(uint64_t from, uint64_t to);
  // Scans the window expressions (with the folded database) over the text
  // in which the new folded text (up to `committed`) can complete a match
  // (HoldPlan), if the end detectors saw one end there.
  absl::Status ScanWindow(uint64_t committed, uint64_t front, bool final);
  // Matches the engine's VariantMatcher over the folded text kept, up to
  // `committed`: its expressions need neither the stream database nor a
  // window.
  void MatchVariants(uint64_t committed, bool final);
  HitSink StreamSink();
  // Releases the original text before `safe` (masked), and masks the
  // forced run [forced_begin, forced_end) of an overflow.
  std::string Release(uint64_t safe, uint64_t forced_begin,
                      uint64_t forced_end);
  // Appends the original [begin, end) redacted with the decided matches
  // (clipped to it) to `out`; masks it whole when `mask_all`.
  void AppendRange(uint64_t begin, uint64_t end, bool mask_all,
                   std::string* out);
  void CloseOverflow();
  // Adds decided matches (ordered) to matches_ and char_spans_.
  void AddMatches(std::vector<Match>* fresh);
  void InsertMatch(Match match, CharSpan span);
  // Code points of the original text before offset `original` (a character
  // start in the kept text, at or after orig_base_).
  uint64_t CharsBefore(uint64_t original);
  // Code points of the original [begin, end) (character starts in the kept
  // text).
  uint64_t CharsIn(uint64_t begin, uint64_t end) const;
  // Where the run of overflowing group g ends: its first break after what
  // is masked already, or `committed`.
  uint64_t RunEnd(size_t g, uint64_t committed) const;
  // Original offset of folded offset `folded` (everything folded when it is
  // past the last final character).
  uint64_t ToOriginal(uint64_t folded) const;
  // The original offset right after the unit that holds folded byte
  // `folded - 1`: where a span of folded text ending at `folded` ends in
  // the original (a unit folded to several characters, ½ to 1⁄2, is
  // covered whole when the span ends inside it).
  uint64_t ToOriginalEnd(uint64_t folded) const;
  // A run of a group with a block rule passed max_hold at folded
  // `run_begin`: a block match that began in it could no longer be found
  // whole, so the stream fails closed: a block match of rule
  // kStreamOverflowRule over the run so far, and verdict kBlock.
  void BlockOverflow(uint64_t run_begin, uint64_t committed);
  // Drops the text no later decision can look at.
  void Trim(uint64_t release_point);
  // Turns the stream into a blocked one because of `status`.
  std::string Fail(const absl::Status& status);

  std::shared_ptr<const EngineState> engine_;
  const EngineState& state_;
  const StreamOptions options_;
  // With the automatic batch: every batch is scanned, but decided only
  // when MayDeferDecision() says so or a block may be under way.
  // Off where a block group is found by class anchors, which only a
  // decision observes.
  bool defer_decisions_ = false;

  FoldKernel kernel_;
  FoldBuffer folded_;
  Resolver resolver_;
  HoldTracker tracker_;
  hs_stream_t* hs_stream_ = nullptr;
  // Scratch held for the stream's life: a stream feeds many small deltas,
  // and a lease per delta would cost a lock each time.
  hs_scratch_t* scratch_ = nullptr;
  std::vector<RawHit> hits_;
  std::vector<RawHit> anchor_hits_;
  std::vector<RawHit> window_hits_;
  LateStartBuffers late_buffers_;
  // The window: window expression hits ending at or before
  // window_accepted_ were taken (no match not taken yet starts before its
  // group's clamped_ start of the previous batch).
  uint64_t window_accepted_ = 0;
  // Folded: the furthest end of a window expression match seen by the
  // stream database's end detectors.
  uint64_t window_end_ = 0;
  VariantMatcher::Cursor variants_;
  // Deny groups whose run passed max_hold and has not ended, and the folded
  // offset masked up to for them.
  GroupMask overflowing_ = 0;
  uint64_t forced_to_ = 0;
  std::vector<uint64_t> open_;  // per hold group
  std::vector<uint64_t> clamped_;
  // The hold plan's deny groups, and those a policy turns into deny groups.
  GroupMask deny_groups_;
  // Anchored groups with a block rule (by the policy's actions), and
  // whether one of them is open or the resolver holds an undecided block
  // candidate: a match that would stop the stream may be under way, so
  // every delta is processed at once until it is decided, and the caller
  // learns of the block within a delta, not a batch.
  GroupMask anchored_block_groups_ = 0;
  // Groups with a block rule (by the policy's actions): a run of one that
  // passes max_hold blocks the stream (BlockOverflow).
  GroupMask block_groups_ = 0;
  bool block_pending_ = false;

  uint64_t folded_kept_ = 0;  // folded text before it may be forgotten
  uint64_t decided_to_ = 0;   // folded: what the last Process() observed
  std::string orig_;          // original text from orig_base_ on
  uint64_t orig_base_ = 0;
  uint64_t processed_ = 0;  // original bytes handed to the kernel
  uint64_t released_ = 0;   // original bytes released
  uint64_t fed_chars_ = 0;
  uint64_t released_chars_ = 0;
  size_t unprocessed_chars_ = 0;  // fed since the last ScanPending()
  // Whether a byte outside ASCII has been fed (BatchChars()).
  bool wide_fed_ = false;

  uint64_t orig_base_chars_ = 0;  // code points before orig_base_
  // CharsBefore()'s place: code points before original offset counted_to_.
  uint64_t counted_to_ = 0;
  uint64_t chars_before_counted_ = 0;

  std::vector<Match> matches_;
  std::vector<CharSpan> char_spans_;  // of matches_
  std::vector<Match> fresh_;          // reused by Process()
  size_t first_open_match_ = 0;       // matches before it end by released_
  // An overflow run being masked: original [overflow_begin_, overflow_end_).
  bool overflow_open_ = false;
  uint64_t overflow_begin_ = 0;
  uint64_t overflow_end_ = 0;
  uint64_t overflow_begin_chars_ = 0;
  std::string overflow_text_;

  Action verdict_ = Action::kAllow;
  bool blocked_ = false;
  bool finished_ = false;
  absl::Status status_;
};

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_STREAM_STREAM_STATE_H_
