// --stream: guards many interleaved streamed texts (chatbot answers) given as
// JSON Lines events, the way a gateway sees token deltas of many responses.
//
// In:  {"id": ID, "delta": "text"}   more text of stream ID (opens it)
//      {"id": ID, "done": true}      end of stream ID
// Out: {"id": ID, "emit": "text"}    text now safe to show, already masked
//      {"id": ID, "done": true, "verdict": ..., "matches": [...]}
// IDs are any JSON value. A bad event gets {"error": ...} (with its id when
// it has one) and the run goes on; streams still open at the end of input
// are finished as if "done" had come, their final line saying
// "error": "input ended before done".
#ifndef LEXGATE_EXAMPLES_LEXGATE_FILTER_STREAM_MODE_H_
#define LEXGATE_EXAMPLES_LEXGATE_FILTER_STREAM_MODE_H_

#include "lexgate/engine.h"
#include "options.h"

namespace lexgate_filter {

// Returns the exit status (0, 1 for a block verdict with --check, 2 for
// unreadable input or an engine that cannot stream).
int RunStreamEvents(const lexgate::Engine& engine, const Options& options);

}  // namespace lexgate_filter

#endif  // LEXGATE_EXAMPLES_LEXGATE_FILTER_STREAM_MODE_H_
