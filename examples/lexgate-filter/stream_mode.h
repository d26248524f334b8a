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
// A stream that loses an event that way fails closed: {"id": ID,
// "blocked": true, "error": ...} at once, nothing more of it released (its
// hold-back neither), later deltas ignored, and its "done" says "verdict":
// "block" with the error.
// Streams still open at the end of input are finished as if "done" had
// come, their final line saying "error": "input ended before done".
//
// SIGHUP reloads the rules (lexgate/reloading_engine.h): they are loaded and
// compiled again in the background, streams opened after the swap use them,
// open streams finish on the engine they started with, and rules that fail
// to load or cannot stream keep the old ones; either outcome is one line on
// stderr. With --audit-key-file each stream's audit records go to stderr
// when it ends.
#ifndef LEXGATE_EXAMPLES_LEXGATE_FILTER_STREAM_MODE_H_
#define LEXGATE_EXAMPLES_LEXGATE_FILTER_STREAM_MODE_H_

#include "audit_log.h"
#include "options.h"

namespace lexgate_filter {

// Loads and compiles the rules of `options` and guards the events of its
// inputs. Returns the exit status: 2 for rules that do not load or cannot
// stream, unreadable input, or any event error (reported once everything
// else is done), else 1 for a block verdict with --check, else 0. `audit`
// may be null.
int RunStreamEvents(const Options& options, AuditLog* audit);

}  // namespace lexgate_filter

#endif  // LEXGATE_EXAMPLES_LEXGATE_FILTER_STREAM_MODE_H_
