// Streaming guard: screens chatbot output delta by delta and releases only
// text that no match can still cover, already masked.
#ifndef LEXGATE_STREAM_H_
#define LEXGATE_STREAM_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "lexgate/match.h"
#include "lexgate/policy.h"

namespace lexgate {

// Options of one stream (Engine::OpenStream()). The same names and
// defaults are used by Python (engine.stream()) and lexgate-filter
// (--max-hold, --batch).
struct StreamOptions {
  // The most text, in code points of folded text, that a stream holds back
  // for one run that could still turn out to be a single match (an e-mail
  // address with no end in sight, a 100 KB line without spaces). Past it
  // the run is masked from its start until the hold-back is decided again,
  // and reported as a match of rule "lexgate.stream_overflow" (category
  // "stream.overflow", action mask): text is never released unmasked
  // before it is decided. A run that could be a match of a block rule (by
  // the stream's policy) blocks the stream instead, with a match of that
  // rule id and action block: the match could no longer be found whole.
  // The masked run ends with the original character its last folded
  // character came from (a ½, folded to 1⁄2, is masked whole).
  // 16 .. 1,048,576.
  static constexpr size_t kDefaultMaxHold = 1024;
  static constexpr size_t kMinMaxHold = 16;
  static constexpr size_t kMaxMaxHold = size_t{1} << 20;
  size_t max_hold = kDefaultMaxHold;
  // Characters gathered before they are folded, scanned and released
  // together. A Hyperscan stream call has a fixed cost, so tiny deltas (a
  // token is one to four characters) scanned one by one cost several times
  // more than batches; batching trades this many characters of delay for
  // that work. kAutoBatch (the default) scans every kAutoBatchChars: 24
  // keeps the first text of an answer and a block verdict within 32
  // characters (bench/RESULTS.md) at about two thirds of the cost of 12.
  // While every character fed is ASCII (English, code) it scans every
  // kAutoBatchAsciiChars instead, as an English character carries less
  // text than a Chinese one; the first other character switches the
  // stream to kAutoBatchChars for good. It decides (and releases) after
  // each batch until the first text is out, at once when a batch holds a
  // hit that may belong to a block rule, and otherwise only once one and
  // a half batches (36 characters; 42 while ASCII) are held back: clean
  // text is then held back at most about 64 characters (about 70 while
  // ASCII), for about half the decisions. A number N scans and decides
  // every N characters; 0 processes every delta at once.
  static constexpr size_t kAutoBatch = static_cast<size_t>(-1);
  static constexpr size_t kAutoBatchChars = 24;
  static constexpr size_t kAutoBatchAsciiChars = 28;
  size_t batch = kAutoBatch;
  // A per-request policy (lexgate/policy.h), or null for the rules' own
  // actions. The stream masks, stops and reports by the policy's actions as
  // it releases text, exactly as Engine::Scan() with Policy::Apply() would
  // decide the whole text: a disabled category is neither masked nor
  // reported, a mask turned into a flag releases the text as it is, a flag
  // turned into a mask or a block holds its text back like any mask rule.
  // Shared so that one policy object can serve every stream of a tenant.
  std::shared_ptr<const Policy> policy;
};

// The rule id and category of the matches a stream reports for a run it
// masked because it passed StreamOptions::max_hold.
inline constexpr char kStreamOverflowRule[] = "lexgate.stream_overflow";
inline constexpr char kStreamOverflowCategory[] = "stream.overflow";

// A match's span in code points of the whole text fed (each invalid UTF-8
// byte counts as one), for callers that index text by characters (Python,
// JSON): a stream does not keep the whole text to convert byte offsets.
struct CharSpan {
  size_t start = 0;
  size_t end = 0;
};

namespace internal {
class StreamState;
}

// One response being guarded. For every split of a text into deltas (a
// UTF-8 sequence may be split too), with W = Engine::Scan(whole text):
//  1. the concatenation of everything Feed() and Finish() return equals
//     Engine::Redact(whole text) when W has no block match and no run
//     passes StreamOptions::max_hold;
//  2. once a block match is decided nothing more is returned, verdict() is
//     kBlock, and blocked() is true: stop the model;
//  3. no byte of a span that W masks or blocks is ever returned unmasked,
//     whatever the length of the match.
// The stream holds back only what a match can still cover: a match of a
// rule contains only characters of the rule's alphabet (its keywords'
// characters, what its regexes can match), is at most the rule's width
// long, holds at most as many spaces as the rule's phrases can (so it
// starts after the last few spaces of prose), and, for rules with a fixed
// prefix, starts where the prefix was seen; text before the earliest start
// an unfinished match could have is released at once. So clean prose is
// released a few characters behind the model, and a block match is known
// within about a batch of its end; once the prefix of a block rule that has
// one is seen, or a block candidate was found and waits (for the character
// after it, or for the rest of a co-occurrence window, where a none_of
// word may still rule it out), every delta is decided at once, and the
// block is known as soon as the text allows.
// Hyperscan stream mode keeps the match state across deltas, so no text is
// scanned twice.
//
// Fails closed: an internal error (Hyperscan failing, memory exhausted)
// turns the stream into a blocked one; status() says why.
//
// Memory: the hold-back, the matches, and the text an undecided match may
// still need; never the whole answer.
//
// Thread safety: not thread-safe; one Stream per response. Movable. Keeps
// its engine's compiled state alive.
class Stream {
 public:
  Stream(Stream&&) noexcept;
  Stream& operator=(Stream&&) noexcept;
  ~Stream();

  // Appends `delta` (any bytes) and returns the text that became safe to
  // emit, masked.
  std::string Feed(std::string_view delta);
  // Ends the text and returns the rest. Finish() again returns "". A
  // non-empty Feed() after Finish() is a caller's error that would leave
  // text unscreened: it returns "" and blocks the stream with a
  // FailedPrecondition status() (an empty one changes nothing).
  std::string Finish();

  // The strongest action among the matches decided so far (kBlock after an
  // internal error).
  Action verdict() const;
  // True once a block match was decided or an error stopped the stream:
  // nothing more will be returned.
  bool blocked() const;
  // OK, or the internal error that blocked the stream.
  const absl::Status& status() const;
  // Matches decided so far, ordered by start; byte spans in the whole text
  // fed so far.
  const std::vector<Match>& matches() const;
  // The same matches' spans in code points, in the same order.
  const std::vector<CharSpan>& char_spans() const;
  // Code points fed but not yet returned (0 once blocked or finished).
  size_t held_back() const;

 private:
  friend class Engine;
  explicit Stream(std::unique_ptr<internal::StreamState> state);
  std::unique_ptr<internal::StreamState> state_;
};

}  // namespace lexgate

#endif  // LEXGATE_STREAM_H_
