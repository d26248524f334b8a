// The filter and search modes: screen every input record and write what the
// mode asks for (options.h, Usage()).
#ifndef LEXGATE_EXAMPLES_LEXGATE_FILTER_FILTER_H_
#define LEXGATE_EXAMPLES_LEXGATE_FILTER_FILTER_H_

#include "audit_log.h"
#include "lexgate/engine.h"
#include "lexgate/taxonomy.h"
#include "options.h"

namespace lexgate_filter {

// Screens every input record and writes the result to stdout. Records are
// read in batches on this thread, screened on options.jobs threads
// (Engine::ScanMany: parsing, scanning and formatting), and written in
// input order. A record that cannot be read or scanned is an error: it gets
// an "error" (--jsonl, --json), the refusal text (default mode) or a line
// on stderr, and the run goes on. --stats names the categories the packs
// declared as the engine keeps them (Engine::declared_categories()), also
// when it was loaded from a file.
//
// Returns the exit status. Filter modes: 2 if an input, stdout or any
// record failed, else 1 if options.check and a text was blocked, else 0.
// Search modes: 0 if anything matched (-q: even after an error), else 2 on
// an error, else 1. With an `audit` log (may be null) every match's audit
// record goes to stderr, in input order; a record whose audit lines cannot
// be made counts as an error.
int RunFilter(const lexgate::Engine& engine, const Options& options,
              const AuditLog* audit);

}  // namespace lexgate_filter

#endif  // LEXGATE_EXAMPLES_LEXGATE_FILTER_FILTER_H_
