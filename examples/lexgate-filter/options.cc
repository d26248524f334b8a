// Hand-written argument parsing: GNU-style long options (`--rules PATH` or
// `--rules=PATH`), grep-style short flags that may be bundled (`-nH`, `-j4`),
// `--` to end options, `-` for stdin.
#include "options.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace lexgate_filter {
namespace {

absl::Status UsageError(std::string_view message) {
  return absl::InvalidArgumentError(std::string(message));
}

// Debian's abseil has its own string_view, so build messages with std::string.
std::string Quoted(std::string_view text) {
  return "'" + std::string(text) + "'";
}

absl::string_view Absl(std::string_view text) {
  return absl::string_view(text.data(), text.size());
}

// Splits "--name=value" into name and value; value is nullopt without '='.
std::pair<std::string_view, std::optional<std::string_view>> SplitOption(
    std::string_view arg) {
  size_t eq = arg.find('=');
  if (eq == std::string_view::npos) return {arg, std::nullopt};
  return {arg.substr(0, eq), arg.substr(eq + 1)};
}

// Short flags and the long option each stands for.
std::optional<std::string_view> LongNameOf(char flag) {
  switch (flag) {
    case 'q':
      return "--quiet";
    case 'c':
      return "-c";
    case 'n':
      return "--line-number";
    case 'H':
      return "--with-filename";
    case 'l':
      return "--files-with-matches";
    case 'z':
      return "--null-data";
    case 'j':
      return "--jobs";
    case 'o':
      return "--output";
    case 'h':
      return "--help";
    default:
      return std::nullopt;
  }
}

bool TakesValue(std::string_view name) {
  return name == "--rules" || name == "--refusal" || name == "--max-hold" ||
         name == "--batch" || name == "--max-streams" ||
         name == "--blocked-id-ttl" || name == "--field" ||
         name == "--engine" || name == "--jobs" || name == "--output" ||
         name == "--audit-key-file";
}

// Options whose value is optional and must then be given with '='.
bool TakesOptionalValue(std::string_view name) {
  return name == "--color" || name == "--colour" || name == "--stats";
}

// Accumulates the options in the order given, then checks that they go
// together (Check()).
class Parser {
 public:
  absl::Status Flag(std::string_view name) {
    seen_.emplace_back(name);
    if (name == "--help") {
      options_.command = Command::kHelp;
    } else if (name == "--version") {
      options_.command = Command::kVersion;
    } else if (name == "--jsonl") {
      options_.jsonl = true;
    } else if (name == "--count") {
      return SetMode(Mode::kTotal, name);
    } else if (name == "--quiet" || name == "--silent") {
      return SetMode(Mode::kQuiet, "-q");
    } else if (name == "-c") {
      return SetMode(Mode::kCountLines, name);
    } else if (name == "--files-with-matches") {
      return SetMode(Mode::kFiles, "-l");
    } else if (name == "--matches-only") {
      return SetMode(Mode::kMatchesOnly, name);
    } else if (name == "--json") {
      return SetMode(Mode::kJson, name);
    } else if (name == "--check") {
      options_.check = true;
    } else if (name == "--stream") {
      options_.streaming = true;
    } else if (name == "--line-number") {
      options_.line_numbers = true;
    } else if (name == "--with-filename") {
      options_.with_filename = 1;
    } else if (name == "--no-filename") {
      options_.with_filename = 0;
    } else if (name == "--null-data") {
      return SetFraming(Framing::kNul, "-z");
    } else if (name == "--whole-file") {
      return SetFraming(Framing::kWholeFile, name);
    } else if (name == "--progress") {
      options_.progress = true;
    } else if (name == "--no-streaming") {
      options_.compile_streaming = false;
    } else if (name == "--color" || name == "--colour") {
      options_.color = Color::kAuto;
    } else if (name == "--stats") {
      options_.stats = StatsFormat::kTable;
    } else {
      seen_.pop_back();
      return UsageError("unknown option " + Quoted(name));
    }
    return absl::OkStatus();
  }

  // `spelled`: the option as typed (-j for --jobs), for the messages.
  absl::Status Value(std::string_view name, std::string_view value,
                     std::string_view spelled = {}) {
    seen_.emplace_back(name);
    if (name == "--rules") {
      if (value.empty()) return UsageError("option '--rules' needs a path");
      options_.rule_paths.emplace_back(value);
    } else if (name == "--audit-key-file") {
      if (value.empty()) {
        return UsageError("option '--audit-key-file' needs a path");
      }
      options_.audit_key_file = std::string(value);
    } else if (name == "--engine") {
      if (value.empty()) return UsageError("option '--engine' needs a path");
      options_.engine_path = std::string(value);
    } else if (name == "--output") {
      options_.output_path = std::string(value);
    } else if (name == "--refusal") {
      // It stands in for one record: a line break (or NUL, the -z record
      // end) would make it two.
      if (value.find_first_of(std::string_view("\n\r\0", 3)) !=
          std::string_view::npos) {
        return UsageError(
            "option '--refusal' cannot hold a line break or NUL (it replaces "
            "one record)");
      }
      options_.refusal = std::string(value);
    } else if (name == "--field") {
      if (value.empty()) {
        return UsageError("option '--field' needs a key or a JSON pointer");
      }
      options_.field = std::string(value);
      options_.saw_field = true;
    } else if (name == "--color" || name == "--colour") {
      if (value == "auto") {
        options_.color = Color::kAuto;
      } else if (value == "always") {
        options_.color = Color::kAlways;
      } else if (value == "never") {
        options_.color = Color::kNever;
      } else {
        return UsageError("option '--color' takes auto, always or never");
      }
    } else if (name == "--stats") {
      if (value == "table") {
        options_.stats = StatsFormat::kTable;
      } else if (value == "json") {
        options_.stats = StatsFormat::kJson;
      } else {
        return UsageError("option '--stats' takes table or json");
      }
    } else {
      return Number(name, value, spelled.empty() ? name : spelled);
    }
    return absl::OkStatus();
  }

  absl::Status Positional(std::string_view arg, bool only_positional) {
    // The first word is the subcommand; a file named "test" is "./test".
    if (!only_positional && options_.command == Command::kFilter &&
        options_.inputs.empty()) {
      if (arg == "test") {
        options_.command = Command::kTest;
        return absl::OkStatus();
      }
      if (arg == "compile") {
        options_.command = Command::kCompile;
        return absl::OkStatus();
      }
      if (arg == "inventory") {
        // It has options of its own, parsed by inventory_cli.cc: main()
        // sees it only as the first argument.
        return UsageError(
            "'inventory' comes first, before its options: lexgate-filter "
            "inventory [--rules PATH]... (a file named \"inventory\" is "
            "\"./inventory\")");
      }
    }
    options_.inputs.emplace_back(arg);
    return absl::OkStatus();
  }

  absl::StatusOr<Options> Finish() {
    if (absl::Status status = Check(); !status.ok()) return status;
    return std::move(options_);
  }

 private:
  absl::Status Number(std::string_view name, std::string_view value,
                      std::string_view spelled) {
    size_t number = 0;
    if (!absl::SimpleAtoi(Absl(value), &number)) {
      return UsageError("option " + Quoted(spelled) + " needs a number");
    }
    if (name == "--max-streams") {
      if (number == 0) {
        return UsageError("option '--max-streams' needs a positive number");
      }
      options_.max_streams = number;
    } else if (name == "--blocked-id-ttl") {
      if (number == 0 || number > kMaxBlockedIdSeconds) {
        return UsageError(absl::StrCat(
            "option '--blocked-id-ttl' needs a number of seconds from 1 to ",
            kMaxBlockedIdSeconds));
      }
      options_.blocked_id_seconds = number;
    } else if (name == "--max-hold") {
      if (number < lexgate::StreamOptions::kMinMaxHold ||
          number > lexgate::StreamOptions::kMaxMaxHold) {
        return UsageError(
            absl::StrCat("option '--max-hold' needs a number from ",
                         lexgate::StreamOptions::kMinMaxHold, " to ",
                         lexgate::StreamOptions::kMaxMaxHold));
      }
      options_.stream.max_hold = number;
    } else if (name == "--batch") {
      options_.stream.batch = number;
    } else {  // --jobs
      options_.jobs = number;
    }
    return absl::OkStatus();
  }

  absl::Status SetMode(Mode mode, std::string_view flag) {
    if (!mode_flag_.empty() && mode_flag_ != flag) {
      return UsageError("'" + mode_flag_ + "' and '" + std::string(flag) +
                        "' cannot be combined: choose one");
    }
    mode_flag_ = std::string(flag);
    options_.mode = mode;
    return absl::OkStatus();
  }

  absl::Status SetFraming(Framing framing, std::string_view flag) {
    if (!framing_flag_.empty() && framing_flag_ != flag) {
      return UsageError("'" + framing_flag_ + "' and '" + std::string(flag) +
                        "' cannot be combined: choose one");
    }
    framing_flag_ = std::string(flag);
    options_.framing = framing;
    return absl::OkStatus();
  }

  bool Saw(std::string_view name) const {
    for (const std::string& seen : seen_) {
      if (seen == name) return true;
    }
    return false;
  }

  // The options given that are not in `allowed`.
  std::vector<std::string> Outside(
      std::initializer_list<std::string_view> allowed) const {
    std::vector<std::string> outside;
    for (const std::string& seen : seen_) {
      bool ok = false;
      for (std::string_view name : allowed) ok |= seen == name;
      if (!ok) outside.push_back(seen);
    }
    return outside;
  }

  absl::Status OnlyWith(std::string_view subcommand,
                        std::initializer_list<std::string_view> allowed) {
    std::vector<std::string> outside = Outside(allowed);
    if (outside.empty()) return absl::OkStatus();
    std::vector<std::string> names(allowed.begin(), allowed.end());
    return UsageError("'" + std::string(subcommand) + "' takes only " +
                      absl::StrJoin(names, ", ") + " (got '" + outside.front() +
                      "')");
  }

  absl::Status Check() {
    Options& o = options_;
    if (o.command == Command::kHelp) return absl::OkStatus();
    if (!o.engine_path.empty() && !o.rule_paths.empty()) {
      return UsageError("'--engine' and '--rules' cannot be combined");
    }
    if (o.command == Command::kVersion) {
      return OnlyWith("--version", {"--version", "--rules", "--engine"});
    }
    if (o.command == Command::kTest || o.command == Command::kCompile) {
      const char* name = o.command == Command::kTest ? "test" : "compile";
      absl::Status status =
          o.command == Command::kTest
              ? OnlyWith(name, {"--rules"})
              : OnlyWith(name, {"--rules", "--no-streaming", "--output"});
      if (!status.ok()) return status;
      if (!o.inputs.empty()) {
        return UsageError(absl::StrCat("'", name,
                                       "' takes no input files (got '",
                                       o.inputs.front(), "')"));
      }
      if (o.command == Command::kCompile && o.output_path.empty()) {
        return UsageError("'compile' needs -o FILE");
      }
      return absl::OkStatus();
    }
    if (Saw("--output") || Saw("--no-streaming")) {
      return UsageError("'-o' and '--no-streaming' go with 'compile'");
    }
    if ((Saw("--max-hold") || Saw("--batch")) && !o.streaming) {
      return UsageError("'--max-hold' and '--batch' go with --stream");
    }
    if (Saw("--max-streams") && !o.streaming) {
      return UsageError("'--max-streams' goes with --stream");
    }
    if (Saw("--blocked-id-ttl") && !o.streaming) {
      return UsageError("'--blocked-id-ttl' goes with --stream");
    }
    if (o.streaming) {
      std::vector<std::string> outside = Outside(
          {"--stream", "--rules", "--engine", "--max-hold", "--batch",
           "--max-streams", "--blocked-id-ttl", "--check", "--audit-key-file"});
      if (!outside.empty()) {
        return UsageError(absl::StrCat("'--stream' cannot be combined with '",
                                       outside.front(), "'"));
      }
      return absl::OkStatus();
    }
    if (o.saw_field && !o.jsonl) {
      return UsageError("'--field' goes with --jsonl");
    }
    if (o.jsonl && o.mode == Mode::kJson) {
      return UsageError(
          "'--json' is for plain-text input; --jsonl already writes JSON");
    }
    if (o.jsonl && o.framing != Framing::kLines) {
      return UsageError("'--jsonl' reads one record per line: not with '" +
                        framing_flag_ + "'");
    }
    if (o.check && IsSearch(o.mode)) {
      return UsageError(
          absl::StrCat("'--check' goes with the filter modes, "
                       "not with '",
                       mode_flag_, "'"));
    }
    if (Saw("--refusal") && o.mode != Mode::kFilter) {
      return UsageError("'--refusal' goes with the default filter mode");
    }
    if (Saw("--refusal") && o.jsonl) {
      // A record of --jsonl keeps its fields and says "verdict": "block";
      // no text replaces it, so the option would be silently ignored.
      return UsageError(
          "'--refusal' is not used with '--jsonl' (a blocked record keeps "
          "its fields and says \"verdict\": \"block\")");
    }
    return absl::OkStatus();
  }

  Options options_;
  std::vector<std::string> seen_;  // every option given, by its long name
  std::string mode_flag_;          // the flag that chose options_.mode
  std::string framing_flag_;       // the flag that chose options_.framing
};

}  // namespace

bool IsSearch(Mode mode) {
  return mode != Mode::kFilter && mode != Mode::kTotal;
}

absl::StatusOr<Options> ParseArgs(int argc, const char* const* argv) {
  Parser parser;
  bool only_positional = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (only_positional || arg == "-" || !arg.starts_with("-")) {
      if (absl::Status s = parser.Positional(arg, only_positional); !s.ok()) {
        return s;
      }
      continue;
    }
    if (arg == "--") {
      only_positional = true;
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      // Help wins over everything else on the line, even a usage error.
      Options help;
      help.command = Command::kHelp;
      return help;
    }
    // The value of an option: inline, else the next argument.
    auto next_value =
        [&](std::string_view name) -> absl::StatusOr<std::string_view> {
      if (i + 1 < argc) return std::string_view(argv[++i]);
      return UsageError("option " + Quoted(name) + " needs a value");
    };
    if (!arg.starts_with("--")) {
      // Bundled short flags: -nH, -cz; a flag with a value ends the bundle
      // (-j4, -o FILE).
      for (size_t k = 1; k < arg.size(); ++k) {
        std::optional<std::string_view> name = LongNameOf(arg[k]);
        if (!name) {
          return UsageError("unknown option " +
                            Quoted("-" + std::string(arg.substr(k, 1))));
        }
        if (TakesValue(*name)) {
          std::string_view rest = arg.substr(k + 1);
          absl::StatusOr<std::string_view> value =
              rest.empty() ? next_value(arg.substr(k - 1, 2))
                           : absl::StatusOr<std::string_view>(rest);
          if (!value.ok()) return value.status();
          const std::string spelled = "-" + std::string(1, arg[k]);
          if (absl::Status s = parser.Value(*name, *value, spelled); !s.ok()) {
            return s;
          }
          break;
        }
        if (absl::Status s = parser.Flag(*name); !s.ok()) return s;
      }
      continue;
    }
    auto [name, inline_value] = SplitOption(arg);
    absl::Status status;
    if (TakesValue(name)) {
      absl::StatusOr<std::string_view> value =
          inline_value ? absl::StatusOr<std::string_view>(*inline_value)
                       : next_value(name);
      if (!value.ok()) return value.status();
      status = parser.Value(name, *value);
    } else if (TakesOptionalValue(name) && inline_value) {
      status = parser.Value(name, *inline_value);
    } else if (inline_value) {
      status = parser.Flag(name);  // an unknown name is reported first
      if (status.ok()) {
        status = UsageError("option " + Quoted(name) + " takes no value");
      }
    } else {
      status = parser.Flag(name);
    }
    if (!status.ok()) return status;
  }
  return parser.Finish();
}

}  // namespace lexgate_filter
