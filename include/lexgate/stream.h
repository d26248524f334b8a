// Streaming guard: screens chatbot output delta by delta and releases only
// text that no match can still cover, already masked.
#ifndef LEXGATE_STREAM_H_
#define LEXGATE_STREAM_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lexgate/engine.h"

namespace lexgate {

struct StreamOptions {
  // Longest match, in folded bytes, assumed for rules whose regexes have no
  // bounded width. 0 refuses such rules: a match longer than the window
  // could be released before it is complete.
  size_t window = 0;
  // Characters gathered before they are folded, scanned and released
  // together. A Hyperscan stream call has a fixed cost, so tiny deltas (a
  // token is one to four characters) scanned one by one cost several times
  // more than batches; batching trades this many characters of extra
  // hold-back for that work. kAutoBatch (the default) picks a quarter of the
  // hold-back the rules need anyway, and at least 16 characters. 0
  // processes every delta at once.
  static constexpr size_t kAutoBatch = static_cast<size_t>(-1);
  size_t batch = kAutoBatch;
};

namespace internal {
class StreamState;
}

// One response being guarded. For every split of a text into deltas:
//  1. the concatenation of everything Feed() and Finish() return equals
//     Engine::Redact(whole text) when no block rule fires;
//  2. once a block match is seen nothing more is returned and verdict() is
//     kBlock;
//  3. no byte of a span that Engine::Scan(whole text) masks or blocks is
//     ever returned unmasked.
// Hyperscan stream mode keeps the match state across deltas, so no text is
// scanned twice; the hold-back is bounded by the longest possible match.
//
// Thread safety: not thread-safe; one Stream per response. Cheap to create
// and movable. Keeps its Engine alive.
class Stream {
 public:
  Stream(Stream&&) noexcept;
  Stream& operator=(Stream&&) noexcept;
  ~Stream();

  // Appends `delta` (any bytes; a UTF-8 sequence may be split across
  // deltas) and returns the text that became safe to emit.
  std::string Feed(std::string_view delta);
  // Ends the text and returns the rest. Feed() and Finish() after Finish()
  // return "".
  std::string Finish();

  // The strongest action among the matches decided so far.
  Action verdict() const;
  // Matches decided so far, ordered by start; byte spans in the whole text
  // fed so far.
  const std::vector<Match>& matches() const;
  // Bytes fed but not yet returned.
  size_t held_back() const;

 private:
  friend class Engine;
  explicit Stream(std::unique_ptr<internal::StreamState> state);
  std::unique_ptr<internal::StreamState> state_;
};

}  // namespace lexgate

#endif  // LEXGATE_STREAM_H_
