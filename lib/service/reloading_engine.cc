#include "lexgate/reloading_engine.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "lexgate/load_rules.h"
#include "lexgate/rule_error.h"
#include "lexgate/status.h"
#include "service/file_watch.h"

namespace lexgate {
namespace internal {

// The keyword files of the packs FromPaths() read last, watched beside
// ReloadOptions::watch: a keywords_file may lie outside every watched path
// (beside a watched pack file, in another directory). The builder records
// them as it read them, right after loading the packs and before the
// compile: a change made while the compile runs is then seen, and a change
// of the list alone is no change of the files.
class KeywordFileList {
 public:
  struct Read {
    std::vector<std::string> files;
    std::vector<FileState> states;  // as the build read them
    uint64_t version = 0;           // one more per Record()
  };

  // After the packs loaded: their keyword files, as they are now.
  void Record(std::vector<std::string> files) {
    std::vector<FileState> states = SnapshotFiles(files);
    std::lock_guard<std::mutex> lock(mu_);
    read_.files = std::move(files);
    read_.states = std::move(states);
    ++read_.version;
  }
  // After the packs failed to load at `path` (a keyword file a changed
  // pack names, say): watched too, so that fixing it reloads.
  void RecordFailure(const std::string& path) {
    std::lock_guard<std::mutex> lock(mu_);
    if (path.empty() || std::find(read_.files.begin(), read_.files.end(),
                                  path) != read_.files.end()) {
      return;
    }
    read_.files.push_back(path);
    read_.states = SnapshotFiles(read_.files);
    ++read_.version;
  }
  Read Get() const {
    std::lock_guard<std::mutex> lock(mu_);
    return read_;
  }

 private:
  mutable std::mutex mu_;
  Read read_;
};

// Calls `builder`, turning what it throws into an error: nothing may
// unwind through the background thread (std::terminate) or out of the
// API. A builder that gives no engine is an error too.
absl::StatusOr<std::shared_ptr<const Engine>> CallBuilder(
    const EngineBuilder& builder) {
  absl::StatusOr<std::shared_ptr<const Engine>> built;
  try {
    built = builder();
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError("out of memory building the engine");
  } catch (const std::exception& e) {
    return absl::InternalError(
        absl::StrCat("the engine builder threw: ", e.what()));
  } catch (...) {
    return absl::InternalError("the engine builder threw");
  }
  if (built.ok() && *built == nullptr) {
    return absl::InternalError("the engine builder returned no engine");
  }
  return built;
}

class ReloaderState;
// The holder whose on_reload runs on this thread (null: none): its
// WaitIdle() and Reload() called from there would wait for the reload
// that calls them.
thread_local const ReloaderState* in_on_reload = nullptr;

class ReloaderState {
 public:
  // `seen`: the watched files as they were before `first` was built.
  // `keyword_files`: more files to watch, recorded by the builder (null:
  // none).
  ReloaderState(EngineBuilder builder, ReloadOptions options,
                std::shared_ptr<const Engine> first,
                std::vector<FileState> seen,
                std::shared_ptr<const KeywordFileList> keyword_files)
      : builder_(std::move(builder)),
        options_(std::move(options)),
        keyword_files_(std::move(keyword_files)),
        current_(std::move(first)),
        seen_(std::move(seen)) {}

  ~ReloaderState() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  void Start() {
    thread_ = std::thread([this] { Run(); });
  }

  std::shared_ptr<const Engine> engine() const {
    std::lock_guard<std::mutex> lock(current_mu_);
    return current_;
  }

  void RequestReload() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      requested_ = true;
    }
    wake_.notify_all();
  }

  absl::Status Reload() {
    if (in_on_reload == this) return CalledFromOnReload("Reload()");
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++reloading_;  // WaitIdle() waits for it too
    }
    absl::Status status;
    {
      std::lock_guard<std::mutex> build(build_mu_);
      status = BuildAndSwap();
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      --reloading_;
    }
    idle_.notify_all();
    return status;
  }

  absl::Status WaitIdle() {
    if (in_on_reload == this) return CalledFromOnReload("WaitIdle()");
    std::unique_lock<std::mutex> lock(mu_);
    // Not a change of the watched files waiting out its debounce: files
    // that keep changing (a log beside the packs) would keep it waiting.
    idle_.wait(lock, [this] {
      return stop_ || (!requested_ && !building_ && reloading_ == 0);
    });
    return last_error_;
  }

  uint64_t generation() const {
    return generation_.load(std::memory_order_acquire);
  }

  absl::Status last_error() const {
    std::lock_guard<std::mutex> lock(mu_);
    return last_error_;
  }

 private:
  using Clock = std::chrono::steady_clock;

  // Builds outside every lock that engine() could wait on; build_mu_ is
  // held by the caller.
  absl::Status BuildAndSwap() {
    absl::StatusOr<std::shared_ptr<const Engine>> built = CallBuilder(builder_);
    absl::Status status = built.status();
    std::shared_ptr<const Engine> now;
    if (status.ok()) {
      now = *std::move(built);
      std::shared_ptr<const Engine> old = now;
      {
        std::lock_guard<std::mutex> lock(current_mu_);
        current_.swap(old);
      }
      // `old` (the engine replaced) is released here, outside the lock.
      generation_.fetch_add(1, std::memory_order_acq_rel);
    } else {
      now = engine();
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      last_error_ = status;
    }
    if (options_.on_reload) {
      const ReloaderState* outer = in_on_reload;
      in_on_reload = this;
      try {
        options_.on_reload(status, now);
      } catch (...) {
        // on_reload must not throw (ReloadOptions); one that does is
        // reported here, not let unwind through the background thread.
        std::fprintf(stderr, "lexgate: on_reload threw; ignored\n");
      }
      in_on_reload = outer;
    } else if (!status.ok()) {
      std::fprintf(stderr, "lexgate: reload failed, keeping the engine: %s\n",
                   StatusMessage(status).c_str());
    }
    return status;
  }

  static absl::Status CalledFromOnReload(const char* what) {
    return absl::FailedPreconditionError(
        absl::StrCat(what,
                     " called from on_reload would wait for the reload "
                     "that calls it"));
  }

  // True when the watched files changed and then stayed unchanged for the
  // debounce time. Called with mu_ held (it only reads the file system).
  bool PollFiles(Clock::time_point now) {
    std::vector<FileState> snapshot = SnapshotFiles(options_.watch);
    std::vector<FileState> keywords;
    if (keyword_files_ != nullptr) {
      KeywordFileList::Read read = keyword_files_->Get();
      if (read.version != keyword_version_) {
        // A build read a new list: compare with the files as it read them.
        keyword_version_ = read.version;
        seen_keywords_ = std::move(read.states);
      }
      keywords = SnapshotFiles(read.files);
    }
    if (snapshot != seen_ || keywords != seen_keywords_) {
      seen_ = std::move(snapshot);
      seen_keywords_ = std::move(keywords);
      changed_at_ = now;
      return false;
    }
    if (changed_at_.has_value() && now - *changed_at_ >= options_.debounce) {
      changed_at_.reset();
      return true;
    }
    return false;
  }

  Clock::duration WaitTime(Clock::time_point now) const {
    Clock::duration wait = options_.poll_interval;
    if (changed_at_.has_value()) {
      const Clock::duration left = *changed_at_ + options_.debounce - now;
      wait = std::min(wait, std::max(left, Clock::duration::zero()));
    }
    return std::max(wait, Clock::duration(std::chrono::milliseconds(1)));
  }

  void Run() {
    const bool watching =
        !options_.watch.empty() && options_.poll_interval.count() > 0;
    std::unique_lock<std::mutex> lock(mu_);
    while (!stop_) {
      if (watching) {
        wake_.wait_for(lock, WaitTime(Clock::now()),
                       [this] { return stop_ || requested_; });
      } else {
        wake_.wait(lock, [this] { return stop_ || requested_; });
      }
      if (stop_) break;
      try {
        if (watching && PollFiles(Clock::now())) requested_ = true;
      } catch (const std::bad_alloc&) {
        // Out of memory taking a snapshot of the files: looked at again at
        // the next poll, never unwound through this thread.
      }
      if (!requested_) continue;
      requested_ = false;
      building_ = true;
      lock.unlock();
      {
        std::lock_guard<std::mutex> build(build_mu_);
        // A failure is kept in last_error_ and given to on_reload (or
        // printed); the engine in use stays.
        BuildAndSwap().IgnoreError();
      }
      lock.lock();
      building_ = false;
      idle_.notify_all();
    }
    building_ = false;
    requested_ = false;
    idle_.notify_all();
  }

  const EngineBuilder builder_;
  const ReloadOptions options_;
  const std::shared_ptr<const KeywordFileList> keyword_files_;
  // The engine in use. A mutex held only to copy or swap the pointer (no
  // compile ever holds it), not std::atomic<std::shared_ptr>: libstdc++
  // 12's load() unlocks with a relaxed store, which TSan reports and which
  // is not ordered on weakly ordered CPUs.
  mutable std::mutex current_mu_;
  std::shared_ptr<const Engine> current_;
  std::atomic<uint64_t> generation_{0};

  std::mutex build_mu_;  // one build at a time
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  bool stop_ = false;
  bool requested_ = false;
  bool building_ = false;
  int reloading_ = 0;  // Reload() calls building on their callers' threads
  absl::Status last_error_;
  // Polling state (background thread, under mu_).
  std::vector<FileState> seen_;           // of options_.watch
  std::vector<FileState> seen_keywords_;  // of keyword_files_
  uint64_t keyword_version_ = 0;          // the list seen_keywords_ is of
  std::optional<Clock::time_point> changed_at_;

  std::thread thread_;
};

}  // namespace internal

ReloadingEngine::ReloadingEngine(std::unique_ptr<internal::ReloaderState> state)
    : state_(std::move(state)) {}

ReloadingEngine::~ReloadingEngine() = default;

absl::StatusOr<std::unique_ptr<ReloadingEngine>> ReloadingEngine::Create(
    EngineBuilder builder, ReloadOptions options) {
  return CreateWatching(std::move(builder), std::move(options), nullptr);
}

absl::StatusOr<std::unique_ptr<ReloadingEngine>>
ReloadingEngine::CreateWatching(
    EngineBuilder builder, ReloadOptions options,
    std::shared_ptr<const internal::KeywordFileList> keyword_files) {
  if (!builder) return absl::InvalidArgumentError("no engine builder");
  if (!options.watch.empty() && options.poll_interval.count() <= 0) {
    return absl::InvalidArgumentError(
        "ReloadOptions: watching needs a poll_interval above 0");
  }
  if (options.debounce.count() < 0) {
    return absl::InvalidArgumentError(
        "ReloadOptions: the debounce cannot be negative");
  }
  // Taken before the first build reads the files: a change made while it
  // runs (a first compile takes seconds) is then seen and reloaded.
  std::vector<internal::FileState> seen;
  if (!options.watch.empty()) seen = internal::SnapshotFiles(options.watch);
  absl::StatusOr<std::shared_ptr<const Engine>> first =
      internal::CallBuilder(builder);
  if (!first.ok()) return first.status();
  auto state = std::make_unique<internal::ReloaderState>(
      std::move(builder), std::move(options), *std::move(first),
      std::move(seen), std::move(keyword_files));
  state->Start();
  return std::unique_ptr<ReloadingEngine>(
      new ReloadingEngine(std::move(state)));
}

absl::StatusOr<std::unique_ptr<ReloadingEngine>> ReloadingEngine::FromPaths(
    std::vector<std::string> paths, EngineOptions engine_options,
    ReloadOptions options) {
  // With a watch, the keyword files of the packs are watched too.
  auto keyword_files = options.watch.empty()
                           ? nullptr
                           : std::make_shared<internal::KeywordFileList>();
  EngineBuilder builder =
      [paths = std::move(paths), engine_options,
       keyword_files]() -> absl::StatusOr<std::shared_ptr<const Engine>> {
    absl::StatusOr<RuleSet> rules = LoadRules(paths);
    if (keyword_files != nullptr) {
      if (rules.ok()) {
        keyword_files->Record(rules->KeywordFiles());
      } else if (auto where = GetRuleErrorLocation(rules.status())) {
        keyword_files->RecordFailure(where->path);
        // A keywords_file that is missing: creating it reloads.
        keyword_files->RecordFailure(where->unread_file);
      }
    }
    if (!rules.ok()) return rules.status();
    // Packs that lost their rules (a deployment that left only the
    // taxonomy file) would swap in an engine that screens nothing.
    LEXGATE_RETURN_IF_ERROR(RequireRules(*rules, paths));
    return Engine::Compile(*rules, engine_options);
  };
  return CreateWatching(std::move(builder), std::move(options),
                        std::move(keyword_files));
}

std::shared_ptr<const Engine> ReloadingEngine::engine() const {
  return state_->engine();
}

absl::StatusOr<ScanResult> ReloadingEngine::Scan(std::string_view text) const {
  return engine()->Scan(text);
}

absl::StatusOr<Stream> ReloadingEngine::OpenStream(
    const StreamOptions& options) const {
  return engine()->OpenStream(options);
}

void ReloadingEngine::RequestReload() { state_->RequestReload(); }
absl::Status ReloadingEngine::Reload() { return state_->Reload(); }
absl::Status ReloadingEngine::WaitIdle() const { return state_->WaitIdle(); }
uint64_t ReloadingEngine::generation() const { return state_->generation(); }
absl::Status ReloadingEngine::last_error() const {
  return state_->last_error();
}

}  // namespace lexgate
