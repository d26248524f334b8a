// The filter command: screen input lines in default, --jsonl or --count mode.
#ifndef LEXGATE_EXAMPLES_LEXGATE_FILTER_FILTER_H_
#define LEXGATE_EXAMPLES_LEXGATE_FILTER_FILTER_H_

#include "audit_log.h"
#include "lexgate/engine.h"
#include "options.h"

namespace lexgate_filter {

// Screens every input line and writes the result to stdout. A --jsonl record
// that cannot be read or scanned gets an "error" and the run goes on.
// Returns the exit code: 2 if an input or stdout failed or any record or
// line had an error, else 1 if `options.check` and some line had a block
// verdict, else 0. With an `audit` log (may be null), every match's audit
// record goes to stderr; a record that cannot be made counts as an error.
int RunFilter(const lexgate::Engine& engine, const Options& options,
              AuditLog* audit);

}  // namespace lexgate_filter

#endif  // LEXGATE_EXAMPLES_LEXGATE_FILTER_FILTER_H_
