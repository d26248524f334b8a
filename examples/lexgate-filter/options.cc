// Hand-written argument parsing: GNU-style long options (`--rules PATH` or
// `--rules=PATH`), `--` to end options, `-` for stdin.
#include "options.h"

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "json_io.h"

namespace lexgate_filter {
namespace {

absl::Status UsageError(const std::string& message) {
  return absl::InvalidArgumentError(message);
}

// Debian's abseil has its own string_view, so build messages with std::string.
std::string Quoted(std::string_view text) {
  return "'" + std::string(text) + "'";
}

// Splits "--name=value" into name and value; value is nullopt without '='.
std::pair<std::string_view, std::optional<std::string_view>> SplitOption(
    std::string_view arg) {
  size_t eq = arg.find('=');
  if (eq == std::string_view::npos) return {arg, std::nullopt};
  return {arg.substr(0, eq), arg.substr(eq + 1)};
}

}  // namespace

std::string Usage() {
  // The defaults and limits are spliced in so that the help cannot drift
  // from them.
  const std::string head =
      R"(Usage: lexgate-filter [OPTIONS] [FILE...]
       lexgate-filter test [--rules PATH]...

Screens text line by line against lexgate rule packs. Each FILE is read in
turn; '-' or no FILE at all reads standard input.

Modes:
  (default)        write every line redacted; a line whose verdict is block
                   is replaced by the refusal text
  --jsonl          every line is a JSON object with a string "text"; write it
                   back with "verdict", "redacted" and "matches" added
                   (start/end are code-point offsets into "text"); a line that
                   is not such an object gets an "error" field instead;
                   blank lines are skipped
  --count          write only the total number of matches (with --jsonl,
                   of the matches in the "text" fields)
  --stream         guard streamed text: every line is an event
                   {"id":…,"delta":"…"} or {"id":…,"done":true} of one of
                   many interleaved streams; writes {"id":…,"emit":"…"}
                   whenever text becomes safe to show (already masked) and
                   {"id":…,"done":true,"verdict":…,"matches":[…]} at the end
                   of each stream (offsets in code points of the whole text)
  --max-hold N     with --stream: the most text (code points) held back for
                   one run that could still be a single match; past it the
                   run is masked and reported as lexgate.stream_overflow
                   (default )" +
      std::to_string(lexgate::StreamOptions::kDefaultMaxHold) + R"()
  --batch N        with --stream: characters gathered before they are
                   scanned and released together (default )" +
      std::to_string(lexgate::StreamOptions::kAutoBatchChars) + R"(; 0: every
                   delta at once)
  --max-streams N  with --stream: the most streams open at once (default
                   )" +
      std::to_string(kDefaultMaxStreams) +
      R"(); an event that would open one more gets
                   an "error"
  test             check every rule's examples (must match that rule) and
                   counterexamples (must not); exit 1 on any failure

Options:
  --rules PATH     rule pack file or directory of *.toml packs; repeatable.
                   Default: $LEXGATE_RULES (':'-separated), else the installed
                   packs (<prefix>/share/lexgate/rules), else the packs of the
                   source tree
  --refusal TEXT   text that replaces a blocked line (default:
                   ")";
  const std::string tail = R"(")
  --check          exit 1 if any line has a block verdict
  -h, --help       show this help

Input is untrusted: a --jsonl or --stream line that is not valid UTF-8, not
valid JSON, nested deeper than )" +
                           std::to_string(kMaxJsonDepth) +
                           R"( levels, or holding a number beyond a
double's range gets an "error" (with --count, on stderr) and the run goes
on. Numbers are written back as they were read.

Exit status: 0 ok; 1 a failed test, or a block verdict with --check;
2 a usage error, an unreadable input, a rule error (on stderr), or any
record or event that got an "error" (once every other line is done).
)";
  return head + kDefaultRefusal + tail;
}

absl::StatusOr<Options> ParseArgs(int argc, const char* const* argv) {
  Options options;
  bool only_positional = false;
  bool saw_mode_option = false;  // an option that `test` does not take
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (only_positional || arg == "-" || !arg.starts_with("-")) {
      // The first word is the subcommand; a file named "test" is "./test".
      if (!only_positional && arg == "test" &&
          options.command == Command::kFilter && options.inputs.empty()) {
        options.command = Command::kTest;
      } else {
        options.inputs.emplace_back(arg);
      }
      continue;
    }
    if (arg == "--") {
      only_positional = true;
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      options.command = Command::kHelp;
      return options;
    }
    auto [name, inline_value] = SplitOption(arg);
    // Options that take a value.
    if (name == "--rules" || name == "--refusal" || name == "--max-hold" ||
        name == "--batch" || name == "--max-streams") {
      std::string_view value;
      if (inline_value.has_value()) {
        value = *inline_value;
      } else if (i + 1 < argc) {
        value = argv[++i];
      } else {
        return UsageError("option " + Quoted(name) + " needs a value");
      }
      if (name == "--max-streams") {
        size_t number = 0;
        if (!absl::SimpleAtoi(absl::string_view(value.data(), value.size()),
                              &number) ||
            number == 0) {
          return UsageError("option '--max-streams' needs a positive number");
        }
        options.max_streams = number;
        options.saw_max_streams = true;
        saw_mode_option = true;
      } else if (name == "--max-hold" || name == "--batch") {
        size_t number = 0;
        if (!absl::SimpleAtoi(absl::string_view(value.data(), value.size()),
                              &number)) {
          return UsageError("option " + Quoted(name) + " needs a number");
        }
        if (name == "--max-hold") {
          if (number < lexgate::StreamOptions::kMinMaxHold ||
              number > lexgate::StreamOptions::kMaxMaxHold) {
            return UsageError(
                absl::StrCat("option '--max-hold' needs a number from ",
                             lexgate::StreamOptions::kMinMaxHold, " to ",
                             lexgate::StreamOptions::kMaxMaxHold));
          }
          options.stream.max_hold = number;
        } else {
          options.stream.batch = number;
        }
        options.saw_stream_option = true;
        saw_mode_option = true;
      } else if (name == "--rules") {
        if (value.empty()) {
          return UsageError("option '--rules' needs a non-empty path");
        }
        options.rule_paths.emplace_back(value);
      } else {
        options.refusal = std::string(value);
        saw_mode_option = true;
      }
      continue;
    }
    // Flags.
    bool* flag = nullptr;
    if (name == "--jsonl") flag = &options.jsonl;
    if (name == "--count") flag = &options.count;
    if (name == "--check") flag = &options.check;
    if (name == "--stream") flag = &options.streaming;
    if (flag == nullptr) {
      return UsageError("unknown option " + Quoted(arg));
    }
    if (inline_value.has_value()) {
      return UsageError("option " + Quoted(name) + " takes no value");
    }
    *flag = true;
    saw_mode_option = true;
  }
  if (options.saw_stream_option && !options.streaming) {
    return UsageError("'--max-hold' and '--batch' go with --stream");
  }
  if (options.saw_max_streams && !options.streaming) {
    return UsageError("'--max-streams' goes with --stream");
  }
  if (options.streaming && (options.jsonl || options.count)) {
    return UsageError("'--stream' cannot be combined with --jsonl or --count");
  }
  if (options.command == Command::kTest) {
    if (saw_mode_option) {
      return UsageError("'test' takes only --rules");
    }
    if (!options.inputs.empty()) {
      return UsageError(absl::StrCat("'test' takes no input files (got '",
                                     options.inputs.front(), "')"));
    }
  }
  return options;
}

}  // namespace lexgate_filter
