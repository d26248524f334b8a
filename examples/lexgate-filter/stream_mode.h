// --stream: guards many interleaved streamed texts (chatbot answers) given as
// JSON Lines events, the way a gateway sees token deltas of many responses.
//
// In:  {"id": ID, "delta": "text"}   more text of stream ID (opens it)
//      {"id": ID, "done": true}      end of stream ID
// Out: a header record (json_schema.h), then, each with "v": 1,
//      {"id": ID, "emit": "text"}    text now safe to show, already masked
//      {"id": ID, "blocked": true}   the moment a stream is blocked
//      {"id": ID, "done": true, "verdict": ..., "matches": [...]}
// IDs are any JSON value. A bad event gets {"error": ...} (with its id when
// it has one, also for a line with invalid UTF-8) and the run goes on; so
// does an event that would open more than --max-streams streams at once.
// Streams still open at the end of input are finished as if "done" had
// come, their final line saying "error": "input ended before done".
#ifndef LEXGATE_EXAMPLES_LEXGATE_FILTER_STREAM_MODE_H_
#define LEXGATE_EXAMPLES_LEXGATE_FILTER_STREAM_MODE_H_

#include "lexgate/engine.h"
#include "options.h"

namespace lexgate_filter {

// Returns the exit status: 2 for unreadable input, an engine that cannot
// stream, or any event error (reported once everything else is done), else
// 1 for a block verdict with --check, else 0.
int RunStreamEvents(const lexgate::Engine& engine, const Options& options);

}  // namespace lexgate_filter

#endif  // LEXGATE_EXAMPLES_LEXGATE_FILTER_STREAM_MODE_H_
