// lexgate-filter: screens text against lexgate rule packs from the command
// line. See `lexgate-filter --help`.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <new>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "audit_log.h"
#include "engine_file.h"
#include "filter.h"
#include "inventory_cli.h"
#include "lexgate/status.h"
#include "lexgate/version.h"
#include "options.h"
#include "rule_paths.h"
#include "rule_test.h"
#include "stream_mode.h"

namespace {

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "%s: %s\n", lexgate_filter::kProgramName,
               lexgate::StatusMessage(status).c_str());
  return 2;
}

// 0 once everything written to stdout is out, else 2 with the reason (a
// full disk, a closed pipe): output that was not written is an error.
int FlushStdout() {
  if (std::fflush(stdout) == 0 && !std::ferror(stdout)) return 0;
  std::fprintf(stderr, "%s: error writing output: %s\n",
               lexgate_filter::kProgramName, std::strerror(errno));
  return 2;
}

// A command's exit status, or 2 when its output did not all get out.
int WithOutput(int status) {
  const int flushed = FlushStdout();
  return flushed != 0 ? flushed : status;
}

// --version: the versions, then the fingerprint of the engine the other
// options select (the default packs without any), so that a report can
// name the rules that decided.
int PrintVersion(const lexgate_filter::Options& options) {
  std::printf("lexgate-filter %s\nHyperscan %s\nICU %s\n", lexgate::Version(),
              lexgate::HyperscanVersion().c_str(),
              lexgate::IcuVersion().c_str());
  absl::StatusOr<lexgate_filter::LoadedRules> loaded =
      lexgate_filter::LoadEngine(options, /*streaming=*/false);
  if (!loaded.ok()) return Fail(loaded.status());
  std::printf("engine fingerprint %s (%zu rules)\n",
              loaded->engine->fingerprint().c_str(),
              loaded->engine->rule_count());
  return 0;
}

// Everything main() does; main() adds the last net for memory.
int Main(int argc, char** argv) {
  using lexgate_filter::Command;
  // `inventory` has options of its own (inventory_cli.h).
  if (argc >= 2 && std::string(argv[1]) == "inventory") {
    return WithOutput(lexgate_filter::RunInventory(argc - 1, argv + 1));
  }
  absl::StatusOr<lexgate_filter::Options> options =
      lexgate_filter::ParseArgs(argc, argv);
  if (!options.ok()) {
    Fail(options.status());
    std::fprintf(stderr, "Try '%s --help'.\n", lexgate_filter::kProgramName);
    return 2;
  }
  switch (options->command) {
    case Command::kHelp:
      std::fputs(lexgate_filter::Usage().c_str(), stdout);
      return FlushStdout();
    case Command::kVersion: {
      const int status = PrintVersion(*options);
      return status != 0 ? status : FlushStdout();
    }
    case Command::kCompile:
      return WithOutput(lexgate_filter::RunCompile(*options));
    case Command::kTest:
    case Command::kFilter:
      break;
  }
  absl::StatusOr<std::unique_ptr<lexgate_filter::AuditLog>> audit =
      lexgate_filter::AuditLog::Open(options->audit_key_file);
  if (!audit.ok()) return Fail(audit.status());
  if (options->streaming && options->command == Command::kFilter) {
    // Loads the rules itself, and again on SIGHUP.
    return lexgate_filter::RunStreamEvents(*options, audit->get());
  }
  // Batch modes leave out the stream database: half the compile time.
  absl::StatusOr<lexgate_filter::LoadedRules> loaded =
      lexgate_filter::LoadEngine(*options, options->streaming);
  if (!loaded.ok()) return Fail(loaded.status());
  if (options->command == Command::kTest) {
    return WithOutput(
        lexgate_filter::RunRuleTests(*loaded->rules, *loaded->engine));
  }
  return lexgate_filter::RunFilter(*loaded->engine, *options, audit->get());
}

}  // namespace

int main(int argc, char** argv) {
  // The library and the record handlers fail closed on memory running out
  // by themselves; this is the last net for what is left (the output
  // buffers, the rule loading): a clear error and exit status 2, never an
  // abort. What was written before stands; nothing after is screened.
  try {
    return Main(argc, argv);
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "%s: out of memory: stopped before the end\n",
                 lexgate_filter::kProgramName);
    return 2;
  }
}
