// Command line of lexgate-filter: what to run, with which rules, on what.
#ifndef LEXGATE_EXAMPLES_LEXGATE_FILTER_OPTIONS_H_
#define LEXGATE_EXAMPLES_LEXGATE_FILTER_OPTIONS_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "lexgate/stream.h"

namespace lexgate_filter {

inline constexpr char kProgramName[] = "lexgate-filter";
inline constexpr char kDefaultRefusal[] =
    "[refused: this text violates the content policy]";

inline constexpr size_t kDefaultMaxStreams = 10000;
// --blocked-id-ttl: seconds an id whose stream ended blocked drops its
// later events (text still in flight when the caller sent done).
inline constexpr size_t kDefaultBlockedIdSeconds = 600;
inline constexpr size_t kMaxBlockedIdSeconds = 366 * 24 * 3600;

enum class Command {
  kFilter,   // screen input records (the filter and search modes)
  kTest,     // `test`: check every rule's examples and counterexamples
  kCompile,  // `compile -o FILE`: write a serialized engine
  kHelp,     // --help: print the usage and exit 0
  kVersion,  // --version: versions and the engine fingerprint
};

// What a filter run writes. The filter modes write every record; the
// search modes only what their flag asks for, and their exit status says
// whether anything matched (see Usage()).
enum class Mode {
  kFilter,       // every record redacted (--jsonl: annotated)
  kTotal,        // --count: the total number of matches
  kQuiet,        // -q: nothing
  kCountLines,   // -c: matching records per file
  kFiles,        // -l: names of files with a match
  kMatchesOnly,  // --matches-only: one line per match
  kJson,         // --json: one JSON record per matching record
};

// True for the modes whose exit status is 0 on a match and 1 without one.
bool IsSearch(Mode mode);

// How input is cut into the texts that are scanned.
enum class Framing {
  kLines,      // default: one text per line
  kNul,        // -z: NUL-separated records, written back NUL-terminated
  kWholeFile,  // --whole-file: each input is one text
};

enum class Color { kAuto, kAlways, kNever };
enum class StatsFormat { kNone, kTable, kJson };

struct Options {
  Command command = Command::kFilter;
  // --rules, in order; empty means the default rule set (see rule_paths.h).
  std::vector<std::string> rule_paths;
  // --engine: a file written by `compile` instead of --rules.
  std::string engine_path;
  // `compile`: -o FILE, and --no-streaming.
  std::string output_path;
  bool compile_streaming = true;

  Mode mode = Mode::kFilter;
  Framing framing = Framing::kLines;
  std::string refusal{kDefaultRefusal};
  bool jsonl = false;
  // --field: RFC 6901 pointer (or a bare top-level key) of the text in each
  // --jsonl record.
  std::string field = "text";
  bool saw_field = false;
  bool check = false;
  bool line_numbers = false;  // -n
  // -H (1), --no-filename (0), or neither (-1: names shown by the search
  // modes when there is more than one input, as grep does).
  int with_filename = -1;
  Color color = Color::kAuto;
  size_t jobs = 1;  // -j; 0: one per hardware thread
  bool progress = false;
  StatsFormat stats = StatsFormat::kNone;

  // --stream: JSONL delta events of interleaved streams (stream_mode.h).
  bool streaming = false;
  // --max-hold, --batch: the options of every stream, with the library's
  // defaults.
  lexgate::StreamOptions stream;
  // --max-streams: streams open at once in --stream mode; an event that
  // would open one more is rejected with an error.
  size_t max_streams = kDefaultMaxStreams;
  // --blocked-id-ttl: how long (seconds) the events of an id whose stream
  // ended blocked are dropped after its done (stream_mode.cc).
  size_t blocked_id_seconds = kDefaultBlockedIdSeconds;
  // --audit-key-file: audit records of every match on stderr (audit_log.h).
  std::string audit_key_file;
  // Positional input files; "-" is stdin, and no file at all means stdin.
  std::vector<std::string> inputs;
};

// Parses argv. Fails with kInvalidArgument and a one-line message on a usage
// error (unknown option, missing or bad value, options that do not go
// together or with the subcommand).
absl::StatusOr<Options> ParseArgs(int argc, const char* const* argv);

// The --help text, its flags grouped by mode.
std::string Usage();

}  // namespace lexgate_filter

#endif  // LEXGATE_EXAMPLES_LEXGATE_FILTER_OPTIONS_H_
