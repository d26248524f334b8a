// A holder for services whose rules change while they run: scans go to the
// current engine while a new one compiles in the background, and the new
// one replaces it in one atomic swap.
#ifndef LEXGATE_RELOADING_ENGINE_H_
#define LEXGATE_RELOADING_ENGINE_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "lexgate/engine.h"
#include "lexgate/match.h"
#include "lexgate/stream.h"

namespace lexgate {

// Makes a new engine: typically LoadRules() + Engine::Compile(). What it
// throws is the build's error (kResourceExhausted for std::bad_alloc,
// kInternal otherwise), never unwound through the holder.
using EngineBuilder =
    std::function<absl::StatusOr<std::shared_ptr<const Engine>>()>;

struct ReloadOptions {
  // Called after every reload attempt, on the thread that made it (the
  // background thread, or the caller of Reload()): with OK and the new
  // engine after a swap, or with the error and the engine that stays. When
  // not set, failures are written to stderr ("lexgate: reload failed,
  // keeping the engine: ..."). Must not destroy the holder or throw (what
  // it throws is written to stderr and ignored); Reload() and WaitIdle()
  // called from it return kFailedPrecondition (they would wait for the
  // reload that calls them).
  std::function<void(const absl::Status&, const std::shared_ptr<const Engine>&)>
      on_reload;
  // Files and directories to watch (a directory: every regular file in it,
  // not hidden ones, not recursively). Empty: no watching; reloads happen
  // only on request.
  std::vector<std::string> watch;
  // How often the watched files are checked (modification time, size,
  // inode, presence); above 0 when `watch` is set (Create() fails
  // otherwise).
  std::chrono::milliseconds poll_interval{1000};
  // A change triggers a reload once the files have stayed unchanged for
  // this long, so that an editor's or a deployment's several writes make
  // one reload.
  std::chrono::milliseconds debounce{500};
};

namespace internal {
class KeywordFileList;
class ReloaderState;
}  // namespace internal

// Holds the current engine of a service and replaces it when asked (or when
// watched rule files change):
//  - engine() returns the current engine; a caller keeps what it got for as
//    long as it needs it (a Stream keeps its engine alive by itself), so
//    open streams finish on the engine they started with;
//  - a reload builds a new engine on the background thread while engine()
//    goes on returning the old one, then swaps the pointer atomically: no
//    caller ever sees a half-built engine or waits for a compile;
//  - a build that fails keeps the old engine and is reported through
//    ReloadOptions::on_reload and last_error().
//
// SIGHUP: RequestReload() is not async-signal-safe. A signal handler sets a
// `volatile std::sig_atomic_t` flag that the service's own loop turns into
// RequestReload() (the hook for `lexgate-filter --stream`: its event loop
// checks the flag between lines and opens every new stream on engine()).
//
// Thread safety: every method may be called from many threads at once,
// except that the destructor must not race with other calls. engine() takes
// no lock that a compile holds.
class ReloadingEngine {
 public:
  // Builds the first engine on the calling thread and fails if that fails;
  // then starts the background thread.
  static absl::StatusOr<std::unique_ptr<ReloadingEngine>> Create(
      EngineBuilder builder, ReloadOptions options = {});
  // The usual builder: LoadRules(paths) and Engine::Compile(rules,
  // engine_options). To reload when the packs change, set options.watch
  // (to `paths`, say): the keyword files (keywords_file) of the packs last
  // built are then watched too, wherever they are. Packs that hold no rule
  // (RequireRules(): a deployment that left only categories.toml) are a
  // failed build: the engine in use stays.
  static absl::StatusOr<std::unique_ptr<ReloadingEngine>> FromPaths(
      std::vector<std::string> paths, EngineOptions engine_options = {},
      ReloadOptions options = {});

  // Stops the background thread, waiting for a build in progress.
  ~ReloadingEngine();
  ReloadingEngine(const ReloadingEngine&) = delete;
  ReloadingEngine& operator=(const ReloadingEngine&) = delete;

  // The current engine; never null.
  std::shared_ptr<const Engine> engine() const;
  // Shorthands on the current engine.
  absl::StatusOr<ScanResult> Scan(std::string_view text) const;
  absl::StatusOr<Stream> OpenStream(const StreamOptions& options = {}) const;

  // Asks the background thread for a reload and returns at once. Requests
  // made while a build runs are coalesced into one more build after it.
  void RequestReload();
  // Builds on the calling thread and swaps; returns the build's error (the
  // old engine stays). Serialised with the background thread's builds.
  absl::Status Reload();
  // Waits until no reload is pending or running (for tests and orderly
  // shutdown): requested, or building on the background thread or in a
  // Reload() call. Not a change of the watched files that is still waiting
  // out the debounce (files that keep changing would keep it waiting).
  // Returns last_error().
  absl::Status WaitIdle() const;

  // Number of successful swaps since Create() (0 at first).
  uint64_t generation() const;
  // The error of the last reload attempt; OK after a successful one.
  absl::Status last_error() const;

 private:
  static absl::StatusOr<std::unique_ptr<ReloadingEngine>> CreateWatching(
      EngineBuilder builder, ReloadOptions options,
      std::shared_ptr<const internal::KeywordFileList> keyword_files);
  explicit ReloadingEngine(std::unique_ptr<internal::ReloaderState> state);
  std::unique_ptr<internal::ReloaderState> state_;
};

}  // namespace lexgate

#endif  // LEXGATE_RELOADING_ENGINE_H_
