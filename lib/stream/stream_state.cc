#include "stream/stream_state.h"

#include <algorithm>
#include <new>

#include "base/status_macros.h"
#include "base/utf8.h"
#include "normalize/ascii_run.h"
#include "scan/block_scan.h"
#include "scan/late_start_scan.h"
#include "scan/redact.h"

namespace lexgate::internal {
namespace {

bool Masks(Action action) {
  return action == Action::kMask || action == Action::kBlock;
}

// Folded bytes kept before the earliest undecided candidate, for the
// boundary check of the character before it.
constexpr uint64_t kBoundaryContext = 8;
// Buffers are compacted only when this much at their front is dead.
constexpr uint64_t kCompactBytes = 4096;

}  // namespace

StreamState::StreamState(std::shared_ptr<const EngineState> engine,
                         const StreamOptions& options)
    : engine_(std::move(engine)),
      state_(*engine_),
      options_(options),
      kernel_(state_.options.normalize, *state_.fold_table),
      resolver_(state_),
      tracker_(state_.hold_plan(), options.max_hold + 64),
      open_(state_.hold_plan().groups.size(), 0),
      clamped_(state_.hold_plan().groups.size(), 0),
      deny_groups_(state_.hold_plan().deny_groups) {
  kernel_.Reset(&folded_);
  if (options.policy != nullptr) resolver_.UsePolicy(*options.policy);
  const HoldPlan& plan = state_.hold_plan();
  for (uint32_t r = 0; r < state_.rules.size(); ++r) {
    if (r >= plan.rule_group.size() || plan.rule_group[r] >= open_.size()) {
      continue;
    }
    const uint32_t g = plan.rule_group[r];
    const GroupMask bit = GroupMask{1} << g;
    const std::optional<Action> action = resolver_.ActionOf(r);
    if (action == Action::kBlock) {
      block_groups_ |= bit;
      if (plan.groups[g].anchored) anchored_block_groups_ |= bit;
    }
    // A flag rule a policy turns into a mask or a block must hold its text
    // back like a mask rule: its group becomes a deny group here. (A rule
    // the policy weakens keeps holding: harmless, only later text.)
    if (options.policy != nullptr && action && Masks(*action)) {
      deny_groups_ |= bit;
    }
  }
  defer_decisions_ = options.batch == StreamOptions::kAutoBatch;
  const ClassAnchors& classes = plan.class_anchors;
  for (uint64_t m = classes.ends; m != 0; m &= m - 1) {
    if (MayBeBlockGroup(classes.group[__builtin_ctzll(m)])) {
      defer_decisions_ = false;
    }
  }
}

StreamState::~StreamState() {
  if (hs_stream_ != nullptr) {
    hs_close_stream(hs_stream_, nullptr, nullptr, nullptr);
  }
  state_.stream_scratch.Release(scratch_);
}

absl::Status StreamState::Open() {
  // Windows are scanned with the folded database, also where there is no
  // stream database (window expressions of anchored groups only).
  LEXGATE_ASSIGN_OR_RETURN(scratch_, state_.stream_scratch.Acquire());
  if (state_.stream_database == nullptr) return absl::OkStatus();
  if (hs_open_stream(state_.stream_database.get(), 0, &hs_stream_) !=
      HS_SUCCESS) {
    return absl::ResourceExhaustedError("could not open a Hyperscan stream");
  }
  return absl::OkStatus();
}

std::string StreamState::Fail(const absl::Status& status) {
  status_ = status;
  blocked_ = true;
  verdict_ = Action::kBlock;
  return "";
}

std::string StreamState::Feed(std::string_view delta) {
  if (blocked_) return "";
  if (finished_) {
    // Text after the end can never be screened: dropping it quietly would
    // let a caller believe it was checked, so the stream fails closed.
    if (delta.empty()) return "";
    return Fail(absl::FailedPreconditionError(
        "Feed() after Finish(): the text fed after the end of the stream "
        "was not screened"));
  }
  try {
    orig_.append(delta);
    // held_back() counts fed and released text alike: by character starts.
    const uint64_t chars = CountCharStarts(delta);
    fed_chars_ += chars;
    unprocessed_chars_ += chars;
    wide_fed_ =
        wide_fed_ ||
        AsciiRunLength(reinterpret_cast<const unsigned char*>(delta.data()),
                       delta.size()) != delta.size();
    const size_t batch = BatchChars();
    if (batch > 0 && !block_pending_ && unprocessed_chars_ < batch) {
      return "";
    }
    if (defer_decisions_ && !block_pending_ && MayDeferDecision()) {
      const size_t hits = hits_.size(), anchors = anchor_hits_.size();
      if (absl::Status scanned = ScanPending(/*final=*/false); !scanned.ok()) {
        return Fail(scanned);
      }
      if (!MayBlock(hits, anchors)) return "";
    }
    absl::StatusOr<std::string> out = Process(/*final=*/false);
    if (!out.ok()) return Fail(out.status());
    return *std::move(out);
  } catch (const std::bad_alloc&) {
    return Fail(absl::ResourceExhaustedError("out of memory in a stream"));
  }
}

std::string StreamState::Finish() {
  if (finished_ || blocked_) {
    finished_ = true;
    return "";
  }
  finished_ = true;
  try {
    absl::StatusOr<std::string> out = Process(/*final=*/true);
    if (!out.ok()) return Fail(out.status());
    return *std::move(out);
  } catch (const std::bad_alloc&) {
    return Fail(absl::ResourceExhaustedError("out of memory in a stream"));
  }
}

size_t StreamState::BatchChars() const {
  if (options_.batch != StreamOptions::kAutoBatch) return options_.batch;
  return wide_fed_ ? StreamOptions::kAutoBatchChars
                   : StreamOptions::kAutoBatchAsciiChars;
}

bool StreamState::MayDeferDecision() const {
  // Scanned every batch, text is decided once one and a half batches are
  // held back: clean text is then held back at most about two and a half
  // (the rest of the last decision, under 12 characters in most Chinese
  // text, plus two batches), and deciding (the hold tracker, the resolver,
  // the release), which costs more than scanning, is done about half as
  // often.
  const size_t batch = BatchChars();
  return released_chars_ > 0 &&
         fed_chars_ - released_chars_ < batch + batch / 2;
}

bool StreamState::MayBeBlockGroup(uint32_t g) const {
  // A group past the 64 of a mask is never assumed harmless.
  return g >= 64 || ((block_groups_ >> g) & 1) != 0;
}

bool StreamState::MayBlock(size_t hits, size_t anchors) const {
  const HoldPlan& plan = state_.hold_plan();
  for (size_t i = hits; i < hits_.size(); ++i) {
    if (resolver_.ActionOf(state_.folded().info[hits_[i].id].rule) ==
        Action::kBlock) {
      return true;
    }
  }
  for (size_t i = anchors; i < anchor_hits_.size(); ++i) {
    if (MayBeBlockGroup(plan.anchor_group[anchor_hits_[i].id])) return true;
  }
  // A window expression of a block group may have ended and not been
  // taken yet (also one seen before this scan, ending on the last
  // character a decision could not judge): only a decision scans its
  // window.
  return window_end_ > window_accepted_ &&
         (plan.detector_groups & block_groups_) != 0;
}

absl::Status StreamState::ScanPending(bool final) {
  const uint64_t old_committed = kernel_.committed();
  LEXGATE_RETURN_IF_ERROR(
      kernel_.Append(std::string_view(orig_).substr(processed_ - orig_base_),
                     final, &folded_));
  processed_ = orig_base_ + orig_.size();
  unprocessed_chars_ = 0;
  const uint64_t committed = kernel_.committed();
  if (committed > old_committed) {
    LEXGATE_RETURN_IF_ERROR(ScanStream(old_committed, committed));
  }
  if (committed > old_committed || final) MatchVariants(committed, final);
  if (final && hs_stream_ != nullptr) {
    // Matches that only the end of the text completes ($, \b).
    HitSink sink = StreamSink();
    const hs_error_t rc = hs_close_stream(hs_stream_, scratch_, OnHit, &sink);
    hs_stream_ = nullptr;
    LEXGATE_RETURN_IF_ERROR(HitSinkStatus(sink, rc, "stream scan"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> StreamState::Process(bool final) {
  // The batches scanned since the last decision are decided together, as
  // one batch: the hold tracker observes them all now.
  LEXGATE_RETURN_IF_ERROR(ScanPending(final));
  const uint64_t old_committed = decided_to_;
  const uint64_t committed = kernel_.committed();
  decided_to_ = committed;

  // The last final character is the boundary lookahead of the hits before
  // it: decisions are made up to its start.
  if (committed > old_committed) {
    tracker_.Observe(folded_, old_committed, committed);
  }
  // Anchors first: they tell whether the window can hold a new match.
  tracker_.AddAnchors(folded_, anchor_hits_);
  anchor_hits_.clear();
  const uint64_t front = final ? committed : tracker_.LastCharStart();
  if (committed > old_committed || final) {
    LEXGATE_RETURN_IF_ERROR(ScanWindow(committed, front, final));
  }
  ResolveTexts texts;
  texts.folded = &folded_;
  texts.original = orig_;
  texts.original_base = orig_base_;
  texts.original_base_chars = orig_base_chars_;
  LEXGATE_RETURN_IF_ERROR(resolver_.AddHits(Space::kFolded, hits_, texts));
  hits_.clear();
  uint64_t safe = committed;  // folded: release what lies before it
  uint64_t forced_begin = 0, forced_end = 0;  // folded: a run to mask
  uint64_t keep = committed;  // folded: what later decisions may read
  if (final) {
    LEXGATE_ASSIGN_OR_RETURN(const Action decided,
                             resolver_.Decide(texts, nullptr, &fresh_));
    verdict_ = std::max(verdict_, decided);
    // The text ends every run: an overflowing one is masked to its end.
    for (GroupMask m = overflowing_; m != 0; m &= m - 1) {
      forced_end = std::max(forced_end, RunEnd(__builtin_ctzll(m), committed));
    }
    overflowing_ = 0;
    if (forced_end > 0) forced_begin = folded_kept_;
  } else {
    if (committed == 0) return std::string();
    // Only the groups with a match possibly under way are visited; the
    // others are open (and clamped) at `committed`.
    const GroupMask pending = tracker_.OpenStarts(open_.data());
    std::copy(open_.begin(), open_.end(), clamped_.begin());
    // The cap: no run is held past max_hold characters. A group held
    // further back is decided as if it were not (its open start clamped to
    // the cap); a deny group held back that far overflows: from where it
    // was held, everything is masked until its run ends, since a match that
    // began before the cap may no longer be found whole.
    const uint64_t cap_floor = tracker_.CharsBeforeLast(options_.max_hold);
    const bool was_overflowing = overflowing_ != 0;
    uint64_t run_begin = UINT64_MAX;
    uint64_t blocking_run = UINT64_MAX;  // a block group's run past the cap
    uint64_t deny_open = committed;      // earliest start a deny group holds
    for (GroupMask m = pending; m != 0; m &= m - 1) {
      const size_t g = __builtin_ctzll(m);
      clamped_[g] = std::max(open_[g], cap_floor);
      keep = std::min(keep, clamped_[g]);
      const GroupMask bit = GroupMask{1} << g;
      if ((deny_groups_ & bit) == 0) continue;
      deny_open = std::min(deny_open, clamped_[g]);
      if (open_[g] < cap_floor) {
        if ((overflowing_ & bit) == 0)
          run_begin = std::min(run_begin, open_[g]);
        overflowing_ |= bit;
        if ((block_groups_ & bit) != 0) {
          blocking_run = std::min(blocking_run, open_[g]);
        }
      }
    }
    block_pending_ = false;
    for (GroupMask m = anchored_block_groups_; m != 0; m &= m - 1) {
      block_pending_ |= tracker_.AnchorOpen(__builtin_ctzll(m));
    }
    const Horizon horizon{front, clamped_.data()};
    LEXGATE_ASSIGN_OR_RETURN(const Action decided,
                             resolver_.Decide(texts, &horizon, &fresh_));
    verdict_ = std::max(verdict_, decided);
    if (blocking_run != UINT64_MAX && verdict_ != Action::kBlock) {
      BlockOverflow(blocking_run, committed);
    }
    // A block candidate found and waiting (for its boundary, or for the
    // rest of a co-occurrence window, where a none_of word may still rule
    // it out): decided at the first delta that allows it, not a batch
    // later.
    block_pending_ = block_pending_ || resolver_.BlockPending();
    safe = std::min(deny_open, resolver_.EarliestPendingDeny());
    for (GroupMask m = overflowing_; m != 0; m &= m - 1) {
      const size_t g = __builtin_ctzll(m);
      if (open_[g] < cap_floor) {
        forced_end = std::max(forced_end, cap_floor);
        continue;
      }
      forced_end = std::max(forced_end, RunEnd(g, committed));
      overflowing_ &= ~(GroupMask{1} << g);
    }
    if (forced_end > 0) {
      // A run that goes on continues from what was released; a new one
      // starts where its group was held.
      forced_begin = was_overflowing || run_begin == UINT64_MAX
                         ? folded_kept_
                         : std::max(run_begin, folded_kept_);
    }
  }
  AddMatches(&fresh_);
  if (verdict_ == Action::kBlock) {
    // A run masked so far is reported as it went out, block or not.
    CloseOverflow();
    blocked_ = true;
    return std::string();
  }
  forced_to_ = std::max(forced_to_, forced_end);
  std::string out = Release(safe, forced_begin, forced_end);
  if (final) {
    CloseOverflow();
  } else {
    Trim(std::min({keep, safe, resolver_.EarliestPending()}));
  }
  return out;
}

HitSink StreamState::StreamSink() {
  const HoldPlan& plan = state_.hold_plan();
  HitSink sink{&hits_};
  sink.expressions = static_cast<uint32_t>(plan.stream_expressions.size());
  sink.expression_ids = plan.stream_expressions.data();
  sink.fixed_lengths = state_.FixedLengths(Space::kFolded);
  sink.anchors = static_cast<uint32_t>(plan.anchor_patterns.size());
  sink.anchor_hits = &anchor_hits_;
  sink.window_ends = static_cast<uint32_t>(plan.end_detectors.size());
  sink.last_window_end = &window_end_;
  return sink;
}

absl::Status StreamState::ScanStream(uint64_t from, uint64_t to) {
  if (hs_stream_ == nullptr) return absl::OkStatus();
  HitSink sink = StreamSink();
  // Hyperscan takes 32-bit lengths: a huge delta goes in pieces.
  constexpr size_t kMaxPiece = size_t{1} << 30;
  std::string_view data = folded_.View(from, to);
  while (!data.empty()) {
    const std::string_view piece = data.substr(0, kMaxPiece);
    LEXGATE_RETURN_IF_ERROR(
        HitSinkStatus(sink,
                      hs_scan_stream(hs_stream_, piece.data(),
                                     static_cast<unsigned>(piece.size()), 0,
                                     scratch_, OnHit, &sink),
                      "stream scan"));
    data.remove_prefix(piece.size());
  }
  return absl::OkStatus();
}

absl::Status StreamState::ScanWindow(uint64_t committed, uint64_t front,
                                     bool final) {
  const HoldPlan& plan = state_.hold_plan();
  if (plan.window_expressions.empty()) return absl::OkStatus();
  // Only if a window match not taken yet may have ended: in an anchored
  // group, an anchor was seen where such a match may start; in another,
  // the stream database's end detectors saw one end after what the windows
  // took. The window reaches back only as far as these groups need: no
  // other group has a match ending in it, so none of their hits (which may
  // start later in the window than in the text) can be taken.
  GroupMask scan_groups = tracker_.TakeAnchoredWindows(folded_);
  if (window_end_ > window_accepted_) scan_groups |= plan.detector_groups;
  const uint64_t accept_to = final ? committed : front;
  if (scan_groups == 0) {
    window_accepted_ = std::max(window_accepted_, accept_to);
    return absl::OkStatus();
  }
  // From the earliest start the previous batch found for an unfinished
  // match of these groups, and one character before it, so that a \b at
  // the window's start sees its neighbour.
  uint64_t open = committed;
  for (GroupMask m = scan_groups; m != 0; m &= m - 1) {
    open = std::min(open, clamped_[__builtin_ctzll(m)]);
  }
  const uint64_t from = std::max(tracker_.CharsBefore(open, 1), folded_.base);
  window_hits_.clear();
  // The folded database: its ids are folded expression ids.
  const ExpressionSet& folded = state_.folded();
  HitSink sink{&window_hits_};
  sink.expressions = static_cast<uint32_t>(folded.size());
  sink.fixed_lengths = state_.FixedLengths(Space::kFolded);
  sink.offset = from;
  // Windows are short (bounded by max_hold), far below Hyperscan's limit.
  const std::string_view window = folded_.View(from, committed);
  LEXGATE_RETURN_IF_ERROR(
      ScanPiece(state_.database(Space::kFolded), window, scratch_, &sink));
  LEXGATE_RETURN_IF_ERROR(FindLateStarts(
      state_.late_starts[static_cast<size_t>(Space::kFolded)], window, from,
      [this] { return state_.PieceOverlap(); }, scratch_, &late_buffers_,
      &window_hits_));
  // Only the window expressions' hits: the stream database reported the
  // others already. A window is scanned again with the next batch: keep
  // the hits not taken before, and none past `front` (a \b or $ at the
  // window's end cannot be judged yet). None that starts at the character
  // of context either: Hyperscan sees the window's start before it, where
  // the text has a neighbour (a \bgun\b in "handgun"), and no match not
  // taken yet starts that early.
  for (const RawHit& hit : window_hits_) {
    if (plan.windowed[hit.id] && hit.from >= open &&
        hit.to > window_accepted_ && hit.to <= accept_to) {
      hits_.push_back(hit);
    }
  }
  window_accepted_ = std::max(window_accepted_, accept_to);
  return absl::OkStatus();
}

void StreamState::MatchVariants(uint64_t committed, bool final) {
  const VariantMatcher& matcher = state_.variant_matcher;
  if (matcher.empty()) return;
  // From where decisions may still look (Trim() keeps that much): a start
  // before it could only belong to a run the max_hold cap masks already.
  const uint64_t from = std::max(folded_.base, folded_kept_);
  if (from > committed) return;
  matcher.Match(folded_.View(from, committed), from, final, &variants_,
                [this](uint32_t id, uint64_t begin, uint64_t end) {
                  hits_.push_back({id, begin, end});
                });
}

uint64_t StreamState::RunEnd(size_t g, uint64_t committed) const {
  // A match of the group that began before the cap may reach up to the
  // first character that breaks its alphabet, which no match contains.
  return tracker_.FirstBreak(folded_, g, std::max(forced_to_, folded_kept_),
                             committed);
}

uint64_t StreamState::ToOriginal(uint64_t folded) const {
  // Past the last final character: everything folded so far, including
  // characters that fold to nothing after it.
  if (folded >= kernel_.committed()) return kernel_.orig_committed(folded_);
  return folded_.map.OriginalStart(folded);
}

uint64_t StreamState::ToOriginalEnd(uint64_t folded) const {
  if (folded >= kernel_.committed()) return kernel_.orig_committed(folded_);
  if (folded == 0) return ToOriginal(0);
  return folded_.map.ToOriginal(folded - 1, folded).second;
}

std::string StreamState::Release(uint64_t safe, uint64_t forced_begin,
                                 uint64_t forced_end) {
  // Before the original character of `safe` (which may have folded to
  // several: ½ is 1⁄2), and before what the fold dropped right before it (a
  // NUL, a zero-width space): that waits, as it may lie inside a run the
  // max_hold cap masks on past `safe`, which Scan() masks whole.
  // Never cut through a decided mask span: overlapping spans merge when
  // redacted, so a span is released whole, with everything it overlaps.
  uint64_t cut = std::min(ToOriginal(safe), ToOriginalEnd(safe));
  for (bool moved = true; moved;) {
    moved = false;
    // Ordered by start: none from the first that starts at the cut on.
    for (size_t i = first_open_match_;
         i < matches_.size() && matches_[i].start < cut; ++i) {
      const Match& m = matches_[i];
      if (Masks(m.action) && cut < m.end) {
        cut = m.start;
        moved = true;
      }
    }
  }
  std::string out;
  if (forced_end > forced_begin) {
    const uint64_t begin = std::max(ToOriginal(forced_begin), released_);
    // Rounded up: the run's end may fall inside a character that folds to
    // several, which a match of the run may cover (sk-…½: ½ is 1⁄2).
    const uint64_t end = ToOriginalEnd(forced_end);
    if (end > begin) {
      // What precedes the run is decided; the run itself is masked whole.
      AppendRange(released_, begin, /*mask_all=*/false, &out);
      if (overflow_open_ && overflow_end_ != begin) CloseOverflow();
      if (!overflow_open_) {
        overflow_open_ = true;
        overflow_begin_ = begin;
        overflow_begin_chars_ = CharsBefore(begin);
        overflow_text_.clear();
      }
      overflow_text_.append(
          std::string_view(orig_).substr(begin - orig_base_, end - begin));
      overflow_end_ = end;
      AppendRange(begin, end, /*mask_all=*/true, &out);
    }
  } else if (overflow_open_) {
    CloseOverflow();
  }
  if (cut > released_) AppendRange(released_, cut, /*mask_all=*/false, &out);
  return out;
}

void StreamState::AppendRange(uint64_t begin, uint64_t end, bool mask_all,
                              std::string* out) {
  if (end <= begin) return;
  const std::string_view text =
      std::string_view(orig_).substr(begin - orig_base_, end - begin);
  if (mask_all) {
    out->append(CountCodePoints(text), '*');
  } else {
    while (first_open_match_ < matches_.size() &&
           matches_[first_open_match_].end <= begin) {
      ++first_open_match_;
    }
    AppendRedacted(state_, text, begin,
                   std::span<const Match>(matches_).subspan(first_open_match_),
                   out);
  }
  released_chars_ += CountCharStarts(text);
  released_ = end;
}

void StreamState::BlockOverflow(uint64_t run_begin, uint64_t committed) {
  // The run was held from run_begin on, so its text is still here.
  Match m;
  m.rule = kStreamOverflowRule;
  m.category = kStreamOverflowCategory;
  m.action = Action::kBlock;
  m.severity = 5;
  m.start = std::max(ToOriginal(std::max(run_begin, folded_kept_)),
                     std::max(orig_base_, released_));
  m.end = std::max(m.start, ToOriginalEnd(committed));
  m.text = orig_.substr(m.start - orig_base_, m.end - m.start);
  fresh_.push_back(std::move(m));
  verdict_ = Action::kBlock;
}

void StreamState::CloseOverflow() {
  if (!overflow_open_) return;
  overflow_open_ = false;
  Match m;
  m.rule = kStreamOverflowRule;
  m.category = kStreamOverflowCategory;
  m.action = Action::kMask;
  m.severity = 3;
  m.start = overflow_begin_;
  m.end = overflow_end_;
  m.text = std::move(overflow_text_);
  overflow_text_.clear();
  const CharSpan span{overflow_begin_chars_,
                      overflow_begin_chars_ + CountCodePoints(m.text)};
  InsertMatch(std::move(m), span);
  verdict_ = std::max(verdict_, Action::kMask);
}

void StreamState::AddMatches(std::vector<Match>* fresh) {
  for (Match& m : *fresh) {
    // A decided match's text is still here (undecided candidates keep the
    // text they need), and so is everything between it and orig_base_.
    CharSpan span;
    span.start = CharsBefore(m.start);
    span.end = span.start + CharsIn(m.start, m.end);
    InsertMatch(std::move(m), span);
  }
  fresh->clear();
}

uint64_t StreamState::CharsIn(uint64_t begin, uint64_t end) const {
  const std::string_view text =
      std::string_view(orig_).substr(begin - orig_base_, end - begin);
  // Invalid bytes count one each; valid UTF-8 needs no decoding.
  return kernel_.ValidBefore(end) ? CountCharStarts(text)
                                  : CountCodePoints(text);
}

uint64_t StreamState::CharsBefore(uint64_t original) {
  // Counted on from the offset asked for last: decided matches come nearly
  // in order, and counting from orig_base_ each time would read the kept
  // text once per match.
  if (counted_to_ < orig_base_) {
    counted_to_ = orig_base_;
    chars_before_counted_ = orig_base_chars_;
  }
  // Both offsets start characters of the text's decoding, so the count
  // between them is the difference either way: a match decided a little
  // before the last one asked for counts back, not from orig_base_.
  if (original < counted_to_) {
    chars_before_counted_ -= CharsIn(original, counted_to_);
  } else {
    chars_before_counted_ += CharsIn(counted_to_, original);
  }
  counted_to_ = original;
  return chars_before_counted_;
}

void StreamState::InsertMatch(Match match, CharSpan span) {
  // In ScanResult order: matches over one span are not always decided in
  // it (a window regex's is decided after a keyword's of a later rule).
  auto at = std::upper_bound(matches_.begin(), matches_.end(), match,
                             [this](const Match& a, const Match& b) {
                               return resolver_.MatchOrder(a, b);
                             });
  const size_t index = static_cast<size_t>(at - matches_.begin());
  char_spans_.insert(char_spans_.begin() + static_cast<ptrdiff_t>(index), span);
  matches_.insert(at, std::move(match));
  // The matches before it still end by released_; going back to the first
  // would make every release read all the matches of the stream so far.
  first_open_match_ = std::min(first_open_match_, index);
}

void StreamState::Trim(uint64_t keep) {
  // Folded text and map: from a little before the earliest offset a later
  // decision reads (boundary checks look one character back).
  const uint64_t folded_from = std::max(
      folded_kept_, keep > kBoundaryContext ? keep - kBoundaryContext : 0);
  folded_kept_ = folded_from;
  if (folded_from > folded_.base + kCompactBytes) {
    folded_.text.erase(0, folded_from - folded_.base);
    folded_.base = folded_from;
  }
  OffsetMapBuilder(&folded_.map).TrimBefore(folded_from);
  tracker_.ForgetStaleAnchors();
  resolver_.ForgetBefore(folded_from);
  // Dropping the original text is worth its cost in bytes only.
  if (released_ <= orig_base_ + kCompactBytes) return;
  // Original text: from what is released, or earlier where an undecided
  // candidate still needs its text.
  uint64_t orig_from = std::min(released_, ToOriginal(folded_from));
  // Back to a character start (folded_from may lie inside a character):
  // the code points counted before orig_base_ must not split one.
  while (orig_from > orig_base_ && orig_from < orig_base_ + orig_.size() &&
         (static_cast<unsigned char>(orig_[orig_from - orig_base_]) & 0xC0) ==
             0x80) {
    --orig_from;
  }
  if (orig_from > orig_base_ + kCompactBytes) {
    orig_base_chars_ = CharsBefore(orig_from);
    orig_.erase(0, orig_from - orig_base_);
    orig_base_ = orig_from;
  }
}

}  // namespace lexgate::internal
