// Command line of lexgate-filter: what to run, with which rules, on what.
#ifndef LEXGATE_EXAMPLES_LEXGATE_FILTER_OPTIONS_H_
#define LEXGATE_EXAMPLES_LEXGATE_FILTER_OPTIONS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "lexgate/stream.h"

namespace lexgate_filter {

inline constexpr char kProgramName[] = "lexgate-filter";
inline constexpr char kDefaultRefusal[] =
    "[refused: this text violates the content policy]";

inline constexpr size_t kDefaultMaxStreams = 10000;

enum class Command {
  kFilter,  // screen input lines (default, --jsonl or --count)
  kTest,    // `test`: check every rule's examples and counterexamples
  kHelp,    // --help: print the usage and exit 0
};

struct Options {
  Command command = Command::kFilter;
  // --rules, in order; empty means the default rule set (see rule_paths.h).
  std::vector<std::string> rule_paths;
  std::string refusal{kDefaultRefusal};
  bool jsonl = false;
  bool count = false;
  bool check = false;
  // --stream: JSONL delta events of interleaved streams (stream_mode.h).
  bool streaming = false;
  // --max-hold, --batch: the options of every stream, with the library's
  // defaults.
  lexgate::StreamOptions stream;
  bool saw_stream_option = false;
  // --max-streams: streams open at once in --stream mode; an event that
  // would open one more is rejected with an error.
  size_t max_streams = kDefaultMaxStreams;
  bool saw_max_streams = false;
  // --audit-key-file: audit records of every match on stderr (audit_log.h).
  std::string audit_key_file;
  // Positional input files; "-" is stdin, and no file at all means stdin.
  std::vector<std::string> inputs;
};

// Parses argv. Fails with kInvalidArgument and a one-line message on a usage
// error (unknown option, missing value, option not valid for `test`).
absl::StatusOr<Options> ParseArgs(int argc, const char* const* argv);

// The --help text.
std::string Usage();

}  // namespace lexgate_filter

#endif  // LEXGATE_EXAMPLES_LEXGATE_FILTER_OPTIONS_H_
