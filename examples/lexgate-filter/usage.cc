// The --help text, its flags grouped by mode. The defaults and limits are
// spliced in so that the help cannot drift from them.
#include <string>

#include "absl/strings/str_cat.h"
#include "json_io.h"
#include "lexgate/stream.h"
#include "options.h"

namespace lexgate_filter {

std::string Usage() {
  return absl::StrCat(
      R"(Usage: lexgate-filter [OPTIONS] [FILE...]
       lexgate-filter test [--rules PATH]...
       lexgate-filter compile [--rules PATH]... [--no-streaming] -o FILE
       lexgate-filter inventory [--rules PATH]... [--format table|json|csv]
       lexgate-filter --version [--rules PATH]... [--engine FILE]

Screens text against lexgate rule packs. Each FILE is read in turn (gzip'd
files directly); '-' or no FILE at all reads standard input. Every line is
one text, unless -z or --whole-file says otherwise.

Filter modes (write every record; exit 0, 1 with --check and a block, 2
after any error once everything else is done):
  (default)        write every text redacted; a text whose verdict is block
                   is replaced by the refusal text
  --jsonl          every line is a JSON object; the text is its string field
                   --field (default "text"); write the object back with
                   "v", "verdict", "redacted" and "matches" added beside
                   that field (offsets in code points); a line that cannot
                   be screened gets an "error"; blank lines are skipped. A
                   header record with the versions and the engine
                   fingerprint comes first (docs/json-schema.md)
  --count          write only the total number of matches
  --check          exit 1 if any text has a block verdict
  --refusal TEXT   text that replaces a blocked text (default:
                   ")",
      kDefaultRefusal, R"(");
                   not with --jsonl (its records say "verdict": "block")

Search modes (write only what is asked; exit 0 if anything matched, any
action, flag included; 1 if nothing did; 2 on an error):
  -q, --quiet      write nothing; stop at the first match
  -c               the number of matching texts in each file
  -l, --files-with-matches
                   the name of each file with a match
  --matches-only   one line per match: [FILE:][LINE:]RULE<TAB>TEXT
  --json           plain-text input: a header record, then one JSON record
                   per matching text with its verdict, redacted text and
                   matches (docs/json-schema.md)

Input and output (both mode groups):
  --field POINTER  with --jsonl: the text to screen, a JSON pointer (RFC
                   6901: /messages/0/content) or a top-level key (content);
                   the results go into the object that holds it (so its
                   key may not be v, verdict, redacted or matches)
  -z, --null-data  texts are NUL-separated records (written back
                   NUL-terminated), so that text spanning lines is one text
  --whole-file     each input file is one text
  -n, --line-number
                   prefix output with the line (record) number
  -H, --with-filename
                   prefix output with the file name, as grep names them
                   (stdin is '(standard input)'); the search modes do so by
                   default when there are several files
  --no-filename    never prefix the file name
  --color[=WHEN]   highlight masked (red) and flagged (yellow) text, file
                   names and line numbers: auto (default: when stdout is a
                   terminal and NO_COLOR is unset), always or never
  -j, --jobs N     scan on N threads (0: one per CPU; default 1); output
                   stays in input order
  --progress       bytes, rate and time left on stderr, when it is a terminal
  --stats[=FORMAT] after the run, on stderr: matches per category (with the
                   taxonomy's names), per rule and per action, texts hit,
                   bytes and time, as a table (default) or json

Streaming mode (exit status as the filter modes):
  --stream         guard streamed text: every line is an event
                   {"id":…,"delta":"…"} or {"id":…,"done":true} of one of
                   many interleaved streams; writes {"id":…,"emit":"…"}
                   whenever text becomes safe to show (already masked),
                   {"id":…,"blocked":true} the moment a stream is blocked
                   (stop its model), {"id":…,"error":"…"} for an event it
                   cannot take (that stream is then blocked: nothing more
                   of it is released; without a readable id, every open
                   stream is), and
                   {"id":…,"done":true,"verdict":…,"matches":[…]} at the end
                   of each stream (offsets in code points of the whole text).
                   A stream the input ends before its done is blocked too;
                   events for an id whose stream ended blocked are dropped
                   until its next done or for --blocked-id-ttl seconds
                   after its done (past 100 x --max-streams ids waiting
                   within that time, the run stops: exit 2).
                   On SIGHUP the rule packs (or the --engine file) are
                   loaded again in the background and replace the rules for
                   streams opened after that; open streams finish with the
                   rules they started with; rules that fail to load keep the
                   old ones (the error on stderr; the exit status is 2
                   when the last reload of the run failed)
  --max-hold N     the most text (code points) held back for one run that
                   could still be a single match; past it the run is masked
                   and reported as lexgate.stream_overflow (default )",
      lexgate::StreamOptions::kDefaultMaxHold, R"()
  --batch N        characters gathered before they are scanned and released
                   together (default )",
      lexgate::StreamOptions::kAutoBatchChars, R"(, )",
      lexgate::StreamOptions::kAutoBatchAsciiChars,
      R"( while all text is ASCII; 0:
                   every delta at once)
  --max-streams N  the most streams open at once (default )",
      kDefaultMaxStreams, R"(); an event
                   that would open one more gets an "error" (and its stream
                   is blocked)
  --blocked-id-ttl SECONDS
                   for how long after its done an id whose stream ended
                   blocked drops its events (text still in flight), counted
                   in time spent waiting for input (default )",
      kDefaultBlockedIdSeconds, R"(); after
                   that, an event of that id starts a new stream

Rules:
  --rules PATH     rule pack file or directory of *.toml packs; repeatable.
                   Default: $LEXGATE_RULES (':'-separated), else the
                   installed packs (<prefix>/share/lexgate/rules), else the
                   packs of the source tree
  --engine FILE    start from an engine written by 'compile' instead of
                   compiling packs (a file from another version or platform,
                   or a damaged one, is an error: exit 2)
  test             check every rule's examples (must match that rule) and
                   counterexamples (must not); exit 1 on any failure
  compile          compile the packs once and write the engine to -o FILE;
                   --no-streaming leaves out what --stream needs (a smaller
                   file: 13% smaller with the shipped packs)
  inventory        the keyword inventory per GB/T 45654 Appendix A risk
                   against the published thresholds; the filing form as
                   CSV; --diff, --import (see 'inventory --help')

  --audit-key-file FILE
                   write an audit record (JSON, one line) for every match to
                   standard error: rule, category, action, severity, span in
                   code points, the engine's fingerprint and an HMAC-SHA256
                   of the matched text keyed with FILE (hex digits, e.g.
                   `openssl rand -hex 32`), never the text itself, and
                   which text it is: "file" and "line", or in --stream the
                   stream's "id" (every mode)

  -h, --help       show this help
  --version        lexgate, Hyperscan and ICU versions and the fingerprint of
                   the engine the other options select

Input is untrusted: a --jsonl or --stream line that is not valid UTF-8, not
valid JSON, nested deeper than )",
      kMaxJsonDepth, R"( levels, or holding a number beyond a
double's range gets an "error" (in the search modes and with --count, on
stderr) and the run goes on. Numbers are written back as they were read.
A text that cannot be scanned is an error, never clean output.
)");
}

}  // namespace lexgate_filter
