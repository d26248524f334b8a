// The compiled matcher: Engine::Compile() turns a RuleSet into Hyperscan
// databases once; Scan(), Redact() and OpenStream() then run on any number
// of threads.
#ifndef LEXGATE_ENGINE_H_
#define LEXGATE_ENGINE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "lexgate/match.h"
#include "lexgate/normalize.h"
#include "lexgate/rule_set.h"
#include "lexgate/rule_summary.h"
#include "lexgate/stream.h"
#include "lexgate/taxonomy.h"

namespace lexgate {

struct EngineOptions {
  NormalizeOptions normalize;
  // Also compile the Hyperscan stream-mode database that OpenStream()
  // needs. On by default, as in Python; batch-only users (the command
  // line's filter modes, corpus screening) switch it off to halve compile
  // time and database size.
  bool streaming = true;
};

namespace internal {
struct EngineState;
}

// Thread safety: an Engine is immutable; every const method may be called
// from many threads at once. Hyperscan scratch space comes from a pool owned
// by the engine and is reused across calls.
class Engine {
 public:
  // Compiles every rule. Fails with the rule's file:line and id on an empty
  // keyword (also one that folds to nothing) or a regex Hyperscan rejects.
  static absl::StatusOr<std::shared_ptr<const Engine>> Compile(
      const RuleSet& rules, const EngineOptions& options = {});

  // Restores an engine written by Serialize(). A blob from another format
  // version, Hyperscan or ICU version or platform is refused with
  // kFailedPrecondition, a damaged or inconsistent one with kDataLoss, each
  // with a message saying which. Everything but the Hyperscan bytecode is
  // checked against everything else, and what can be derived from the
  // stored patterns (widths, the stream plan, the fingerprint) is derived
  // again rather than trusted. The stream plan is derived by the first
  // OpenStream(), not here (at 100k keywords it is most of a load's work,
  // which Scan-only users never need): a stream database built for another
  // plan is refused there, with kDataLoss. `blob` is only read during the
  // call. The blob is not signed: its checksums catch damage and parts of
  // different engines put together, not a forger who recomputes them, so
  // keep engine files where only those who may change the rules can write.
  static absl::StatusOr<std::shared_ptr<const Engine>> Deserialize(
      std::string_view blob);

  // Deserialize() of the file at `path` (what `lexgate-filter --engine`
  // does), and lazier: the stream database (up to about half of a saved
  // engine) is checked (CRC) but stays in the file until the first
  // OpenStream(), which reads it back; a Scan-only user never pays for
  // it. The file is kept open for that, so replace it by renaming another
  // over it (as `lexgate-filter compile` does): one rewritten in place
  // makes the first OpenStream() fail (kDataLoss, for this and every later
  // stream) if its stream database differs by then, and one rewritten
  // while it is read is refused (kDataLoss), never half loaded. The file
  // is read, not mapped, so that neither can crash the process (SIGBUS).
  // A pipe is read and loaded whole. Errors as Deserialize(), and
  // kNotFound, kPermissionDenied or kUnavailable (with the path) when the
  // file cannot be opened or read.
  static absl::StatusOr<std::shared_ptr<const Engine>> Load(
      const std::string& path);

  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Finds the matches of every rule in `text`, which may be any bytes
  // (invalid UTF-8 is matched as U+FFFD, which the fold treats as noise):
  // for keywords every occurrence not contained in another occurrence of
  // the same rule, for regexes leftmost-longest per rule (a regex match
  // whose leftmost start fails the rule's boundary is taken from a later
  // start that passes it: rules/README.md, "Boundaries"); allow matches
  // cancel the matches inside them. Texts of any size: Hyperscan sees them
  // in overlapping pieces. Fails closed: an error (Hyperscan failing,
  // memory exhausted, a text that folds to more than three times its size)
  // is a status, never a result that would read as clean text. `detail`
  // kBrief leaves out the strings of each match (see MatchDetail): the
  // same matches, verdict and spans, for less work.
  absl::StatusOr<ScanResult> Scan(
      std::string_view text, MatchDetail detail = MatchDetail::kFull) const;

  // Scans every text on up to `threads` threads (0: one per hardware
  // thread; 1: on the calling thread only) and returns the results in input
  // order, each with its own status: a text that cannot be scanned is an
  // error in its slot, never a clean result, and does not stop the others.
  // Touches no Python state, so a binding may release the GIL around it.
  // `detail` as for Scan().
  std::vector<absl::StatusOr<ScanResult>> ScanMany(
      std::span<const std::string_view> texts, size_t threads = 0,
      MatchDetail detail = MatchDetail::kFull) const;

  // The same for `count` texts produced and consumed on the worker threads,
  // for callers that parse input and format output in parallel too: for
  // every index i in [0, count), exactly once and on one worker thread,
  // `text(i)` is called, its text is scanned, and `done(i, result)` is
  // called (the view `text(i)` returned must stay valid until then). Calls
  // for different indexes run concurrently and in no particular order; the
  // callbacks must not throw. Returns when every `done` has returned.
  void ScanMany(
      size_t count, size_t threads,
      const std::function<std::string_view(size_t)>& text,
      const std::function<void(size_t, absl::StatusOr<ScanResult>)>& done,
      MatchDetail detail = MatchDetail::kFull) const;

  // `text` with every mask and block span replaced (the union of the
  // spans; overlapping spans merged); bytes outside the spans are
  // untouched, and valid UTF-8 stays valid. Fails as Scan() does.
  absl::StatusOr<std::string> Redact(std::string_view text) const;
  // The same for a result already obtained from Scan(text) (either
  // MatchDetail: the spans' bytes are read from `text`; its matches in any
  // order, such as sorted by severity to show them): nothing to fail but
  // memory (std::bad_alloc, as for any std::string).
  std::string Redact(std::string_view text, const ScanResult& result) const;

  // The engine as bytes for Deserialize(). Nothing to fail but memory:
  // std::bad_alloc (never a truncated blob) when Hyperscan cannot allocate
  // the copy of a database. An engine of Load() reads its stream database
  // first, as OpenStream() does; if it cannot be read, the blob goes
  // without it and its streams fail as this engine's do.
  std::string Serialize() const;

  // Opens a guard for one streamed text (see stream.h). Fails with
  // kFailedPrecondition when the engine was compiled without
  // EngineOptions::streaming or has rules with normalize = false, and
  // kInvalidArgument for options out of range. The first call on a loaded
  // engine also derives its stream plan (tens of milliseconds at 100k
  // keywords; kDataLoss, on this and every later call, when the saved
  // stream database was built for another plan), and on an engine of
  // Load() reads its stream database from the file.
  absl::StatusOr<Stream> OpenStream(const StreamOptions& options = {}) const;

  // 16 hex digits identifying the compiled rules: ids, categories,
  // actions, severities, replacements, folded keywords, regexes and flags,
  // boundaries, validators, normalize options and the fold data; not file
  // paths, examples or load order. The same after Serialize() and
  // Deserialize(), on every platform.
  const std::string& fingerprint() const;

  const EngineOptions& options() const;
  const Normalizer& normalizer() const;
  size_t rule_count() const;
  // Total bytes of the compiled matching tables: the Hyperscan databases
  // and the letter-variant automata (which take the letter variants out of
  // Hyperscan's).
  size_t database_bytes() const;
  // One entry per compiled rule, in rule order.
  std::vector<RuleSummary> rule_summaries() const;
  // The categories the rule set declared beyond Taxonomy::Shipped()
  // (RuleSet::declared_categories()), kept in a saved engine, so that a
  // service that loads one names what it reports as the packs do.
  const Taxonomy& declared_categories() const;

 private:
  explicit Engine(std::shared_ptr<const internal::EngineState> state);
  std::shared_ptr<const internal::EngineState> state_;
};

}  // namespace lexgate

#endif  // LEXGATE_ENGINE_H_
