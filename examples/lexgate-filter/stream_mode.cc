#include "stream_mode.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jsonl.h"
#include "lexgate/stream.h"
#include "line_io.h"
#include "nlohmann/json.hpp"
#include "utf8_offsets.h"

namespace lexgate_filter {
namespace {

using nlohmann::ordered_json;

struct OpenStream {
  ordered_json id;
  lexgate::Stream stream;
  std::string text;  // everything fed, for code-point offsets at the end
  size_t order;      // when it was opened, to finish leftovers in order
  bool announced_block = false;  // {"id":…,"blocked":true} written
};

class StreamEvents {
 public:
  StreamEvents(const lexgate::Engine& engine,
               const lexgate::StreamOptions& options, Output& out)
      : engine_(engine), options_(options), out_(out) {}

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
    ordered_json event;
    try {
      event = ordered_json::parse(line);
    } catch (const ordered_json::parse_error& e) {
      Error(nullptr, "invalid JSON (parse error at byte " +
                         std::to_string(e.byte) + ")");
      return;
    }
    if (!event.is_object() || !event.contains("id")) {
      Error(nullptr, "an event needs an \"id\"");
      return;
    }
    const ordered_json& id = event["id"];
    const auto delta = event.find("delta");
    const auto done = event.find("done");
    if (delta != event.end() && !delta->is_string()) {
      Error(&id, "\"delta\" is not a string");
    } else if (done != event.end() && *done != true) {
      Error(&id, "\"done\" must be true");
    } else if (delta == event.end() && done == event.end()) {
      Error(&id, "an event needs \"delta\" or \"done\"");
    } else {
      OpenStream* s = Find(id);
      if (s == nullptr) return;  // error already written
      if (delta != event.end()) {
        const std::string& text = delta->get_ref<const std::string&>();
        s->text += text;
        Emit(s->id, s->stream.Feed(text));
        AnnounceBlock(s);
      }
      if (done != event.end()) Close(id.dump(), nullptr);
    }
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

 private:
  OpenStream* Find(const ordered_json& id) {
    const std::string key = id.dump();
    auto it = streams_.find(key);
    if (it != streams_.end()) return &it->second;
    absl::StatusOr<lexgate::Stream> stream = engine_.OpenStream(options_);
    if (!stream.ok()) {
      Error(&id, std::string(stream.status().message()));
      return nullptr;
    }
    return &streams_
                .emplace(key,
                         OpenStream{id, std::move(*stream), "", next_order_++})
                .first->second;
  }

  void Close(const std::string& key, const char* error) {
    auto it = streams_.find(key);
    OpenStream& s = it->second;
    Emit(s.id, s.stream.Finish());
    AnnounceBlock(&s);
    ordered_json final_event = ordered_json::object();
    final_event["id"] = s.id;
    final_event["done"] = true;
    final_event["verdict"] =
        std::string(lexgate::ActionName(s.stream.verdict()));
    final_event["matches"] = MatchesJson(s.text, s.stream.matches(), &offsets_);
    if (error != nullptr) {
      final_event["error"] = error;
    } else if (!s.stream.status().ok()) {
      final_event["error"] = std::string(s.stream.status().message());
    }
    blocked_ |= s.stream.verdict() == lexgate::Action::kBlock;
    Write(final_event);
    streams_.erase(it);
  }

  // The moment a stream is blocked, so that the caller can stop the model.
  void AnnounceBlock(OpenStream* s) {
    if (!s->stream.blocked() || s->announced_block) return;
    s->announced_block = true;
    ordered_json event = ordered_json::object();
    event["id"] = s->id;
    event["blocked"] = true;
    if (!s->stream.status().ok()) {
      event["error"] = std::string(s->stream.status().message());
    }
    Write(event);
    out_.Flush();
  }

  void Emit(const ordered_json& id, const std::string& text) {
    if (text.empty()) return;
    ordered_json event = ordered_json::object();
    event["id"] = id;
    event["emit"] = text;
    Write(event);
  }

  void Error(const ordered_json* id, const std::string& message) {
    ordered_json event = ordered_json::object();
    if (id != nullptr) event["id"] = *id;
    event["error"] = message;
    Write(event);
  }

  void Write(const ordered_json& event) {
    out_.Append(DumpJsonl(event));
    out_.EndLine();
  }

  const lexgate::Engine& engine_;
  const lexgate::StreamOptions options_;
  Output& out_;
  std::map<std::string, OpenStream> streams_;  // by the id's JSON text
  size_t next_order_ = 0;
  CodePointOffsets offsets_;
  bool blocked_ = false;
};

}  // namespace

int RunStreamEvents(const lexgate::Engine& engine, const Options& options) {
  Output out;
  StreamEvents events(engine, options.stream, out);
  if (!events.CheckEngine()) return 2;
  bool inputs_ok = ForEachLine(
      options.inputs, out, [&](std::string_view line) { events.OnLine(line); });
  events.FinishAll();
  out.Flush();
  if (!inputs_ok || !out.ok()) return 2;
  if (options.check && events.blocked()) return 1;
  return 0;
}

}  // namespace lexgate_filter
