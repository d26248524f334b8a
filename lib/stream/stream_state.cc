#include "stream/stream_state.h"

#include <algorithm>
#include <new>

#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "base/utf8.h"
#include "scan/redact.h"

namespace lexgate::internal {
namespace {

bool Masks(Action action) {
  return action == Action::kMask || action == Action::kBlock;
}

// Code points as the stream counts them (lead and ASCII bytes), for
// held_back(): fed and released text are counted alike.
uint64_t CountChars(std::string_view bytes) {
  uint64_t n = 0;
  for (char c : bytes) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
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
      batch_(options.batch == StreamOptions::kAutoBatch
                 ? StreamOptions::kAutoBatchChars
                 : options.batch),
      kernel_(state_.options.normalize, *state_.fold_table),
      resolver_(state_),
      tracker_(state_.hold_plan, options.max_hold + 64),
      open_(state_.hold_plan.groups.size(), 0),
      clamped_(state_.hold_plan.groups.size(), 0) {
  kernel_.Reset(&folded_);
}

StreamState::~StreamState() {
  if (hs_stream_ != nullptr) {
    hs_close_stream(hs_stream_, nullptr, nullptr, nullptr);
  }
  state_.scratch.Release(scratch_);
}

absl::Status StreamState::Open() {
  if (state_.stream_database == nullptr) return absl::OkStatus();
  LEXGATE_ASSIGN_OR_RETURN(scratch_, state_.scratch.Acquire());
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
  if (finished_ || blocked_) return "";
  try {
    orig_.append(delta);
    const uint64_t chars = CountChars(delta);
    fed_chars_ += chars;
    unprocessed_chars_ += chars;
    if (batch_ > 0 && unprocessed_chars_ < batch_) return "";
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

absl::StatusOr<std::string> StreamState::Process(bool final) {
  const uint64_t old_committed = kernel_.committed();
  LEXGATE_RETURN_IF_ERROR(
      kernel_.Append(std::string_view(orig_).substr(processed_ - orig_base_),
                     final, &folded_));
  processed_ = orig_base_ + orig_.size();
  unprocessed_chars_ = 0;
  const uint64_t committed = kernel_.committed();

  const HoldPlan& plan = state_.hold_plan;
  HitSink sink{&hits_, static_cast<uint32_t>(state_.folded().size()),
               static_cast<uint32_t>(plan.anchor_patterns.size()),
               &anchor_hits_};
  auto check = [&sink](hs_error_t rc) -> absl::Status {
    if (sink.unknown_id) {
      return absl::DataLossError(
          "Hyperscan reported an expression the engine does not have");
    }
    if (rc != HS_SUCCESS) {
      return absl::InternalError(
          absl::StrFormat("Hyperscan stream scan failed (error %d)", rc));
    }
    return absl::OkStatus();
  };
  hits_.clear();
  anchor_hits_.clear();
  if (committed > old_committed) {
    tracker_.Observe(folded_, old_committed, committed);
    if (hs_stream_ != nullptr) {
      // Hyperscan takes 32-bit lengths: a huge delta goes in pieces.
      constexpr size_t kMaxPiece = size_t{1} << 30;
      std::string_view data = folded_.View(old_committed, committed);
      while (!data.empty()) {
        const std::string_view piece = data.substr(0, kMaxPiece);
        LEXGATE_RETURN_IF_ERROR(check(hs_scan_stream(
            hs_stream_, piece.data(), static_cast<unsigned>(piece.size()), 0,
            scratch_, OnHit, &sink)));
        data.remove_prefix(piece.size());
      }
    }
  }
  if (final && hs_stream_ != nullptr) {
    // Matches that only the end of the text completes ($, \b).
    const hs_error_t rc = hs_close_stream(hs_stream_, scratch_, OnHit, &sink);
    hs_stream_ = nullptr;
    LEXGATE_RETURN_IF_ERROR(check(rc));
  }
  LEXGATE_RETURN_IF_ERROR(resolver_.AddHits(Space::kFolded, hits_));
  tracker_.AddAnchors(anchor_hits_);

  ResolveTexts texts;
  texts.folded = &folded_;
  texts.original = orig_;
  texts.original_base = orig_base_;
  uint64_t safe = committed;  // folded: release what lies before it
  uint64_t forced_begin = 0, forced_end = 0;  // folded: a run to mask
  uint64_t keep = committed;  // folded: what later decisions may read
  if (final) {
    verdict_ = std::max(verdict_, resolver_.Decide(texts, nullptr, &fresh_));
  } else {
    if (committed == 0) return std::string();
    // The last final character is the boundary lookahead of the hits
    // before it: decide up to its start.
    const uint64_t front = tracker_.LastCharStart();
    tracker_.OpenStarts(front, open_.data());
    // The cap: no run is held past max_hold characters. A group held
    // further back is treated as decided there; a deny group's run from
    // where it was held is masked (an overflow).
    const uint64_t cap_floor = tracker_.CharsBefore(front, options_.max_hold);
    uint64_t hold_from = resolver_.EarliestPendingDeny();
    for (size_t g = 0; g < open_.size(); ++g) {
      if (plan.deny_groups >> g & 1) hold_from = std::min(hold_from, open_[g]);
      clamped_[g] = std::max(open_[g], cap_floor);
      keep = std::min(keep, clamped_[g]);
    }
    const Horizon horizon{front, clamped_.data()};
    verdict_ = std::max(verdict_, resolver_.Decide(texts, &horizon, &fresh_));
    safe = std::min(committed, resolver_.EarliestPendingDeny());
    for (size_t g = 0; g < open_.size(); ++g) {
      if (plan.deny_groups >> g & 1) safe = std::min(safe, clamped_[g]);
    }
    if (hold_from < cap_floor) {
      forced_begin = std::max(hold_from, folded_kept_);
      forced_end = cap_floor;
    }
  }
  AddMatches(&fresh_);
  if (verdict_ == Action::kBlock) {
    blocked_ = true;
    return std::string();
  }
  std::string out = Release(safe, forced_begin, forced_end);
  if (final) {
    CloseOverflow();
  } else {
    Trim(std::min({keep, safe, resolver_.EarliestPending()}));
  }
  return out;
}

uint64_t StreamState::ToOriginal(uint64_t folded) const {
  // Past the last final character: everything folded so far, including
  // characters that fold to nothing after it.
  if (folded >= kernel_.committed()) return kernel_.orig_committed(folded_);
  return folded_.map.OriginalStart(folded);
}

std::string StreamState::Release(uint64_t safe, uint64_t forced_begin,
                                 uint64_t forced_end) {
  // Never cut through a decided mask span: overlapping spans merge when
  // redacted, so a span is released whole, with everything it overlaps.
  uint64_t cut = ToOriginal(safe);
  for (bool moved = true; moved;) {
    moved = false;
    for (size_t i = first_open_match_; i < matches_.size(); ++i) {
      const Match& m = matches_[i];
      if (Masks(m.action) && m.start < cut && cut < m.end) {
        cut = m.start;
        moved = true;
      }
    }
  }
  std::string out;
  if (forced_end > forced_begin) {
    const uint64_t begin = std::max(ToOriginal(forced_begin), released_);
    const uint64_t end = ToOriginal(forced_end);
    if (end > begin) {
      // What precedes the run is decided; the run itself is masked whole.
      AppendRange(released_, begin, /*mask_all=*/false, &out);
      if (overflow_open_ && overflow_end_ != begin) CloseOverflow();
      if (!overflow_open_) {
        overflow_open_ = true;
        overflow_begin_ = begin;
        overflow_begin_chars_ =
            orig_base_chars_ + CountCodePoints(std::string_view(orig_).substr(
                                   0, begin - orig_base_));
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
  released_chars_ += CountChars(text);
  released_ = end;
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
    span.start =
        orig_base_chars_ + CountCodePoints(std::string_view(orig_).substr(
                               0, m.start - orig_base_));
    span.end = span.start + CountCodePoints(m.text);
    InsertMatch(std::move(m), span);
  }
  fresh->clear();
}

void StreamState::InsertMatch(Match match, CharSpan span) {
  // After the matches it ties with: those were decided first.
  auto at = std::upper_bound(matches_.begin(), matches_.end(), match,
                             [](const Match& a, const Match& b) {
                               return a.start != b.start ? a.start < b.start
                                                         : a.end > b.end;
                             });
  char_spans_.insert(char_spans_.begin() + (at - matches_.begin()), span);
  matches_.insert(at, std::move(match));
  first_open_match_ = 0;
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
  tracker_.ForgetBefore(folded_from);
  resolver_.ForgetBefore(folded_from);
  // Original text: from what is released, or earlier where an undecided
  // candidate still needs its text.
  const uint64_t orig_from = std::min(released_, ToOriginal(folded_from));
  if (orig_from > orig_base_ + kCompactBytes) {
    const std::string_view dropped =
        std::string_view(orig_).substr(0, orig_from - orig_base_);
    orig_base_chars_ += CountCodePoints(dropped);
    orig_.erase(0, orig_from - orig_base_);
    orig_base_ = orig_from;
  }
}

}  // namespace lexgate::internal
