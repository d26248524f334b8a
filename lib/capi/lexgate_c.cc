// The C API (lexgate/lexgate_c.h): thin wrappers that call the C++ API,
// turn every absl::Status into a code and a message, and keep C++
// exceptions (std::bad_alloc from a string copy) on this side.
#include "lexgate/lexgate_c.h"

#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "base/status_macros.h"
#include "lexgate/default_rules.h"
#include "lexgate/engine.h"
#include "lexgate/load_rules.h"
#include "lexgate/status.h"
#include "lexgate/stream.h"
#include "lexgate/version.h"

struct lexgate_engine {
  std::shared_ptr<const lexgate::Engine> engine;
};

struct lexgate_result {
  lexgate::ScanResult result;
  std::vector<lexgate_match> matches;  // point into result.matches' strings
};

struct lexgate_stream {
  lexgate::Stream stream;
  // lexgate_stream_finish() was called: a later delta is an error, not
  // silently dropped (the caller would never learn it went unscreened).
  bool finished = false;
  // Set when released text could not be handed out (no memory to copy it):
  // that text is lost, so the stream is blocked from then on, as a
  // lexgate::Stream that cannot finish is. A flag, not a status: setting it
  // must not allocate, memory having just run out.
  bool lost = false;
  // The status message, made on first request by lexgate_stream_error().
  mutable std::string error;
};

namespace {

// A malloc'ed, NUL-terminated copy of `bytes`, so that C callers free it
// with lexgate_string_free() (free()); nullptr when out of memory.
char* CopyOut(std::string_view bytes) {
  char* copy = static_cast<char*>(std::malloc(bytes.size() + 1));
  if (copy == nullptr) return nullptr;
  if (!bytes.empty()) std::memcpy(copy, bytes.data(), bytes.size());
  copy[bytes.size()] = '\0';
  return copy;
}

lexgate_code Fail(const absl::Status& status, char** error) {
  if (error != nullptr) *error = CopyOut(lexgate::StatusMessage(status));
  return static_cast<lexgate_code>(status.code());
}

lexgate_code OutOfMemory(char** error) {
  return Fail(absl::ResourceExhaustedError("out of memory"), error);
}

// Runs `body` (which returns a status) with every exception turned into a
// code: nothing may unwind into C.
template <typename Body>
lexgate_code Guard(char** error, Body&& body) {
  try {
    absl::Status status = body();
    return status.ok() ? LEXGATE_OK : Fail(status, error);
  } catch (const std::bad_alloc&) {
    return OutOfMemory(error);
  } catch (const std::exception& e) {
    return Fail(absl::InternalError(e.what()), error);
  } catch (...) {
    return Fail(absl::InternalError("unknown exception"), error);
  }
}

// Copies `bytes` out to *out and *out_length.
absl::Status Output(std::string_view bytes, char** out, size_t* out_length) {
  char* copy = CopyOut(bytes);
  if (copy == nullptr) throw std::bad_alloc();
  *out = copy;
  if (out_length != nullptr) *out_length = bytes.size();
  return absl::OkStatus();
}

// Output() of text a stream released. Should it fail (no memory for the
// copy), that text is lost: the stream is blocked from then on (`lost`),
// so that nothing after the hole is shown as if it followed on, and the
// call reports the error. A blocked stream hands out nothing.
constexpr char kLostText[] =
    "out of memory handing out the text the stream released: that text is "
    "lost, so the stream is blocked";

absl::Status Release(lexgate_stream* stream, std::string_view released,
                     char** out, size_t* out_length) {
  if (stream->lost) released = {};
  try {
    return Output(released, out, out_length);
  } catch (const std::bad_alloc&) {
    stream->lost = true;
    throw;  // Guard() reports it: LEXGATE_RESOURCE_EXHAUSTED
  }
}

absl::Status NeedArgument(const void* pointer, const char* name) {
  if (pointer != nullptr) return absl::OkStatus();
  return absl::InvalidArgumentError(std::string(name) + " is NULL");
}

absl::Status Publish(std::shared_ptr<const lexgate::Engine> engine,
                     lexgate_engine** out) {
  *out = new lexgate_engine{std::move(engine)};
  return absl::OkStatus();
}

}  // namespace

extern "C" {

const char* lexgate_version(void) { return lexgate::Version(); }

void lexgate_string_free(char* string) { std::free(string); }

lexgate_code lexgate_engine_compile(const char* const* paths, size_t path_count,
                                    int streaming, lexgate_engine** engine,
                                    char** error) {
  return Guard(error, [&]() -> absl::Status {
    LEXGATE_RETURN_IF_ERROR(NeedArgument(engine, "engine"));
    if (path_count > 0) {
      LEXGATE_RETURN_IF_ERROR(NeedArgument(paths, "paths"));
    }
    std::vector<std::string> list;
    for (size_t i = 0; i < path_count; ++i) {
      LEXGATE_RETURN_IF_ERROR(NeedArgument(paths[i], "a path"));
      list.emplace_back(paths[i]);
    }
    LEXGATE_ASSIGN_OR_RETURN(lexgate::RuleSet rules, lexgate::LoadRules(list));
    LEXGATE_RETURN_IF_ERROR(lexgate::RequireRules(rules, list));
    lexgate::EngineOptions options;
    options.streaming = streaming != 0;
    LEXGATE_ASSIGN_OR_RETURN(auto compiled,
                             lexgate::Engine::Compile(rules, options));
    return Publish(std::move(compiled), engine);
  });
}

lexgate_code lexgate_default_rules_path(char** path, char** error) {
  return Guard(error, [&]() -> absl::Status {
    LEXGATE_RETURN_IF_ERROR(NeedArgument(path, "path"));
    LEXGATE_ASSIGN_OR_RETURN(std::string found, lexgate::DefaultRulesPath());
    return Output(found, path, nullptr);
  });
}

lexgate_code lexgate_engine_deserialize(const void* data, size_t size,
                                        lexgate_engine** engine, char** error) {
  return Guard(error, [&]() -> absl::Status {
    LEXGATE_RETURN_IF_ERROR(NeedArgument(engine, "engine"));
    if (size > 0) {
      LEXGATE_RETURN_IF_ERROR(NeedArgument(data, "data"));
    }
    LEXGATE_ASSIGN_OR_RETURN(auto restored,
                             lexgate::Engine::Deserialize(std::string_view(
                                 static_cast<const char*>(data), size)));
    return Publish(std::move(restored), engine);
  });
}

lexgate_code lexgate_engine_load(const char* path, lexgate_engine** engine,
                                 char** error) {
  return Guard(error, [&]() -> absl::Status {
    LEXGATE_RETURN_IF_ERROR(NeedArgument(engine, "engine"));
    LEXGATE_RETURN_IF_ERROR(NeedArgument(path, "path"));
    LEXGATE_ASSIGN_OR_RETURN(auto loaded, lexgate::Engine::Load(path));
    return Publish(std::move(loaded), engine);
  });
}

lexgate_code lexgate_engine_serialize(const lexgate_engine* engine, char** data,
                                      size_t* size, char** error) {
  return Guard(error, [&]() -> absl::Status {
    LEXGATE_RETURN_IF_ERROR(NeedArgument(engine, "engine"));
    LEXGATE_RETURN_IF_ERROR(NeedArgument(data, "data"));
    // The blob holds null bytes: without its size it is unusable.
    LEXGATE_RETURN_IF_ERROR(NeedArgument(size, "size"));
    return Output(engine->engine->Serialize(), data, size);
  });
}

const char* lexgate_engine_fingerprint(const lexgate_engine* engine) {
  return engine == nullptr ? "" : engine->engine->fingerprint().c_str();
}

void lexgate_engine_free(lexgate_engine* engine) { delete engine; }

lexgate_code lexgate_scan(const lexgate_engine* engine, const char* text,
                          size_t length, lexgate_result** result,
                          char** error) {
  return Guard(error, [&]() -> absl::Status {
    // NULL until the scan succeeds, whatever the caller left there: a
    // result that was never made reads as blocked, never as clean.
    if (result != nullptr) *result = nullptr;
    LEXGATE_RETURN_IF_ERROR(NeedArgument(engine, "engine"));
    LEXGATE_RETURN_IF_ERROR(NeedArgument(result, "result"));
    if (length > 0) {
      LEXGATE_RETURN_IF_ERROR(NeedArgument(text, "text"));
    }
    auto out = std::make_unique<lexgate_result>();
    LEXGATE_ASSIGN_OR_RETURN(
        out->result, engine->engine->Scan(std::string_view(text, length)));
    out->matches.reserve(out->result.matches.size());
    for (const lexgate::Match& m : out->result.matches) {
      out->matches.push_back({m.rule.c_str(), m.category.c_str(),
                              static_cast<lexgate_action>(m.action), m.severity,
                              m.start, m.end});
    }
    *result = out.release();
    return absl::OkStatus();
  });
}

// A NULL result or stream (a failed scan or open whose code was not
// checked) reads as blocked: fail closed.
lexgate_action lexgate_result_verdict(const lexgate_result* result) {
  return result == nullptr
             ? LEXGATE_BLOCK
             : static_cast<lexgate_action>(result->result.verdict);
}

size_t lexgate_result_count(const lexgate_result* result) {
  return result == nullptr ? 0 : result->matches.size();
}

const lexgate_match* lexgate_result_matches(const lexgate_result* result) {
  if (result == nullptr || result->matches.empty()) return nullptr;
  return result->matches.data();
}

void lexgate_result_free(lexgate_result* result) { delete result; }

lexgate_code lexgate_redact(const lexgate_engine* engine, const char* text,
                            size_t length, char** redacted,
                            size_t* redacted_length, char** error) {
  return Guard(error, [&]() -> absl::Status {
    LEXGATE_RETURN_IF_ERROR(NeedArgument(engine, "engine"));
    LEXGATE_RETURN_IF_ERROR(NeedArgument(redacted, "redacted"));
    if (length > 0) {
      LEXGATE_RETURN_IF_ERROR(NeedArgument(text, "text"));
    }
    LEXGATE_ASSIGN_OR_RETURN(
        std::string out,
        engine->engine->Redact(std::string_view(text, length)));
    return Output(out, redacted, redacted_length);
  });
}

lexgate_code lexgate_stream_open(const lexgate_engine* engine,
                                 lexgate_stream** stream, char** error) {
  return Guard(error, [&]() -> absl::Status {
    LEXGATE_RETURN_IF_ERROR(NeedArgument(engine, "engine"));
    LEXGATE_RETURN_IF_ERROR(NeedArgument(stream, "stream"));
    LEXGATE_ASSIGN_OR_RETURN(lexgate::Stream opened,
                             engine->engine->OpenStream());
    *stream = new lexgate_stream{std::move(opened), /*finished=*/false,
                                 /*lost=*/false, /*error=*/""};
    return absl::OkStatus();
  });
}

lexgate_code lexgate_stream_feed(lexgate_stream* stream, const char* delta,
                                 size_t length, char** out, size_t* out_length,
                                 char** error) {
  return Guard(error, [&]() -> absl::Status {
    LEXGATE_RETURN_IF_ERROR(NeedArgument(stream, "stream"));
    LEXGATE_RETURN_IF_ERROR(NeedArgument(out, "out"));
    if (length > 0) {
      LEXGATE_RETURN_IF_ERROR(NeedArgument(delta, "delta"));
    }
    if (stream->finished && length > 0) {
      // Stream::Feed() blocks the stream (with its status), so that a
      // caller polling lexgate_stream_blocked() sees the mistake too; an
      // empty delta changes nothing there.
      stream->stream.Feed(std::string_view(delta, length));
      return absl::FailedPreconditionError(
          "the stream is finished: a delta after lexgate_stream_finish() "
          "would never be screened");
    }
    return Release(stream, stream->stream.Feed(std::string_view(delta, length)),
                   out, out_length);
  });
}

lexgate_code lexgate_stream_finish(lexgate_stream* stream, char** out,
                                   size_t* out_length, char** error) {
  return Guard(error, [&]() -> absl::Status {
    LEXGATE_RETURN_IF_ERROR(NeedArgument(stream, "stream"));
    LEXGATE_RETURN_IF_ERROR(NeedArgument(out, "out"));
    stream->finished = true;
    return Release(stream, stream->stream.Finish(), out, out_length);
  });
}

lexgate_action lexgate_stream_verdict(const lexgate_stream* stream) {
  return stream == nullptr || stream->lost
             ? LEXGATE_BLOCK
             : static_cast<lexgate_action>(stream->stream.verdict());
}

int lexgate_stream_blocked(const lexgate_stream* stream) {
  return stream == nullptr || stream->lost || stream->stream.blocked() ? 1 : 0;
}

const char* lexgate_stream_error(const lexgate_stream* stream) {
  if (stream == nullptr) return "stream is NULL";
  const absl::Status& status = stream->stream.status();
  if (status.ok()) return stream->lost ? kLostText : nullptr;
  // Built once: a stream's status changes from OK at most once.
  if (stream->error.empty()) {
    try {
      stream->error = lexgate::StatusMessage(status);
    } catch (...) {
      return "out of memory";
    }
  }
  return stream->error.c_str();
}

void lexgate_stream_free(lexgate_stream* stream) { delete stream; }

}  // extern "C"
