// Raw Hyperscan hits -> the matches a caller sees: boundary and validator
// checks, the selection per rule (keywords: every occurrence not contained
// in another of the same rule; regexes: leftmost-longest), allow-rule
// suppression, spans mapped to the original text.
//
// One resolver for batch and stream: Engine::Scan() adds every hit of the
// whole text and decides them all; a stream adds hits as they come and
// decides, after each batch, the candidates that nothing later in the text
// can change (see Horizon).
#ifndef LEXGATE_LIB_SCAN_RESOLVER_H_
#define LEXGATE_LIB_SCAN_RESOLVER_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "compile/engine_state.h"
#include "compile/expressions.h"
#include "lexgate/match.h"
#include "lexgate/policy.h"
#include "normalize/fold_kernel.h"
#include "scan/allow_spans.h"
#include "scan/cooccurrence.h"
#include "scan/hits.h"

namespace lexgate::internal {

// A hit with its start, in the coordinates of the text it was found in.
struct Candidate {
  uint32_t rule;
  uint32_t expression;
  Space space;
  uint64_t begin;
  uint64_t end;
};

// The texts candidates are checked against and matches are cut from.
struct ResolveTexts {
  const FoldBuffer* folded = nullptr;  // the folded space's text and map
  std::string_view raw;  // the raw space's subject (from offset 0)
  // The original bytes from offset `original_base` on.
  std::string_view original;
  uint64_t original_base = 0;
  // Code points of the original text before `original_base` (as
  // CountCodePoints() counts them): co-occurrence windows are measured in
  // characters of the whole text.
  uint64_t original_base_chars = 0;
  // Set by a batch scan, which has the whole text, for a batch of many
  // hits: AddHits() checks each as it is added and drops those that can
  // never be matches (CannotMatch()), so that a text with millions of
  // failing hits (a long run of digits) does not keep them all until
  // Decide(). Not worth it for a few: Decide() skips the check of most
  // hits inside a kept match, which this would check.
  bool drop_failing_hits = false;
};

// What a stream knows when it decides: every hit ending at or before
// `front` (a folded offset) has been reported and can be checked (the
// character after it is known), and no match of hold group g that is not
// yet reported starts before open_start[g].
struct Horizon {
  uint64_t front = 0;
  const uint64_t* open_start = nullptr;
};

// Thread safety: not thread-safe; one resolver per text being scanned.
class Resolver {
 public:
  explicit Resolver(const EngineState& state);

  // Starts a new text.
  void Reset();
  // Reset() for a text of `state`'s engine, keeping the memory the
  // resolver grew: Engine::Scan() keeps one resolver per thread, so that
  // steady state allocates nothing for its candidates.
  void Rebind(const EngineState& state);
  // Bytes of the memory kept for candidates and matches; ReleaseMemory()
  // gives it back.
  size_t CapacityBytes() const;
  void ReleaseMemory();

  // Decides with `policy`'s actions instead of the rules' own (dropping
  // what it drops), as Policy::Apply() would after the fact. Allow rules
  // are not subject to policies. Call before the first hit.
  void UsePolicy(const Policy& policy);
  // Which fields of a Match Decide() fills in (kFull until changed);
  // Rebind() and Reset() keep it.
  void UseDetail(MatchDetail detail) { detail_ = detail; }

  // The action a match of `rule` gets: the policy's, or the rule's own;
  // std::nullopt when the policy drops its matches.
  std::optional<Action> ActionOf(uint32_t rule) const {
    return actions_.empty() ? std::optional<Action>(state_->rules[rule].action)
                            : actions_[rule];
  }

  // Adds Hyperscan hits of `space`, found in that space's text of `texts`.
  // Fails (kDataLoss) on a hit that the engine's tables cannot explain,
  // which only a damaged engine reports: an unknown id, or a literal whose
  // bytes in the text are not the table's (a database and a table that
  // disagree would otherwise report spans that are no keyword's).
  absl::Status AddHits(Space space, std::span<const RawHit> hits,
                       const ResolveTexts& texts);

  // Decides every candidate that `horizon` allows (all of them when it is
  // null: the text is complete), and merges the new matches into `matches`
  // (kept in ScanResult order). Returns the strongest action among the new
  // matches. A regex hit whose start fails its rule's boundary moves to
  // the leftmost later start of the same end that passes it, if any
  // (lib/compile/next_start_databases.h). Fails when that search fails.
  absl::StatusOr<Action> Decide(const ResolveTexts& texts,
                                const Horizon* horizon,
                                std::vector<Match>* matches);

  // The earliest folded offset at which an undecided candidate of a mask or
  // block rule begins (UINT64_MAX if none): text from there on must wait.
  uint64_t EarliestPendingDeny() const;
  // The same for any undecided candidate (its text is still needed).
  uint64_t EarliestPending() const;
  // Whether an undecided candidate or co-occurrence term of a block rule
  // (by the policy's actions) is waiting: for its boundary, or for the
  // rest of its window.
  bool BlockPending() const;
  // Forgets decided allow spans that end before folded offset `folded`,
  // which no later candidate can lie inside.
  void ForgetBefore(uint64_t folded);

  // ScanResult order: by start, longer first, then rule order (a rule the
  // engine does not know, a stream's overflow, last).
  bool MatchOrder(const Match& a, const Match& b) const;

 private:
  // Per-rule selection state, kept across a stream's decisions.
  struct RuleCursor {
    uint64_t regex_end = 0;  // end of the last leftmost-longest regex match
    uint64_t max_end = 0;    // furthest end of a kept match
    bool touched = false;    // listed in touched_rules_
  };

  // A candidate chosen by Decide(), before its Match is made.
  struct Kept {
    uint64_t orig_begin, orig_end;
    Candidate candidate;
    Action action;
  };
  // Co-occurrence rules (RuleInfo::parts): their checked part and none_of
  // occurrences wait here, in characters of the original text, until
  // every occurrence that could share a window with them is known (in a
  // stream: `within` characters past them; otherwise the text's end).
  struct Term {
    CoTerm at;
    Kept kept;
    bool decided = false;
  };
  struct TermSet {
    uint32_t rule;
    // Per part, none_of last: the furthest end of a kept occurrence, so
    // that one inside a longer occurrence of the same part is dropped, as
    // for keywords.
    std::vector<uint64_t> max_end;
    // Undecided ones, and decided ones a later window may still hold.
    std::vector<Term> terms;
  };
  class CharCounter;
  // A character start of the original text and the code points before it
  // (CharCounter's, reused across decisions).
  struct CharCheckpoint {
    uint64_t offset;
    uint64_t chars;
  };

  bool Checked(const ResolveTexts& texts, const Candidate& c) const;
  // Whether `c` is a regex hit whose start fails its rule's boundary
  // (beside dropped separators too, as Checked() sees it).
  bool NeedsNextStart(const ResolveTexts& texts, const Candidate& c) const;
  bool StartHolds(const ResolveTexts& texts, const Candidate& c) const;
  // Whether Decide() would drop `c` whatever else the text holds: it fails
  // its checks and no later start of its end can pass them. Such a
  // candidate changes no decision on another (only checked ones do), so
  // dropping it early changes no result. Needs the text after `c`.
  bool CannotMatch(const ResolveTexts& texts, const Candidate& c) const;
  // Moves each of `candidates` (NeedsNextStart()) to the leftmost later
  // start of its end that follows a character its boundary lets a match
  // start after, and drops those without one.
  absl::Status MoveToNextStarts(const ResolveTexts& texts,
                                std::vector<Candidate>* candidates);
  // Adds a checked candidate of a co-occurrence rule to its terms.
  void AddTerm(const ResolveTexts& texts, const Candidate& c,
               CharCounter* chars);
  // Decides the terms whose windows are complete (all when `horizon` is
  // null), adds the matches to kept_, and returns the strongest action.
  Action DecideTerms(const ResolveTexts& texts, const Horizon* horizon,
                     CharCounter* chars);
  // Sets co_settled_ for the part occurrences of co_terms_ (co_found_ set)
  // that belong to a combination no later occurrence can rule out: its
  // parts end `within` characters or more before `open_chars`, where the
  // first occurrence not known yet may begin.
  void FindSettledCooccurrences(const RuleInfo& rule, uint64_t open_chars);
  // The earliest folded offset at which an undecided candidate or
  // co-occurrence term begins whose action (by the policy) is at least
  // `at_least` (any, also a dropped one, when nullopt); UINT64_MAX if none.
  uint64_t EarliestUndecided(std::optional<Action> at_least) const;
  // Not const: candidates come in rising order, and the piece of the
  // folded map where the last one began is kept (map_hint_).
  std::pair<uint64_t, uint64_t> OriginalSpan(const ResolveTexts& texts,
                                             const Candidate& c);
  bool InsideAllow(const Candidate& c, uint64_t orig_begin,
                   uint64_t orig_end) const;
  // Whether no later hit can change the decision on `c` of its rule, and of
  // the allow rules that may contain it.
  bool Closed(const Horizon& h, const Candidate& c, bool own_rule) const;
  Match MakeMatch(const ResolveTexts& texts, const Candidate& c, Action action,
                  uint64_t orig_begin, uint64_t orig_end) const;

  const EngineState* state_;        // never null
  std::vector<Candidate> pending_;  // in SelectionOrder
  std::vector<Candidate> merged_;   // AddHits()'s scratch
  AllowSpans allowed_;
  // Per rule (sized by the first decision), all cleared but the ones in
  // touched_rules_, which Reset() clears: a text costs the rules it met.
  std::vector<RuleCursor> cursors_;
  std::vector<uint32_t> touched_rules_;
  // Per rule, under a policy (empty without one).
  std::vector<std::optional<Action>> actions_;
  MatchDetail detail_ = MatchDetail::kFull;
  std::vector<TermSet> term_sets_;  // the co-occurrence rules met so far
  // Reused by Decide().
  std::vector<Candidate> ready_;
  std::vector<Kept> kept_;
  std::vector<Match> fresh_;
  std::vector<CoTerm> co_terms_;
  std::vector<bool> co_found_;
  // FindSettledCooccurrences(): per co_terms_ entry, and its scratch.
  std::vector<bool> co_settled_;
  std::vector<CoTerm> settled_terms_;
  std::vector<size_t> settled_index_;
  std::vector<bool> settled_found_;
  std::vector<CharCheckpoint> char_checkpoints_;
  size_t map_hint_ = 0;  // OffsetMap::ToOriginal()'s
  // Decide()'s candidates for MoveToNextStarts(), and what a search found.
  std::vector<Candidate> retry_;
  std::vector<RawHit> next_found_;
};

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_SCAN_RESOLVER_H_
