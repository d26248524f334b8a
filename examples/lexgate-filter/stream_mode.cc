#include "stream_mode.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "json_io.h"
#include "json_schema.h"
#include "jsonl.h"
#include "lexgate/stream.h"
#include "line_io.h"
#include "nlohmann/json.hpp"
#include "stream_events.h"

namespace lexgate_filter {
namespace {

using nlohmann::ordered_json;

struct OpenStream {
  ordered_json id;
  lexgate::Stream stream;
  size_t order;  // when it was opened, to finish leftovers in order
  bool announced_block = false;  // {"id":…,"blocked":true} written
};

class StreamEvents {
 public:
  StreamEvents(const lexgate::Engine& engine, const Options& options,
               Output& out)
      : engine_(engine),
        options_(options.stream),
        max_streams_(options.max_streams),
        out_(out) {}

  // False if streams cannot be opened at all (the error is on stderr).
  bool CheckEngine() {
    absl::StatusOr<lexgate::Stream> probe = engine_.OpenStream(options_);
    if (probe.ok()) return true;
    std::fprintf(stderr, "lexgate-filter: --stream: %s\n",
                 std::string(probe.status().message()).c_str());
    return false;
  }

  void OnLine(std::string_view line) {
    if (IsBlankLine(line)) return;
    StreamEvent event = ParseStreamEvent(line);
    if (!event.error.empty()) {
      Error(event.id ? &*event.id : nullptr, event.error);
      return;
    }
    OpenStream* s = Find(event);
    if (s == nullptr) return;  // error already written
    if (event.delta.has_value()) {
      Emit(s->id, s->stream.Feed(*event.delta));
      AnnounceBlock(s);
    }
    if (event.done) Close(event.key, nullptr);
  }

  // Finishes the streams that never got "done".
  void FinishAll() {
    std::vector<std::pair<size_t, std::string>> left;
    for (const auto& [key, s] : streams_) left.push_back({s.order, key});
    std::sort(left.begin(), left.end());
    for (const auto& [order, key] : left) {
      Close(key, "input ended before done");
    }
  }

  bool blocked() const { return blocked_; }
  // Events rejected and streams cut short: any makes the exit status 2.
  uint64_t errors() const { return errors_; }

 private:
  OpenStream* Find(StreamEvent& event) {
    auto it = streams_.find(event.key);
    if (it != streams_.end()) return &it->second;
    // Every open stream holds its hold-back and matches: without a cap, a
    // client that never sends "done" would grow the process without bound.
    if (streams_.size() >= max_streams_) {
      Error(&*event.id,
            absl::StrCat("too many open streams (--max-streams ", max_streams_,
                         "); finish one with \"done\" first"));
      return nullptr;
    }
    absl::StatusOr<lexgate::Stream> stream = engine_.OpenStream(options_);
    if (!stream.ok()) {
      Error(&*event.id, std::string(stream.status().message()));
      return nullptr;
    }
    return &streams_
                .emplace(event.key,
                         OpenStream{std::move(*event.id), std::move(*stream),
                                    next_order_++})
                .first->second;
  }

  void Close(const std::string& key, const char* error) {
    auto it = streams_.find(key);
    OpenStream& s = it->second;
    Emit(s.id, s.stream.Finish());
    AnnounceBlock(&s);
    ordered_json final_event = Event(s.id);
    final_event["done"] = true;
    final_event["verdict"] =
        std::string(lexgate::ActionName(s.stream.verdict()));
    final_event["matches"] =
        MatchesJson(s.stream.matches(), s.stream.char_spans());
    if (error != nullptr) {
      final_event["error"] = error;
      ++errors_;
    } else if (!s.stream.status().ok()) {
      final_event["error"] = std::string(s.stream.status().message());
      ++errors_;
    }
    blocked_ |= s.stream.verdict() == lexgate::Action::kBlock;
    Write(final_event);
    streams_.erase(it);
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

  const lexgate::Engine& engine_;
  const lexgate::StreamOptions options_;
  const size_t max_streams_;
  Output& out_;
  std::map<std::string, OpenStream> streams_;  // by StreamEvent::key
  size_t next_order_ = 0;
  bool blocked_ = false;
  uint64_t errors_ = 0;
};

}  // namespace

int RunStreamEvents(const lexgate::Engine& engine, const Options& options) {
  Output out;
  StreamEvents events(engine, options, out);
  if (!events.CheckEngine()) return 2;
  out.Append(DumpJson(HeaderJson(engine)));
  out.EndLine();
  bool inputs_ok = ForEachLine(
      options.inputs, out, [&](std::string_view line) { events.OnLine(line); });
  events.FinishAll();
  out.Flush();
  if (!inputs_ok || !out.ok() || events.errors() > 0) return 2;
  if (options.check && events.blocked()) return 1;
  return 0;
}

}  // namespace lexgate_filter
