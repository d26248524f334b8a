#include "stream/stream_state.h"

#include <algorithm>
#include <cassert>
#include <span>

#include "scan/redact.h"

namespace lexgate::internal {
namespace {

struct StreamHitSink {
  std::vector<RawHit>* hits;
};

int OnStreamMatch(unsigned int id, unsigned long long from,
                  unsigned long long to, unsigned int /*flags*/,
                  void* context) {
  auto* sink = static_cast<StreamHitSink*>(context);
  sink->hits->push_back({id, Space::kFolded, from, to});
  return 0;
}

bool Masks(Action action) {
  return action == Action::kMask || action == Action::kBlock;
}

// Bytes of folded text kept before the decided point, for the boundary
// check of the character before a match.
constexpr uint64_t kBoundaryContext = 8;

}  // namespace

StreamState::StreamState(std::shared_ptr<const Engine> engine,
                         const EngineState& state, uint64_t hold, size_t batch)
    : engine_(std::move(engine)),
      state_(state),
      hold_(hold),
      normalizer_(state.options.normalize, batch),
      rule_last_end_(state.rules.size(), 0) {
  if (state_.stream_database != nullptr) {
    // Fails only on allocation failure, as does everything else here.
    hs_open_stream(state_.stream_database.get(), 0, &hs_stream_);
  }
}

StreamState::~StreamState() {
  if (hs_stream_ != nullptr) {
    hs_close_stream(hs_stream_, nullptr, nullptr, nullptr);
  }
  state_.scratch.Release(scratch_);
}

hs_scratch_t* StreamState::Scratch() {
  if (scratch_ == nullptr)
    scratch_ = state_.scratch.Acquire().value_or(nullptr);
  return scratch_;
}

void StreamState::Consume(const std::string& folded,
                          const std::vector<StreamUnit>& units) {
  units_.insert(units_.end(), units.begin(), units.end());
  folded_buf_ += folded;
  if (hs_stream_ == nullptr || folded.empty()) return;
  StreamHitSink sink{&hits_};
  hs_scan_stream(hs_stream_, folded.data(),
                 static_cast<unsigned>(folded.size()), 0, Scratch(),
                 OnStreamMatch, &sink);
}

const StreamUnit* StreamState::UnitAt(uint64_t folded) const {
  // The last unit starting at or before `folded`.
  const auto head = units_.begin() + static_cast<ptrdiff_t>(units_head_);
  auto it = std::upper_bound(
      head, units_.end(), folded,
      [](uint64_t f, const StreamUnit& u) { return f < u.folded_begin; });
  return it == head ? nullptr : &*(it - 1);
}

std::pair<uint64_t, uint64_t> StreamState::ToOriginal(uint64_t begin,
                                                      uint64_t end) const {
  return {UnitAt(begin)->orig_begin, UnitAt(end - 1)->orig_end};
}

void StreamState::Decide(uint64_t decided) {
  // Every hit starting before `decided` has been reported (it ends within
  // the longest match width of its start), and so has every competitor for
  // leftmost-longest and every allow match containing it.
  std::vector<Candidate>& ready = ready_;
  ready.clear();
  std::erase_if(hits_, [&](const RawHit& hit) {
    const Candidate c = ToCandidate(state_, hit);
    if (c.begin >= decided) return false;
    if (PassesChecks(state_.rules[c.rule], folded_buf_, c.begin - folded_base_,
                     c.end - folded_base_)) {
      ready.push_back(c);
    }
    return true;
  });
  std::sort(ready.begin(), ready.end(), LeftmostLongestOrder);

  std::vector<Span>& spans = spans_;
  spans.clear();
  for (const Candidate& c : ready) {
    if (c.begin < rule_last_end_[c.rule]) continue;
    rule_last_end_[c.rule] = c.end;
    Span span{c.rule, 0, 0};
    std::tie(span.begin, span.end) = ToOriginal(c.begin, c.end);
    (state_.rules[c.rule].action == Action::kAllow ? allowed_ : spans)
        .push_back(span);
  }
  std::erase_if(spans, [&](const Span& s) { return InsideAny(s, allowed_); });
  std::sort(spans.begin(), spans.end(), MatchOrder);
  for (const Span& s : spans) {
    const RuleInfo& rule = state_.rules[s.rule];
    matches_.push_back(MakeMatch(rule, s,
                                 std::string_view(orig_buf_).substr(
                                     s.begin - orig_base_, s.end - s.begin)));
    verdict_ = std::max(verdict_, rule.action);
    if (rule.action == Action::kBlock) blocked_ = true;
  }

  decided_ = std::max(decided_, decided);
  // Forget what no later decision can look at.
  while (units_head_ + 1 < units_.size() &&
         units_[units_head_ + 1].folded_begin <= decided_) {
    ++units_head_;
  }
  if (units_head_ > 1024 && units_head_ * 2 > units_.size()) {
    units_.erase(units_.begin(),
                 units_.begin() + static_cast<ptrdiff_t>(units_head_));
    units_head_ = 0;
  }
  const uint64_t keep_from =
      decided_ > kBoundaryContext ? decided_ - kBoundaryContext : 0;
  if (keep_from > folded_base_ + 4096) {
    folded_buf_.erase(0, keep_from - folded_base_);
    folded_base_ = keep_from;
  }
}

std::string StreamState::Release(uint64_t safe_orig) {
  // Never cut through a decided mask span: overlapping spans merge when
  // redacted, so a span is released whole, with everything it overlaps.
  uint64_t cut = safe_orig;
  for (bool moved = true; moved;) {
    moved = false;
    for (size_t i = next_unreleased_; i < matches_.size(); ++i) {
      const Match& m = matches_[i];
      if (Masks(m.action) && m.start < cut && cut < m.end) {
        cut = m.start;
        moved = true;
      }
    }
  }
  std::string out;
  if (cut <= released_) return out;
  size_t end = next_unreleased_;
  while (end < matches_.size() && matches_[end].start < cut) ++end;
  AppendRedacted(state_,
                 std::string_view(orig_buf_).substr(released_ - orig_base_,
                                                    cut - released_),
                 released_,
                 std::span<const Match>(matches_.data() + next_unreleased_,
                                        end - next_unreleased_),
                 &out);
  next_unreleased_ = end;
  released_ = cut;
  if (released_ - orig_base_ > 4096) {
    orig_buf_.erase(0, released_ - orig_base_);
    orig_base_ = released_;
  }
  std::erase_if(allowed_, [&](const Span& a) { return a.end <= cut; });
  return out;
}

std::string StreamState::Feed(std::string_view delta) {
  if (finished_ || blocked_) return "";
  orig_buf_.append(delta);
  new_folded_.clear();
  new_units_.clear();
  normalizer_.Append(delta, &new_folded_, &new_units_);
  if (new_units_.empty()) return "";  // nothing new can be decided
  Consume(new_folded_, new_units_);

  const uint64_t committed = normalizer_.folded_committed();
  if (committed <= hold_) return "";
  // Snap to the start of a character so that no character straddles the
  // decided point.
  const StreamUnit* unit = UnitAt(committed - hold_);
  if (unit == nullptr || unit->folded_begin <= decided_) return "";
  Decide(unit->folded_begin);
  if (blocked_) return "";
  return Release(UnitAt(decided_)->orig_begin);
}

std::string StreamState::Finish() {
  if (finished_ || blocked_) {
    finished_ = true;
    return "";
  }
  finished_ = true;
  new_folded_.clear();
  new_units_.clear();
  normalizer_.Finish(&new_folded_, &new_units_);
  Consume(new_folded_, new_units_);
  if (hs_stream_ != nullptr) {
    StreamHitSink sink{&hits_};
    hs_close_stream(hs_stream_, Scratch(), OnStreamMatch, &sink);
    hs_stream_ = nullptr;
  }
  Decide(UINT64_MAX);
  if (blocked_) return "";
  return Release(orig_base_ + orig_buf_.size());
}

}  // namespace lexgate::internal
