// lexgate-filter: screens text against lexgate rule packs from the command
// line. See `lexgate-filter --help`.
#include <cstdio>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "audit_log.h"
#include "filter.h"
#include "options.h"
#include "rule_paths.h"
#include "rule_test.h"
#include "stream_mode.h"

namespace {

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "%s: %s\n", lexgate_filter::kProgramName,
               std::string(status.message()).c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using lexgate_filter::Command;
  absl::StatusOr<lexgate_filter::Options> options =
      lexgate_filter::ParseArgs(argc, argv);
  if (!options.ok()) {
    Fail(options.status());
    std::fprintf(stderr, "Try '%s --help'.\n", lexgate_filter::kProgramName);
    return 2;
  }
  if (options->command == Command::kHelp) {
    std::fputs(lexgate_filter::Usage().c_str(), stdout);
    return 0;
  }
  absl::StatusOr<std::unique_ptr<lexgate_filter::AuditLog>> audit =
      lexgate_filter::AuditLog::Open(options->audit_key_file);
  if (!audit.ok()) return Fail(audit.status());
  if (options->streaming) {
    // Loads the rules itself, and again on SIGHUP.
    return lexgate_filter::RunStreamEvents(*options, audit->get());
  }
  absl::StatusOr<lexgate_filter::LoadedRules> loaded =
      lexgate_filter::LoadAndCompile(options->rule_paths, options->streaming);
  if (!loaded.ok()) return Fail(loaded.status());
  if (options->command == Command::kTest) {
    return lexgate_filter::RunRuleTests(loaded->rules, *loaded->engine);
  }
  return lexgate_filter::RunFilter(*loaded->engine, *options, audit->get());
}
