#include "stream_mode.h"

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "json_io.h"
#include "json_schema.h"
#include "jsonl.h"
#include "lexgate/reloading_engine.h"
#include "lexgate/stream.h"
#include "line_io.h"
#include "nlohmann/json.hpp"
#include "rule_paths.h"
#include "stream_events.h"

namespace lexgate_filter {
namespace {

using nlohmann::ordered_json;

struct OpenStream {
  ordered_json id;
  lexgate::Stream stream;
  std::string fingerprint;  // of the engine the stream runs on
  size_t order;             // when it was opened, to finish leftovers in order
  bool announced_block = false;  // {"id":…,"blocked":true} written
};

// A stream that lost an event (StreamEvents::Fail).
struct FailedStream {
  ordered_json id;
  std::string error;  // for its events: which event was lost, and why
};

// Why a run stops: Fail() past --max-streams lost streams, or
// RememberEndedBlocked() past kEndedBlockedPerStream times --max-streams
// streams that ended blocked and still wait for their last "done".
constexpr char kTooManyLost[] = "more streams lost events than --max-streams";
constexpr size_t kEndedBlockedPerStream = 100;
constexpr char kTooManyEndedBlocked[] =
    "more streams ended blocked within --blocked-id-ttl without the "
    "\"done\" that ends their dropped events than 100 times --max-streams";
// The error of the "done" that ends the events of an id after its stream
// ended blocked.
constexpr char kAfterBlockedDone[] =
    "the stream of this id ended blocked: the events after its done were "
    "dropped";

class StreamEvents {
 public:
  // New streams open on holder.engine(), the rules current at that moment.
  StreamEvents(const lexgate::ReloadingEngine& holder, const Options& options,
               AuditLog* audit, Output& out)
      : holder_(holder),
        options_(options.stream),
        max_streams_(options.max_streams),
        blocked_id_ttl_(std::chrono::seconds(options.blocked_id_seconds)),
        audit_(audit),
        out_(out) {}

  // Returns false when no more input may be read (see Fail()).
  bool OnLine(std::string_view line) {
    if (read_started_.has_value()) {
      waited_ += std::chrono::steady_clock::now() - *read_started_;
      read_started_.reset();
    }
    HandleLine(line);
    return !stopped_;
  }

  // The input is about to be read (all output flushed): the time until
  // the next line is time spent waiting for the caller, or reading.
  void BeforeRead() { read_started_ = std::chrono::steady_clock::now(); }

  // Ends the streams that never got "done". Each is cut short: the rest
  // of its text never came, and what it holds back could be the start of a
  // match that rest would have completed, so it is blocked and releases
  // nothing more (as a stream that lost an event).
  void FinishAll() {
    const std::string why =
        stopped_ ? absl::StrCat("input not read to the end (", stop_note_, ")")
                 : "input ended before done";
    for (const std::string& key : OpenKeysInOrder()) {
      Close(key, why.c_str(), /*cut_short=*/true);
    }
    while (!failed_.empty()) CloseFailed(failed_.begin());
  }

  bool blocked() const { return blocked_; }
  // Why the run stopped before the end of its input ("" if it did not).
  const std::string& stopped() const { return stop_reason_; }
  // Events rejected and streams cut short: any makes the exit status 2.
  uint64_t errors() const { return errors_; }

 private:
  void HandleLine(std::string_view line) {
    if (IsBlankLine(line)) return;
    ForgetExpiredEndedBlocked();
    StreamEvent event = ParseStreamEvent(line);
    if (!event.error.empty()) {
      Error(event.id ? &*event.id : nullptr, event.error);
      if (event.id && ended_blocked_.count(event.key) != 0) {
        return;  // in flight after a blocked stream's done: dropped anyway
      }
      if (event.id) {
        Fail(*event.id, event.key, event.error);
      } else {
        FailEveryOpenStream(event.error);
      }
      return;
    }
    if (auto failed = failed_.find(event.key); failed != failed_.end()) {
      // Its text has a hole: nothing more of it is released or scanned.
      if (event.done) CloseFailed(failed);
      return;
    }
    if (ended_blocked_.count(event.key) != 0) {
      // Text the model wrote after its answer was blocked and ended (still
      // in flight when the caller sent "done"): dropped, not screened as a
      // new answer, until the next "done" of this id.
      if (event.done) {
        ForgetEndedBlocked(event.key);
        WriteFailedDone(*event.id, kAfterBlockedDone);
      }
      return;
    }
    OpenStream* s = Find(event);
    if (s == nullptr) return;  // error already written, stream failed
    if (event.delta.has_value()) {
      Emit(s->id, s->stream.Feed(*event.delta));
      AnnounceBlock(s);
    }
    if (event.done) Close(event.key, nullptr);
  }

  OpenStream* Find(StreamEvent& event) {
    auto it = streams_.find(event.key);
    if (it != streams_.end()) return &it->second;
    // Every open stream holds its hold-back and matches: without a cap, a
    // client that never sends "done" would grow the process without bound.
    if (streams_.size() >= max_streams_) {
      const std::string message =
          absl::StrCat("too many open streams (--max-streams ", max_streams_,
                       "); finish one with \"done\" first");
      Error(&*event.id, message);
      Fail(*event.id, event.key, message);
      return nullptr;
    }
    std::shared_ptr<const lexgate::Engine> engine = holder_.engine();
    absl::StatusOr<lexgate::Stream> stream = engine->OpenStream(options_);
    if (!stream.ok()) {
      const std::string message(stream.status().message());
      Error(&*event.id, message);
      Fail(*event.id, event.key, message);
      return nullptr;
    }
    return &streams_
                .emplace(event.key,
                         OpenStream{std::move(*event.id), std::move(*stream),
                                    engine->fingerprint(), next_order_++})
                .first->second;
  }

  // Ends stream `key`: by its "done" (error null), or `cut_short` (error
  // says why) with its hold-back kept back and its verdict block.
  void Close(const std::string& key, const char* error,
             bool cut_short = false) {
    auto it = streams_.find(key);
    OpenStream& s = it->second;
    if (!cut_short) {
      Emit(s.id, s.stream.Finish());
      AnnounceBlock(&s);
    }
    const bool blocked =
        cut_short || s.stream.verdict() == lexgate::Action::kBlock;
    ordered_json final_event = Event(s.id);
    final_event["done"] = true;
    final_event["verdict"] =
        cut_short ? "block"
                  : std::string(lexgate::ActionName(s.stream.verdict()));
    final_event["matches"] = ordered_json::array();
    if (cut_short) {
      final_event["error"] =
          absl::StrCat(error,
                       ": the stream is blocked, what it held back is "
                       "not released");
    } else if (error != nullptr) {
      final_event["error"] = error;
    } else if (!s.stream.status().ok()) {
      final_event["error"] = std::string(s.stream.status().message());
    }
    if (final_event.contains("error")) ++errors_;
    // The matches written one at a time (a long stream may end with
    // hundreds of thousands of them).
    std::string line;
    AppendJson(final_event,
               {&final_event["matches"],
                [&s](std::string* to) {
                  AppendMatchesJson(s.stream.matches(), s.stream.char_spans(),
                                    to);
                }},
               &line);
    WriteAudit(s);
    blocked_ |= blocked;
    out_.Append(line);
    out_.EndLine();
    if (blocked && !cut_short) RememberEndedBlocked(key);
    streams_.erase(it);
  }

  // An event whose stream cannot be told (no "id" could be read from it):
  // any open stream may have lost it, so every one fails (Fail()).
  void FailEveryOpenStream(const std::string& why) {
    const std::string reason =
        absl::StrCat("an event without a readable \"id\": ", why);
    for (const std::string& key : OpenKeysInOrder()) {
      if (stopped_) break;
      const ordered_json id = streams_.at(key).id;
      Fail(id, key, reason);
    }
  }

  // The keys of the open streams, in the order they were opened.
  std::vector<std::string> OpenKeysInOrder() const {
    std::vector<std::pair<size_t, std::string>> open;
    for (const auto& [key, s] : streams_) open.push_back({s.order, key});
    std::sort(open.begin(), open.end());
    std::vector<std::string> keys;
    for (auto& [order, key] : open) keys.push_back(std::move(key));
    return keys;
  }

  // The ids of streams that ended blocked, until the "done" that ends the
  // events still in flight for them, or --blocked-id-ttl after their own
  // done. Within that time none is forgotten, however many others end
  // blocked: the text of one forgotten would open a new stream and be
  // released, though it continues a blocked answer (the key after its PEM
  // header). Past the cap (memory for more ids than that) the run stops
  // instead, as Fail() does.
  //
  // Why a time: most callers use a new id per answer and never send that
  // second "done", so an id kept until then is kept for good, and a guard
  // that runs for weeks would stop once 100 x --max-streams answers had
  // been blocked. Text in flight is text the caller's model wrote before
  // it was stopped: it follows the done within moments, not minutes.
  // The time counted is time spent waiting for input (waited_), not time
  // spent screening or blocked writing output: a guard whose reader stalls
  // still has that text queued in its input, unread, however long ago the
  // done was read.
  void RememberEndedBlocked(const std::string& key) {
    const auto expires = waited_ + blocked_id_ttl_;
    const uint64_t generation = ++ended_blocked_generation_;
    ended_blocked_[key] = generation;
    ended_blocked_order_.push_back({key, generation, expires});
    // (Saturated: --max-streams may be any size_t.)
    const size_t cap = max_streams_ > SIZE_MAX / (4 * kEndedBlockedPerStream)
                           ? SIZE_MAX / 4
                           : kEndedBlockedPerStream * max_streams_;
    if (ended_blocked_order_.size() > 2 * cap) {
      // Ids remembered again, or ended by their second done, leave stale
      // entries behind: dropped here, so that the order stays within twice
      // the cap.
      std::erase_if(ended_blocked_order_, [this](const EndedBlocked& e) {
        const auto it = ended_blocked_.find(e.key);
        return it == ended_blocked_.end() || it->second != e.generation;
      });
    }
    if (ended_blocked_.size() > cap) {
      Stop(absl::StrCat(kTooManyEndedBlocked, " (", cap, ")"),
           "see the last stream that ended blocked");
    }
  }

  void ForgetEndedBlocked(const std::string& key) { ended_blocked_.erase(key); }

  // Forgets the ids remembered for longer than --blocked-id-ttl of waiting
  // for input, in the order they were remembered (an entry whose id was
  // forgotten or remembered again since is only dropped from the order).
  void ForgetExpiredEndedBlocked() {
    while (!ended_blocked_order_.empty() &&
           ended_blocked_order_.front().expires <= waited_) {
      const EndedBlocked& oldest = ended_blocked_order_.front();
      if (auto it = ended_blocked_.find(oldest.key);
          it != ended_blocked_.end() && it->second == oldest.generation) {
        ended_blocked_.erase(it);
      }
      ended_blocked_order_.pop_front();
    }
  }

  // No more input is read; the streams still open end as at the end of
  // the input, blocked.
  // `why` for stderr, `note` for the done events of the streams cut short.
  void Stop(std::string why, std::string note) {
    stopped_ = true;
    stop_reason_ = std::move(why);
    stop_note_ = std::move(note);
  }

  // A stream lost an event (a delta that is not valid JSON or UTF-8, a
  // stream that could not open): the text after the hole would be scanned
  // without the text in it, and what the stream holds back could be the
  // start of a match the hole cut. Fail closed: the stream is blocked at
  // once and releases nothing more, not even its hold-back; its later
  // events are ignored until its "done", which reports the error.
  //
  // The failed streams are remembered (to ignore their later events) up to
  // --max-streams of them. One more could not be told apart from a new
  // stream later: its later events would be screened without the lost one
  // and released. So the run stops instead: that stream is blocked and
  // ended here, no more input is read, and the streams still open end as
  // at the end of the input ("input ended before done").
  void Fail(const ordered_json& id, const std::string& key,
            const std::string& why) {
    if (failed_.count(key) != 0) return;
    if (auto open = streams_.find(key); open != streams_.end()) {
      WriteAudit(open->second);
      streams_.erase(open);
    }
    std::string error =
        absl::StrCat("an event of this stream was lost (", why, ")");
    ordered_json event = Event(id);
    event["blocked"] = true;
    event["error"] = absl::StrCat(error, ": the stream is blocked");
    Write(event);
    blocked_ = true;
    if (failed_.size() >= max_streams_) {
      WriteFailedDone(
          id, absl::StrCat(error, "; ", kTooManyLost, " (", max_streams_,
                           "): no more input is read"));
      Stop(absl::StrCat(kTooManyLost, " (", max_streams_, ")"),
           "see the lost stream");
    } else {
      failed_.emplace(key, FailedStream{id, std::move(error)});
    }
    out_.Flush();
  }

  void CloseFailed(std::map<std::string, FailedStream>::iterator it) {
    WriteFailedDone(it->second.id, it->second.error);
    failed_.erase(it);
  }

  // The done event of a stream that lost an event.
  void WriteFailedDone(const ordered_json& id, const std::string& error) {
    ordered_json final_event = Event(id);
    final_event["done"] = true;
    final_event["verdict"] = "block";
    final_event["matches"] = ordered_json::array();
    final_event["error"] = error;
    ++errors_;
    Write(final_event);
  }

  // The stream's audit records (--audit-key-file), once, when it ends.
  void WriteAudit(const OpenStream& s) {
    if (audit_ != nullptr && !audit_->Write(s.stream, s.fingerprint, s.id)) {
      ++errors_;
    }
  }

  // The moment a stream is blocked, so that the caller can stop the model.
  void AnnounceBlock(OpenStream* s) {
    if (!s->stream.blocked() || s->announced_block) return;
    s->announced_block = true;
    ordered_json event = Event(s->id);
    event["blocked"] = true;
    if (!s->stream.status().ok()) {
      event["error"] = std::string(s->stream.status().message());
    }
    Write(event);
    out_.Flush();
  }

  void Emit(const ordered_json& id, const std::string& text) {
    if (text.empty()) return;
    ordered_json event = Event(id);
    event["emit"] = text;
    Write(event);
  }

  void Error(const ordered_json* id, const std::string& message) {
    ++errors_;
    ordered_json event = ordered_json::object();
    event["v"] = kSchemaVersion;
    if (id != nullptr) event["id"] = *id;
    event["error"] = message;
    Write(event);
  }

  // An output event of stream `id`, with the schema version first.
  static ordered_json Event(const ordered_json& id) {
    ordered_json event = ordered_json::object();
    event["v"] = kSchemaVersion;
    event["id"] = id;
    return event;
  }

  void Write(const ordered_json& event) {
    out_.Append(DumpJson(event));
    out_.EndLine();
  }

  const lexgate::ReloadingEngine& holder_;
  const lexgate::StreamOptions options_;
  const size_t max_streams_;
  const std::chrono::steady_clock::duration blocked_id_ttl_;
  AuditLog* const audit_;
  Output& out_;
  std::map<std::string, OpenStream> streams_;   // by StreamEvent::key
  std::map<std::string, FailedStream> failed_;  // the same, Fail()ed
  // Streams that ended blocked (RememberEndedBlocked): key -> the
  // generation of its entry in ended_blocked_order_, oldest first.
  struct EndedBlocked {
    std::string key;
    uint64_t generation;
    std::chrono::steady_clock::duration expires;  // in waited_ time
  };
  absl::flat_hash_map<std::string, uint64_t> ended_blocked_;
  std::deque<EndedBlocked> ended_blocked_order_;
  uint64_t ended_blocked_generation_ = 0;
  // Time spent waiting for input so far (the clock of --blocked-id-ttl),
  // and when the read in progress started.
  std::chrono::steady_clock::duration waited_{};
  std::optional<std::chrono::steady_clock::time_point> read_started_;
  size_t next_order_ = 0;
  bool blocked_ = false;
  bool stopped_ = false;  // by Stop(): no more input is read
  std::string stop_reason_;
  std::string stop_note_;
  uint64_t errors_ = 0;
};

// Reloads the rules on SIGHUP: SIGHUP is blocked in every thread (before
// the holder starts its own) and taken by one thread with sigwait(), which
// asks the holder for a reload. Stop() ends it.
class SighupReloader {
 public:
  // Call before any other thread starts.
  static void BlockSighup() {
    sigset_t set = Set();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
  }

  explicit SighupReloader(lexgate::ReloadingEngine* holder)
      : thread_([this, holder] {
          const sigset_t set = Set();
          for (;;) {
            int signal = 0;
            if (sigwait(&set, &signal) != 0) continue;
            if (stop_.load()) return;
            holder->RequestReload();
          }
        }) {}

  ~SighupReloader() {
    stop_.store(true);
    pthread_kill(thread_.native_handle(), SIGHUP);
    thread_.join();
  }

 private:
  static sigset_t Set() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGHUP);
    return set;
  }

  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// The rules as --rules gives them, compiled for streaming; an engine that
// cannot open a stream (a rule with normalize = false) is an error, so that
// a reload to such rules keeps the old ones.
absl::StatusOr<std::shared_ptr<const lexgate::Engine>> BuildStreamingEngine(
    const Options& options) {
  absl::StatusOr<LoadedRules> loaded = LoadEngine(options, /*streaming=*/true);
  if (!loaded.ok()) return loaded.status();
  absl::StatusOr<lexgate::Stream> probe =
      loaded->engine->OpenStream(options.stream);
  if (!probe.ok()) {
    return absl::Status(probe.status().code(),
                        absl::StrCat("--stream: ", probe.status().message()));
  }
  return loaded->engine;
}

void ReportReload(const absl::Status& status,
                  const std::shared_ptr<const lexgate::Engine>& engine) {
  if (status.ok()) {
    std::fprintf(stderr, "%s: rules reloaded (engine %s)\n", kProgramName,
                 engine->fingerprint().c_str());
  } else {
    std::fprintf(stderr, "%s: reload failed, keeping engine %s: %s\n",
                 kProgramName, engine->fingerprint().c_str(),
                 std::string(status.message()).c_str());
  }
}

}  // namespace

int RunStreamEvents(const Options& options, AuditLog* audit) {
  SighupReloader::BlockSighup();
  lexgate::ReloadOptions reload;
  reload.on_reload = ReportReload;
  absl::StatusOr<std::unique_ptr<lexgate::ReloadingEngine>> holder =
      lexgate::ReloadingEngine::Create(
          [&options] { return BuildStreamingEngine(options); },
          std::move(reload));
  if (!holder.ok()) {
    std::fprintf(stderr, "%s: %s\n", kProgramName,
                 std::string(holder.status().message()).c_str());
    return 2;
  }
  SighupReloader reloader(holder->get());
  Output out;
  StreamEvents events(**holder, options, audit, out);
  // The header names the engine the run starts with; a reload reports its
  // own fingerprint on stderr.
  out.Append(DumpJson(HeaderJson(*(*holder)->engine())));
  out.EndLine();
  bool inputs_ok = ForEachLine(
      options.inputs, out,
      [&](std::string_view line) { return events.OnLine(line); },
      [&events] { events.BeforeRead(); });
  if (!events.stopped().empty()) {
    std::fprintf(stderr, "%s: --stream: %s: input not read to the end\n",
                 kProgramName, events.stopped().c_str());
  }
  events.FinishAll();
  out.Flush();
  // A run whose last reload failed served rules other than those on disk:
  // its exit status says so, as stderr did when it happened.
  const absl::Status reload_error = (*holder)->last_error();
  if (!reload_error.ok()) {
    std::fprintf(stderr,
                 "%s: --stream: the last reload failed; the run ended on "
                 "engine %s: %s\n",
                 kProgramName, (*holder)->engine()->fingerprint().c_str(),
                 std::string(reload_error.message()).c_str());
  }
  if (!inputs_ok || !out.ok() || events.errors() > 0 ||
      !events.stopped().empty() || !reload_error.ok()) {
    return 2;
  }
  if (options.check && events.blocked()) return 1;
  return 0;
}

}  // namespace lexgate_filter
