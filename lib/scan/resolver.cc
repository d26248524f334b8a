#include "scan/resolver.h"

#include <algorithm>
#include <utility>

#include "base/nearly_sorted.h"
#include "base/status_macros.h"
#include "base/utf8.h"
#include "compile/variants.h"
#include "scan/boundary.h"
#include "scan/next_start_scan.h"
#include "scan/validators.h"
#include "scan/why.h"

namespace lexgate::internal {
namespace {

// By start, then longer first (then by rule and expression, so that the
// order is total): a greedy pass over one rule's candidates in this order is
// leftmost-longest for regexes and sees every keyword occurrence after the
// ones that could contain it. Hits arrive by end, so candidates are nearly
// in this order already.
bool SelectionOrder(const Candidate& a, const Candidate& b) {
  if (a.begin != b.begin) return a.begin < b.begin;
  if (a.end != b.end) return a.end > b.end;
  if (a.rule != b.rule) return a.rule < b.rule;
  if (a.space != b.space) return a.space < b.space;
  return a.expression < b.expression;
}

// The folded text around candidate `c` that its boundary check reads, and
// the candidate's offsets in it. The check looks at one character on
// either side; a stream keeps enough folded text before its undecided
// candidates for that.
struct BoundaryView {
  std::string_view text;
  size_t begin, end;
};
BoundaryView FoldedView(const FoldBuffer& f, const Candidate& c) {
  const uint64_t from = c.begin - std::min<uint64_t>(c.begin - f.base, 8);
  return {f.View(from, f.end()), static_cast<size_t>(c.begin - from),
          static_cast<size_t>(c.end - from)};
}

}  // namespace

// Code points of the original text before a byte offset: counted on from
// the offset asked for last when it lies at or behind it (occurrences come
// by begin), else from the checkpoint before it (a raw-space occurrence
// among folded ones, whose offsets differ a little), so a text is counted
// about once per decision, and a jump back costs at most a stride.
class Resolver::CharCounter {
 public:
  // `checkpoints` is the resolver's, so that a decision allocates nothing
  // once it has grown.
  CharCounter(const ResolveTexts& texts,
              std::vector<CharCheckpoint>* checkpoints)
      : texts_(texts),
        checkpoints_(*checkpoints),
        last_{texts.original_base, texts.original_base_chars} {
    checkpoints_.clear();
    checkpoints_.push_back(last_);
  }

  uint64_t At(uint64_t offset) {
    const uint64_t base = texts_.original_base;
    const uint64_t text_end = base + texts_.original.size();
    offset = std::clamp(offset, base, text_end);
    // The last checkpoint at or before `offset` (the first is the base).
    auto after = std::upper_bound(
        checkpoints_.begin(), checkpoints_.end(), offset,
        [](uint64_t o, const CharCheckpoint& c) { return o < c.offset; });
    CharCheckpoint from = *(after - 1);
    if (last_.offset <= offset && last_.offset > from.offset) from = last_;
    if (after == checkpoints_.end()) {
      // Ahead of them all: leave one every kStride bytes on the way, at a
      // character start.
      while (offset - from.offset > kStride) {
        uint64_t next = from.offset + kStride;
        while (next < offset &&
               (static_cast<unsigned char>(texts_.original[next - base]) &
                0xC0) == 0x80) {
          ++next;
        }
        from = {next, from.chars + Count(from.offset, next)};
        checkpoints_.push_back(from);
      }
    }
    last_ = {offset, from.chars + Count(from.offset, offset)};
    return last_.chars;
  }

  // Code points of original [begin, end).
  uint64_t Between(uint64_t begin, uint64_t end) const {
    return Count(begin, end);
  }

 private:
  static constexpr uint64_t kStride = 64 << 10;

  uint64_t Count(uint64_t begin, uint64_t end) const {
    return CountCodePoints(
        texts_.original.substr(begin - texts_.original_base, end - begin));
  }

  const ResolveTexts& texts_;
  std::vector<CharCheckpoint>& checkpoints_;  // by offset
  CharCheckpoint last_;                       // the offset asked for last
};

bool Resolver::MatchOrder(const Match& a, const Match& b) const {
  if (a.start != b.start) return a.start < b.start;
  if (a.end != b.end) return a.end > b.end;
  // Rule order; a rule the engine does not know (a stream's overflow) last.
  auto index = [this](const Match& m) -> uint64_t {
    auto it = state_->rule_index.find(m.rule);
    return it == state_->rule_index.end() ? UINT64_MAX : it->second;
  };
  return index(a) < index(b);
}

Resolver::Resolver(const EngineState& state) : state_(&state) {}

void Resolver::Reset() {
  pending_.clear();
  allowed_.Clear();
  for (uint32_t rule : touched_rules_) cursors_[rule] = RuleCursor();
  touched_rules_.clear();
  term_sets_.clear();
  map_hint_ = 0;
}

void Resolver::Rebind(const EngineState& state) {
  state_ = &state;
  Reset();
  actions_.clear();
  ready_.clear();
  kept_.clear();
  fresh_.clear();
}

size_t Resolver::CapacityBytes() const {
  return pending_.capacity() * sizeof(Candidate) +
         ready_.capacity() * sizeof(Candidate) +
         merged_.capacity() * sizeof(Candidate) + allowed_.CapacityBytes() +
         cursors_.capacity() * sizeof(RuleCursor) +
         touched_rules_.capacity() * sizeof(uint32_t) +
         actions_.capacity() * sizeof(std::optional<Action>) +
         kept_.capacity() * sizeof(Kept) + fresh_.capacity() * sizeof(Match) +
         term_sets_.capacity() * sizeof(TermSet) +
         co_terms_.capacity() * sizeof(CoTerm) + co_found_.capacity() / 8 +
         char_checkpoints_.capacity() * sizeof(CharCheckpoint) +
         retry_.capacity() * sizeof(Candidate) +
         next_found_.capacity() * sizeof(RawHit);
}

void Resolver::ReleaseMemory() {
  std::vector<Candidate>().swap(pending_);
  std::vector<Candidate>().swap(ready_);
  std::vector<Candidate>().swap(merged_);
  allowed_.ReleaseMemory();
  std::vector<RuleCursor>().swap(cursors_);
  std::vector<uint32_t>().swap(touched_rules_);
  std::vector<std::optional<Action>>().swap(actions_);
  std::vector<Kept>().swap(kept_);
  std::vector<Match>().swap(fresh_);
  std::vector<TermSet>().swap(term_sets_);
  std::vector<CoTerm>().swap(co_terms_);
  std::vector<bool>().swap(co_found_);
  std::vector<CharCheckpoint>().swap(char_checkpoints_);
  std::vector<Candidate>().swap(retry_);
  std::vector<RawHit>().swap(next_found_);
}

absl::Status Resolver::AddHits(Space space, std::span<const RawHit> hits,
                               const ResolveTexts& texts) {
  const ExpressionSet& set = state_->expressions[static_cast<size_t>(space)];
  // pending_ stays in SelectionOrder. `hits` is a few runs ordered by end
  // (one per scan that found them), each nearly in that order already: each
  // run is sorted on its own and merged into the candidates it interleaves
  // with. Hyperscan does not promise that order within a scan, though: two
  // start-of-match regexes over one run of digits alternate, each hit a
  // byte behind the other's, so that every hit starts a run, and merging
  // each into all of pending_ was quadratic (64,000 digits took seconds).
  // Should runs pass more than a few candidates per hit, the rest is
  // sorted at once: O(n log n) at worst.
  auto by_selection = [](const Candidate& a, const Candidate& b) {
    return SelectionOrder(a, b);
  };
  size_t budget = pending_.size() + 4 * hits.size() + 16;
  bool sort_rest = false;
  size_t run_start = pending_.size();
  auto end_run = [&] {
    if (sort_rest) return;
    SortNearlySorted(pending_.begin() + static_cast<ptrdiff_t>(run_start),
                     pending_.end(), by_selection);
    if (!MergeSortedTail(pending_, run_start, merged_, by_selection, &budget)) {
      sort_rest = true;  // [run_start, end) is sorted and merged below
      return;
    }
    run_start = pending_.size();
  };
  uint64_t run_end = 0;
  for (const RawHit& hit : hits) {
    if (hit.to < run_end) end_run();
    run_end = hit.to;
    if (hit.id >= set.info.size()) {
      return absl::DataLossError("Hyperscan reported an unknown expression");
    }
    const ExpressionInfo& info = set.info[hit.id];
    // OnHit() set the start of every hit of a fixed length (literals and
    // fixed-length regexes) from its end; a hit of another length, or one
    // whose bytes are not the keyword's, comes from a damaged engine.
    if (hit.from > hit.to ||
        (info.match_length != 0 && hit.to - hit.from != info.match_length)) {
      return absl::DataLossError("Hyperscan reported an impossible match");
    }
    // The hit's bytes, where the text is held: a stream keeps the folded
    // text where an unreported match could start; should it not, there is
    // nothing to check.
    auto held = [&]() -> std::optional<std::string_view> {
      if (space == Space::kRaw) {
        if (hit.to > texts.raw.size()) return std::nullopt;
        return texts.raw.substr(hit.from, hit.to - hit.from);
      }
      if (texts.folded == nullptr || hit.from < texts.folded->base ||
          hit.to > texts.folded->end()) {
        return std::nullopt;
      }
      return texts.folded->View(hit.from, hit.to);
    };
    if (info.kind == ExprKind::kLiteral) {
      const std::optional<std::string_view> found = held();
      if (found.has_value() && *found != set.terms[hit.id]) {
        return absl::DataLossError(
            "Hyperscan reported a keyword that is not in the engine's tables");
      }
    } else if (info.match_length != 0) {
      // A fixed-length regex's start is a character's, unless a forged
      // engine's length is not its database's.
      const std::optional<std::string_view> found = held();
      if (found.has_value() && !found->empty() &&
          (static_cast<unsigned char>(found->front()) & 0xC0) == 0x80) {
        return absl::DataLossError(
            "Hyperscan reported a match that starts inside a character");
      }
    }
    const Candidate candidate{info.rule, hit.id, space, hit.from, hit.to};
    if (texts.drop_failing_hits && CannotMatch(texts, candidate)) continue;
    pending_.push_back(candidate);
  }
  end_run();
  if (sort_rest) {
    std::sort(pending_.begin() + static_cast<ptrdiff_t>(run_start),
              pending_.end(), by_selection);
    MergeSortedTail(pending_, run_start, merged_, by_selection);
  }
  return absl::OkStatus();
}

bool Resolver::Checked(const ResolveTexts& texts, const Candidate& c) const {
  const RuleInfo& rule = state_->rules[c.rule];
  const ExpressionInfo& info =
      state_->expressions[static_cast<size_t>(c.space)].info[c.expression];
  // A literal's match is its text: its word sides are known.
  auto holds = [&](std::string_view text, size_t begin, size_t end) {
    return info.kind == ExprKind::kLiteral
               ? BoundaryHolds(rule.boundary, text, begin, end, info.word_sides)
               : BoundaryHolds(rule.boundary, text, begin, end);
  };
  if (c.space == Space::kRaw) {
    return holds(texts.raw, c.begin, c.end) &&
           Validate(rule.validator, texts.raw.substr(c.begin, c.end - c.begin));
  }
  const FoldBuffer& f = *texts.folded;
  const auto [window, begin, end] = FoldedView(f, c);
  if (!holds(window, begin, end)) {
    // Spelled out beside a letter: "a f.u.c.k" folds to "afuck", but the
    // separator the fold dropped before f.u.c.k still sets it apart.
    if (rule.boundary != Boundary::kAuto && rule.boundary != Boundary::kWord) {
      return false;
    }
    const uint8_t separated = DroppedSeparatorSides(
        f, texts.original, texts.original_base, c.begin, c.end);
    if (separated == 0) return false;
    const uint8_t sides = info.kind == ExprKind::kLiteral
                              ? info.word_sides
                              : WordSides(window.substr(begin, end - begin));
    if (!BoundaryHoldsBesideSeparators(rule.boundary, window, begin, end, sides,
                                       separated)) {
      return false;
    }
  }
  return Validate(rule.validator, window.substr(begin, end - begin));
}

bool Resolver::StartHolds(const ResolveTexts& texts, const Candidate& c) const {
  const Boundary boundary = state_->rules[c.rule].boundary;
  if (boundary == Boundary::kNone) return true;
  if (c.space == Space::kRaw) {
    return StartSideHolds(
        boundary, texts.raw, c.begin, c.end,
        WordSides(texts.raw.substr(c.begin, c.end - c.begin)));
  }
  // As Checked() looks: the plain side, then a dropped separator before it.
  const FoldBuffer& f = *texts.folded;
  const auto [window, begin, end] = FoldedView(f, c);
  if (StartSideHolds(boundary, window, begin, end,
                     WordSides(window.substr(begin, end - begin)))) {
    return true;
  }
  if (boundary != Boundary::kAuto && boundary != Boundary::kWord) return false;
  return (DroppedSeparatorSides(f, texts.original, texts.original_base, c.begin,
                                c.end) &
          kWordAtStart) != 0;
}

bool Resolver::NeedsNextStart(const ResolveTexts& texts,
                              const Candidate& c) const {
  const ExpressionInfo& info =
      state_->expressions[static_cast<size_t>(c.space)].info[c.expression];
  // A fixed-length regex has one start for each end: no later one.
  return info.kind == ExprKind::kRegex && info.match_length == 0 &&
         state_->rules[c.rule].boundary != Boundary::kNone &&
         !StartHolds(texts, c);
}

bool Resolver::CannotMatch(const ResolveTexts& texts,
                           const Candidate& c) const {
  if (!NeedsNextStart(texts, c)) return !Checked(texts, c);
  // A later start keeps the end, and the end side of a digit boundary
  // looks at the character after it alone (a dropped separator is a word's
  // edge, not a digit's). The other boundaries weigh the match's own text,
  // which a later start changes.
  if (state_->rules[c.rule].boundary != Boundary::kDigit) return false;
  if (c.space == Space::kRaw) {
    return !EndSideHolds(Boundary::kDigit, texts.raw, c.begin, c.end, 0);
  }
  const auto [window, begin, end] = FoldedView(*texts.folded, c);
  return !EndSideHolds(Boundary::kDigit, window, begin, end, 0);
}

absl::Status Resolver::MoveToNextStarts(const ResolveTexts& texts,
                                        std::vector<Candidate>* candidates) {
  // One scan per run of overlapping spans of a regex's candidates, each
  // from the character after its start to its end, finds every one's next
  // start. A candidate's start is the leftmost of its end and follows a
  // character the search pattern's class leaves out (it fails): the
  // leftmost start a scan from before it finds for that end lies after
  // it. (Runs, not one scan to the last end: a megabyte with failing
  // digit-run hits throughout would be scanned once more per regex.)
  std::vector<Candidate>& work = *candidates;
  std::sort(work.begin(), work.end(),
            [](const Candidate& a, const Candidate& b) {
              if (a.space != b.space) return a.space < b.space;
              if (a.expression != b.expression) {
                return a.expression < b.expression;
              }
              return a.begin < b.begin;
            });
  size_t kept = 0;
  for (size_t i = 0, j = 0; i < work.size(); i = j) {
    const Space space = work[i].space;
    const uint32_t expression = work[i].expression;
    const bool raw = space == Space::kRaw;
    const std::string_view text = raw ? texts.raw : texts.folded->text;
    const uint64_t base = raw ? 0 : texts.folded->base;
    auto next_char = [&](const Candidate& c) {
      return c.begin + DecodeUtf8(text, c.begin - base).length;
    };
    // [i, j): one run, scanned from `from` to `to`.
    const uint64_t from = next_char(work[i]);
    uint64_t to = work[i].end;
    for (j = i + 1;
         j < work.size() && work[j].space == space &&
         work[j].expression == expression && next_char(work[j]) <= to;
         ++j) {
      to = std::max(to, work[j].end);
    }
    if (from >= to) continue;  // no later start: all dropped
    LEXGATE_ASSIGN_OR_RETURN(const bool searched,
                             FindNextStarts(*state_, space, expression, text,
                                            base, from, to, &next_found_));
    if (!searched) continue;  // the regex's hits stay failed, as they were
    std::sort(
        work.begin() + static_cast<ptrdiff_t>(i),
        work.begin() + static_cast<ptrdiff_t>(j),
        [](const Candidate& a, const Candidate& b) { return a.end < b.end; });
    // Both by end; the first found of an end is its leftmost start.
    size_t f = 0;
    for (size_t k = i; k < j; ++k) {
      Candidate c = work[k];
      while (f < next_found_.size() && next_found_[f].to < c.end) ++f;
      if (f == next_found_.size() || next_found_[f].to != c.end ||
          next_found_[f].from <= c.begin) {
        continue;
      }
      c.begin = next_found_[f].from;
      work[kept++] = c;
    }
  }
  work.resize(kept);
  return absl::OkStatus();
}

std::pair<uint64_t, uint64_t> Resolver::OriginalSpan(const ResolveTexts& texts,
                                                     const Candidate& c) {
  if (c.space == Space::kRaw) return {c.begin, c.end};
  return texts.folded->map.ToOriginal(c.begin, c.end, &map_hint_);
}

bool Resolver::InsideAllow(const Candidate& c, uint64_t orig_begin,
                           uint64_t orig_end) const {
  return allowed_.Contain(c.space, c.begin, c.end, orig_begin, orig_end);
}

bool Resolver::Closed(const Horizon& h, const Candidate& c,
                      bool own_rule) const {
  if (c.end > h.front) return false;  // its boundary is not known yet
  const HoldPlan& plan = state_->hold_plan();
  if (own_rule && h.open_start[plan.rule_group[c.rule]] <= c.begin) {
    return false;
  }
  for (GroupMask allows = plan.rule_allow_groups[c.rule]; allows != 0;
       allows &= allows - 1) {
    if (h.open_start[__builtin_ctzll(allows)] <= c.begin) return false;
  }
  return true;
}

void Resolver::UsePolicy(const Policy& policy) {
  actions_.clear();
  actions_.reserve(state_->rules.size());
  for (const RuleInfo& rule : state_->rules) {
    actions_.push_back(rule.action == Action::kAllow
                           ? std::optional<Action>(Action::kAllow)
                           : policy.ActionFor(rule.id, rule.category,
                                              rule.severity, rule.action));
  }
}

Match Resolver::MakeMatch(const ResolveTexts& texts, const Candidate& c,
                          Action action, uint64_t orig_begin,
                          uint64_t orig_end) const {
  const RuleInfo& rule = state_->rules[c.rule];
  const bool full = detail_ == MatchDetail::kFull;
  // kBrief: empty views, so no strings and no variant.
  const std::string_view original =
      full ? texts.original.substr(orig_begin - texts.original_base,
                                   orig_end - orig_begin)
           : std::string_view();
  const std::string_view pattern =
      full ? std::string_view(state_->expressions[static_cast<size_t>(c.space)]
                                  .sources[c.expression])
           : std::string_view();
  // Each field constructed in place: assigning the strings afterwards
  // costs a full scan 1% more instructions.
  return {rule.id,
          rule.category,
          action,
          rule.severity,
          static_cast<size_t>(orig_begin),
          static_cast<size_t>(orig_end),
          std::string(original),
          std::string(pattern),
          full ? ExplainVariant(*state_, c.space, c.expression,
                                c.space == Space::kRaw
                                    ? texts.raw.substr(c.begin, c.end - c.begin)
                                    : texts.folded->View(c.begin, c.end),
                                original)
               : Variant::kNone};
}

absl::StatusOr<Action> Resolver::Decide(const ResolveTexts& texts,
                                        const Horizon* horizon,
                                        std::vector<Match>* matches) {
  // Terms wait for their windows even when no candidate does.
  if (pending_.empty() && term_sets_.empty()) return Action::kAllow;
  // Allow candidates first: the deny candidates decided below may lie
  // inside them. Checked ones are kept whatever else they overlap.
  ready_.clear();
  retry_.clear();
  auto allow = [&](const Candidate& c) {
    if (!Checked(texts, c)) return false;
    const auto [ob, oe] = OriginalSpan(texts, c);
    allowed_.Add(c.space, c.begin, c.end, ob, oe);
    return true;
  };
  std::erase_if(pending_, [&](const Candidate& c) {
    if (state_->rules[c.rule].action != Action::kAllow) return false;
    if (horizon != nullptr && c.end > horizon->front) return false;
    if (!allow(c) && NeedsNextStart(texts, c)) retry_.push_back(c);
    return true;
  });
  if (!retry_.empty()) {
    LEXGATE_RETURN_IF_ERROR(MoveToNextStarts(texts, &retry_));
    for (const Candidate& c : retry_) allow(c);
  }
  if (horizon == nullptr) {
    // The whole text: every candidate is ready. Swapped, not copied: a
    // text with millions of hits (a long run of digits) would hold them
    // twice.
    ready_.swap(pending_);
    pending_.clear();
  } else {
    std::erase_if(pending_, [&](const Candidate& c) {
      if (!Closed(*horizon, c, /*own_rule=*/true)) return false;
      ready_.push_back(c);
      return true;
    });
  }
  // A regex hit whose start fails its boundary is decided at its next
  // start. Later than the hit's, that start may wait again in a stream:
  // an unreported match of the rule may begin before it.
  retry_.clear();
  std::erase_if(ready_, [&](const Candidate& c) {
    if (!NeedsNextStart(texts, c)) return false;
    retry_.push_back(c);
    return true;
  });
  if (!retry_.empty()) {
    LEXGATE_RETURN_IF_ERROR(MoveToNextStarts(texts, &retry_));
    const size_t sorted = ready_.size();
    for (const Candidate& c : retry_) {
      if (horizon == nullptr || Closed(*horizon, c, /*own_rule=*/true)) {
        ready_.push_back(c);
      } else {
        pending_.insert(std::upper_bound(pending_.begin(), pending_.end(), c,
                                         SelectionOrder),
                        c);
      }
    }
    const auto moved = ready_.begin() + static_cast<ptrdiff_t>(sorted);
    std::sort(moved, ready_.end(), SelectionOrder);
    std::inplace_merge(ready_.begin(), moved, ready_.end(), SelectionOrder);
  }

  // ready_ is in SelectionOrder, as pending_ is. Each rule's selection is
  // kept across a stream's decisions (the last one, at the end of the
  // text, too); Reset() clears the cursors a text touched.
  if (cursors_.size() != state_->rules.size()) {
    cursors_.assign(state_->rules.size(), RuleCursor());
    touched_rules_.clear();
  }
  kept_.clear();
  Action verdict = Action::kAllow;
  CharCounter chars(texts, &char_checkpoints_);
  for (const Candidate& c : ready_) {
    if (state_->rules[c.rule].parts > 0) {
      if (Checked(texts, c)) AddTerm(texts, c, &chars);
      continue;
    }
    RuleCursor* cursor = &cursors_[c.rule];
    const bool regex = state_->expressions[static_cast<size_t>(c.space)]
                           .info[c.expression]
                           .kind == ExprKind::kRegex;
    // Inside a kept match of its rule (a regex's leftmost-longest one, or a
    // longer occurrence of a keyword): dropped whatever its check says, so
    // not checked (most hits of a regex that matches at every end are).
    if (regex ? c.begin < cursor->regex_end : c.end <= cursor->max_end) {
      continue;
    }
    if (!Checked(texts, c)) continue;
    if (!cursor->touched) {
      cursor->touched = true;
      touched_rules_.push_back(c.rule);
    }
    if (regex) cursor->regex_end = c.end;
    cursor->max_end = std::max(cursor->max_end, c.end);
    const std::optional<Action> action = ActionOf(c.rule);
    if (!action) continue;  // the policy drops it
    const auto [ob, oe] = OriginalSpan(texts, c);
    if (InsideAllow(c, ob, oe)) continue;
    kept_.push_back({ob, oe, c, *action});
    verdict = std::max(verdict, *action);
  }
  if (!term_sets_.empty()) {
    verdict = std::max(verdict, DecideTerms(texts, horizon, &chars));
  }

  // A block is known as soon as no allow match can still contain it, even
  // while a longer occurrence of its own rule might still come: the caller
  // can stop the model now.
  if (horizon != nullptr && verdict != Action::kBlock) {
    for (size_t i = 0; i < pending_.size(); ++i) {
      const Candidate& c = pending_[i];
      // A part of a co-occurrence rule blocks only in its window.
      if (ActionOf(c.rule) != Action::kBlock ||
          state_->rules[c.rule].parts > 0 ||
          !Closed(*horizon, c, /*own_rule=*/false) || !Checked(texts, c)) {
        continue;
      }
      const auto [ob, oe] = OriginalSpan(texts, c);
      if (InsideAllow(c, ob, oe)) continue;
      kept_.push_back({ob, oe, c, Action::kBlock});
      verdict = Action::kBlock;
      pending_.erase(pending_.begin() + static_cast<ptrdiff_t>(i));
      break;
    }
  }

  // In MatchOrder (the rule's index is its order), sorted before the
  // matches and their strings exist.
  // Kept in selection order, they are nearly in this one.
  SortNearlySorted(kept_, [](const Kept& a, const Kept& b) {
    if (a.orig_begin != b.orig_begin) return a.orig_begin < b.orig_begin;
    if (a.orig_end != b.orig_end) return a.orig_end > b.orig_end;
    return a.candidate.rule < b.candidate.rule;
  });
  // A whole text (or a stream's first decision) writes the result directly.
  const bool direct = matches->empty();
  std::vector<Match>& out = direct ? *matches : fresh_;
  fresh_.clear();
  out.reserve(out.size() + kept_.size());
  // Made in place: emplace_back() initializes the element with Made's
  // (implicit) conversion, whose result is MakeMatch()'s, instead of moving
  // a temporary Match in (which copies every short string a second time;
  // 3% of a Chinese answer's Scan with 10,000 keywords).
  struct Made {
    const Resolver& resolver;
    const ResolveTexts& texts;
    const Kept& kept;
    operator Match() const {
      return resolver.MakeMatch(texts, kept.candidate, kept.action,
                                kept.orig_begin, kept.orig_end);
    }
  };
  for (const Kept& k : kept_) out.emplace_back(Made{*this, texts, k});
  if (!direct && !fresh_.empty()) {
    const size_t old = matches->size();
    matches->insert(matches->end(), std::make_move_iterator(fresh_.begin()),
                    std::make_move_iterator(fresh_.end()));
    std::inplace_merge(
        matches->begin(), matches->begin() + static_cast<ptrdiff_t>(old),
        matches->end(),
        [this](const Match& a, const Match& b) { return MatchOrder(a, b); });
  }
  return verdict;
}

void Resolver::AddTerm(const ResolveTexts& texts, const Candidate& c,
                       CharCounter* chars) {
  const RuleInfo& rule = state_->rules[c.rule];
  const uint8_t part =
      state_->expressions[static_cast<size_t>(c.space)].info[c.expression].part;
  auto it = std::find_if(term_sets_.begin(), term_sets_.end(),
                         [&](const TermSet& t) { return t.rule == c.rule; });
  if (it == term_sets_.end()) {
    term_sets_.push_back(
        {c.rule, std::vector<uint64_t>(rule.parts + 1, 0), {}});
    it = term_sets_.end() - 1;
  }
  TermSet& set = *it;
  const bool exclusion = part == kNoneOfPart;
  const uint32_t slot = exclusion ? rule.parts : part - 1u;
  if (c.end <= set.max_end[slot]) return;  // inside a longer one of its part
  set.max_end[slot] = c.end;
  const std::optional<Action> action = ActionOf(c.rule);
  if (!action) return;  // the policy drops the rule
  const auto [ob, oe] = OriginalSpan(texts, c);
  // An allow match cancels a part inside it, as it would a keyword; an
  // exclusion is no match of its own, and an allow rule must never make a
  // rule mask more.
  if (!exclusion && InsideAllow(c, ob, oe)) return;
  const uint64_t begin = chars->At(ob);
  set.terms.push_back(
      {{begin, begin + chars->Between(ob, oe), exclusion, exclusion ? 0 : slot},
       {ob, oe, c, *action}});
}

Action Resolver::DecideTerms(const ResolveTexts& texts, const Horizon* horizon,
                             CharCounter* chars) {
  Action verdict = Action::kAllow;
  for (TermSet& set : term_sets_) {
    if (set.terms.empty()) continue;
    const RuleInfo& rule = state_->rules[set.rule];
    // In characters: where an occurrence that is not a term yet could
    // begin (one not reported, or reported but not checked yet).
    uint64_t open_chars = UINT64_MAX;
    if (horizon != nullptr) {
      uint64_t open =
          horizon->open_start[state_->hold_plan().rule_group[set.rule]];
      for (const Candidate& c : pending_) {
        if (c.rule == set.rule) open = std::min(open, c.begin);
      }
      const OffsetMap& map = texts.folded->map;
      const uint64_t orig =
          open >= map.folded_end() ? map.orig_end() : map.OriginalStart(open);
      open_chars = chars->At(orig);
    }
    std::stable_sort(
        set.terms.begin(), set.terms.end(),
        [](const Term& a, const Term& b) { return a.at.begin < b.at.begin; });
    co_terms_.clear();
    for (const Term& t : set.terms) co_terms_.push_back(t.at);
    FindCooccurrences(co_terms_, rule.parts, rule.within, &co_found_);
    if (horizon != nullptr) FindSettledCooccurrences(rule, open_chars);
    // How far past a term an occurrence can still change its decision: a
    // part within `within`, an exclusion within `within` of such a window.
    const uint64_t reach =
        uint64_t{rule.within} * (rule.has_exclusions ? 2 : 1);
    uint64_t floor = open_chars;  // the earliest undecided term after this
    for (size_t i = 0; i < set.terms.size(); ++i) {
      Term& t = set.terms[i];
      if (t.decided) continue;
      // Without a window, only the text's end decides. A term of a settled
      // combination is found whatever comes later (later text can only add
      // combinations); one of none is found or not once nothing that could
      // still come is near enough to matter.
      const bool complete = horizon == nullptr || co_settled_[i] ||
                            (rule.within > 0 && open_chars != UINT64_MAX &&
                             open_chars >= t.at.begin + reach);
      if (!complete) {
        floor = std::min(floor, t.at.begin);
        continue;
      }
      t.decided = true;
      if (co_found_[i]) {
        kept_.push_back(t.kept);
        verdict = std::max(verdict, t.kept.action);
      }
    }
    // A decided term matters to an undecided or future one only while it
    // ends less than `reach` characters before it.
    std::erase_if(set.terms, [&](const Term& t) {
      return t.decided && (horizon == nullptr || t.at.end + reach <= floor);
    });
  }
  return verdict;
}

void Resolver::FindSettledCooccurrences(const RuleInfo& rule,
                                        uint64_t open_chars) {
  co_settled_.assign(co_terms_.size(), false);
  // An exclusion can rule a window [begin, end) out only if it begins
  // before end + within, and every occurrence that begins before
  // open_chars is known: a combination whose parts all end by
  // open_chars - within, valid among the exclusions known, stays valid.
  // Without a window any exclusion anywhere rules everything out.
  if (rule.within == 0 || open_chars == UINT64_MAX ||
      open_chars < rule.within) {
    return;
  }
  const uint64_t settled_end = open_chars - rule.within;
  settled_terms_.clear();
  settled_index_.clear();
  for (size_t i = 0; i < co_terms_.size(); ++i) {
    const CoTerm& t = co_terms_[i];
    if (!t.exclusion && (t.end > settled_end || !co_found_[i])) continue;
    settled_terms_.push_back(t);
    settled_index_.push_back(i);
  }
  if (settled_terms_.empty()) return;
  FindCooccurrences(settled_terms_, rule.parts, rule.within, &settled_found_);
  for (size_t k = 0; k < settled_terms_.size(); ++k) {
    if (settled_found_[k]) co_settled_[settled_index_[k]] = true;
  }
}

uint64_t Resolver::EarliestUndecided(std::optional<Action> at_least) const {
  auto counts = [at_least](std::optional<Action> action) {
    return !at_least || (action && *action >= *at_least);
  };
  uint64_t earliest = UINT64_MAX;
  for (const TermSet& set : term_sets_) {
    for (const Term& t : set.terms) {
      // An exclusion's text is never masked nor reported: its position is
      // all a decision needs.
      if (t.decided || t.at.exclusion || !counts(t.kept.action)) continue;
      earliest = std::min(earliest, t.kept.candidate.begin);
    }
  }
  for (const Candidate& c : pending_) {
    if (counts(ActionOf(c.rule))) earliest = std::min(earliest, c.begin);
  }
  return earliest;
}

uint64_t Resolver::EarliestPendingDeny() const {
  return EarliestUndecided(Action::kMask);  // kMask and kBlock mask
}

uint64_t Resolver::EarliestPending() const {
  return EarliestUndecided(std::nullopt);
}

bool Resolver::BlockPending() const {
  return EarliestUndecided(Action::kBlock) != UINT64_MAX;
}

void Resolver::ForgetBefore(uint64_t folded) {
  allowed_.ForgetFoldedBefore(folded);
}

}  // namespace lexgate::internal
