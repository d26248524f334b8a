// The compiled matcher: Engine::Compile() turns a RuleSet into Hyperscan
// databases once; Scan() and Redact() then run on any number of threads.
#ifndef LEXGATE_ENGINE_H_
#define LEXGATE_ENGINE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "lexgate/normalize.h"
#include "lexgate/rules.h"

namespace lexgate {

struct EngineOptions {
  NormalizeOptions normalize;
  // Also compile the Hyperscan stream-mode database that OpenStream()
  // needs. Off by default: it doubles compile time and database size.
  bool streaming = false;
};

class Stream;
struct StreamOptions;

struct Match {
  std::string rule;  // rule id
  std::string category;
  Action action = Action::kFlag;
  int severity = 0;
  size_t start = 0;  // byte span [start, end) in the original text
  size_t end = 0;
  std::string text;  // the original bytes of the span
};

struct ScanResult {
  // The strongest action among `matches`; kAllow when nothing matched.
  Action verdict = Action::kAllow;
  // Ordered by start (then longer first, then rule order). Allow matches are
  // not listed: they only cancel the matches inside them.
  std::vector<Match> matches;

  bool empty() const { return matches.empty(); }
};

namespace internal {
struct EngineState;
}

// Thread safety: an Engine is immutable; every const method may be called
// from many threads at once. Hyperscan scratch space comes from a pool owned
// by the engine and is reused across calls.
class Engine : public std::enable_shared_from_this<Engine> {
 public:
  // Compiles every rule. Fails with the rule's file:line and id on an empty
  // keyword (also one that folds to nothing) or a regex Hyperscan rejects.
  static absl::StatusOr<std::shared_ptr<const Engine>> Compile(
      const RuleSet& rules, const EngineOptions& options = {});

  // Restores an engine written by Serialize(). A blob from another format
  // version, Hyperscan version or platform, or a corrupted one, is refused
  // with kFailedPrecondition / kDataLoss and a message saying which.
  static absl::StatusOr<std::shared_ptr<const Engine>> Deserialize(
      std::string_view blob);

  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Finds every occurrence of every rule (leftmost-longest per rule) in
  // `text`, which may be any bytes; invalid UTF-8 never matches a keyword.
  // Texts over 1 GiB are scanned in 1 GiB pieces.
  // Fails closed: an error (Hyperscan failing, memory exhausted) is a
  // status, never an empty result that would read as clean text.
  absl::StatusOr<ScanResult> Scan(std::string_view text) const;

  // `text` with every mask and block span replaced (overlapping spans
  // merged); bytes outside the spans are untouched. Fails as Scan() does.
  absl::StatusOr<std::string> Redact(std::string_view text) const;
  // The same for a result already obtained from Scan(text).
  std::string Redact(std::string_view text, const ScanResult& result) const;

  std::string Serialize() const;

  // Opens a guard for one streamed text (include "lexgate/stream.h").
  // Fails with kFailedPrecondition when the engine was compiled without
  // EngineOptions::streaming, has rules with normalize = false, or has a
  // regex of unbounded width (named in the message) and no
  // StreamOptions::window.
  absl::StatusOr<Stream> OpenStream(const StreamOptions& options) const;
  absl::StatusOr<Stream> OpenStream() const;
  // Longest match in folded bytes, or SIZE_MAX when some regex is unbounded
  // (0 for a non-streaming engine).
  size_t max_match_width() const;

  const EngineOptions& options() const;
  const Normalizer& normalizer() const;
  size_t rule_count() const;
  // Total bytes of the compiled Hyperscan databases.
  size_t database_bytes() const;

 private:
  // Largest text handed to Hyperscan in one call (its lengths are 32-bit).
  static constexpr size_t kMaxBlockBytes = size_t{1} << 30;

  explicit Engine(std::unique_ptr<internal::EngineState> state);
  absl::StatusOr<ScanResult> ScanInPieces(std::string_view text) const;
  std::unique_ptr<internal::EngineState> state_;
};

}  // namespace lexgate

#endif  // LEXGATE_ENGINE_H_
